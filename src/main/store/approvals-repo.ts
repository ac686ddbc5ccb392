// All approval SQL: signed approvals (stored once), the aliases they move, and the evidence they may cite (evaluations
// and drift reports, each by its content hash). Writes run inside a caller's mutate(); migration 7's triggers keep
// approvals as written and let an alias move only with an approval of that move.
import { z } from 'zod';
import { EVALUATION_KINDS } from '../../shared/evaluations';
import { fail } from '../../shared/errors';
import type { ApprovalInfo, EvidenceRef } from '../../shared/models';
import type { Db } from './db';

interface ApprovalRow {
  id: string;
  model: string;
  version: number;
  version_hash: string;
  alias: string;
  previous_version: number | null;
  reason: string;
  evidence_json: string;
  approver: string;
  approver_fingerprint: string;
  at: string;
  signature: string;
}

/** Where an alias points now, and the approval that moved it there. */
export interface AliasRow {
  model: string;
  alias: string;
  version: number;
  approvalId: string;
}

/** A report an approval can cite: what it is, the hash it is stored under, and the model versions it is about. */
export interface EvidenceRecord extends EvidenceRef {
  /** `<name>@<version>` of each model version the report concerns (none for a drift report without a model) */
  about: string[];
}

const COLUMNS = 'id, model, version, version_hash, alias, previous_version, reason, evidence_json, approver, approver_fingerprint, at, signature';

const storedEvidence = z.array(
  z.object({ id: z.string(), kind: z.enum([...EVALUATION_KINDS, 'drift']), sha256: z.string() }).strict(),
);

function info(r: ApprovalRow): ApprovalInfo {
  let evidence: unknown;
  try {
    evidence = JSON.parse(r.evidence_json);
  } catch {
    evidence = undefined;
  }
  const parsed = storedEvidence.safeParse(evidence);
  if (!parsed.success) fail('PROJECT_CORRUPT', `Approval ${r.id}'s stored evidence list is not a list of {id, kind, sha256}.`, { where: { field: 'evidence_json' } });
  return {
    id: r.id,
    model: r.model,
    version: r.version,
    versionHash: r.version_hash,
    alias: r.alias,
    previousVersion: r.previous_version,
    reason: r.reason,
    evidence: parsed.data,
    approver: r.approver,
    approverFingerprint: r.approver_fingerprint,
    at: r.at,
    signature: r.signature,
  };
}

export class ApprovalsRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Call inside store.mutate(). */
  insert(a: ApprovalInfo): void {
    this.db
      .prepare(`INSERT INTO model_approvals (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(a.id, a.model, a.version, a.versionHash, a.alias, a.previousVersion, a.reason, JSON.stringify(a.evidence), a.approver, a.approverFingerprint, a.at, a.signature);
  }

  /** Newest first (in the order they were stored when two share a time); only one model's, or one version's, when named. */
  list(filter: { model?: string; version?: number } = {}): ApprovalInfo[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.model !== undefined) {
      where.push('model = ?');
      args.push(filter.model);
    }
    if (filter.version !== undefined) {
      where.push('version = ?');
      args.push(filter.version);
    }
    const sql = `SELECT ${COLUMNS} FROM model_approvals ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, rowid DESC`;
    return (this.db.prepare(sql).all(...args) as ApprovalRow[]).map(info);
  }

  alias(model: string, alias: string): AliasRow | null {
    const row = this.db.prepare('SELECT model, alias, version, approval_id AS approvalId FROM model_aliases WHERE model = ? AND alias = ?').get(model, alias) as AliasRow | undefined;
    return row ?? null;
  }

  aliases(): AliasRow[] {
    return this.db.prepare('SELECT model, alias, version, approval_id AS approvalId FROM model_aliases ORDER BY model, alias').all() as AliasRow[];
  }

  /** Points the alias at the approval's version. Call inside store.mutate(), after inserting that approval. */
  moveAlias(a: ApprovalInfo): void {
    this.db
      .prepare(
        'INSERT INTO model_aliases (model, alias, version, approval_id) VALUES (?, ?, ?, ?) ON CONFLICT (model, alias) DO UPDATE SET version = excluded.version, approval_id = excluded.approval_id',
      )
      .run(a.model, a.alias, a.version, a.id);
  }

  /** The evaluation or drift report stored under `id`, or null when there is neither. */
  evidence(id: string): EvidenceRecord | null {
    const evaluation = this.db.prepare('SELECT kind, report_blob AS sha256, model_version, other_model_version FROM evaluations WHERE id = ?').get(id) as
      | { kind: EvidenceRef['kind']; sha256: string; model_version: string; other_model_version: string | null }
      | undefined;
    if (evaluation) {
      const about = evaluation.other_model_version === null ? [evaluation.model_version] : [evaluation.model_version, evaluation.other_model_version];
      return { id, kind: evaluation.kind, sha256: evaluation.sha256, about };
    }
    const drift = this.db.prepare('SELECT report_blob, model_version FROM drift_reports WHERE id = ?').get(id) as { report_blob: string; model_version: string | null } | undefined;
    return drift ? { id, kind: 'drift', sha256: drift.report_blob, about: drift.model_version === null ? [] : [drift.model_version] } : null;
  }
}
