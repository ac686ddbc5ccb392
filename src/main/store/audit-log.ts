// Append-only, hash-chained audit log: each entry's hash covers its content and the previous entry's hash,
// and the head (last seq + hash) is kept in the project row, so an edited, deleted or truncated entry is detectable.
// The chain alone has no key: whoever can write the file can re-chain it. Signed anchors of the head, kept outside
// the file too (src/main/audit/log-verification.ts), are what detect a rewrite.
import { createHash } from 'node:crypto';
import type { AuditEntry, LogVerification } from '../../shared/domain';
import type { Db } from './db';

export interface AuditRecord {
  actor: string;
  action: string;
  target: string;
  details?: unknown;
}

/** One audit_log row as SQLite holds it (details as canonical JSON text). */
export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Canonical JSON: object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The hash that chains an entry: sha256 of its canonical JSON with the previous entry's hash. Public, so no secret. */
export function entryHash(row: Omit<AuditRow, 'hash'>): string {
  const body = canonicalJson({ seq: row.seq, at: row.at, actor: row.actor, action: row.action, target: row.target, details: row.details, prev: row.prev_hash });
  return createHash('sha256').update(body).digest('hex');
}

export class AuditLog {
  private readonly db: Db;
  private readonly now: () => Date;

  constructor(db: Db, now: () => Date = () => new Date()) {
    this.db = db;
    this.now = now;
  }

  /** Appends one entry. Call it inside the transaction of the mutation it records. */
  append(record: AuditRecord): AuditEntry {
    const head = this.db.prepare('SELECT audit_head_seq AS seq, audit_head_hash AS hash FROM project WHERE id = 1').get() as
      | { seq: number; hash: string }
      | undefined;
    const prev = head ?? { seq: 0, hash: '' };
    const row: Omit<AuditRow, 'hash'> = {
      seq: prev.seq + 1,
      at: this.now().toISOString(),
      actor: record.actor,
      action: record.action,
      target: record.target,
      details: canonicalJson(record.details ?? {}),
      prev_hash: prev.hash,
    };
    const hash = entryHash(row);
    this.db
      .prepare('INSERT INTO audit_log (seq, at, actor, action, target, details, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @target, @details, @prev_hash, @hash)')
      .run({ ...row, hash });
    this.db.prepare('UPDATE project SET audit_head_seq = ?, audit_head_hash = ? WHERE id = 1').run(row.seq, hash);
    return toEntry({ ...row, hash });
  }

  /** The last entry's seq and hash (0 and '' for an empty log). */
  head(): { seq: number; hash: string } {
    const row = this.db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    return row ?? { seq: 0, hash: '' };
  }

  /** The hash the log holds for entry seq, if it holds that entry. */
  hashAt(seq: number): string | undefined {
    return (this.db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(seq) as { hash: string } | undefined)?.hash;
  }

  list(limit = 100, beforeSeq?: number): AuditEntry[] {
    const rows = (
      beforeSeq === undefined
        ? this.db.prepare('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit)
        : this.db.prepare('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?').all(beforeSeq, limit)
    ) as AuditRow[];
    return rows.map(toEntry);
  }

  /** Walks the whole chain; reports the first entry that does not follow from the one before it. */
  verify(): LogVerification {
    let expectedSeq = 1;
    let prevHash = '';
    let entries = 0;
    for (const row of this.db.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
      const bad = (reason: string): LogVerification => ({ ok: false, entries, firstBad: { seq: row.seq, reason } });
      if (row.seq !== expectedSeq) return { ok: false, entries, firstBad: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing (next present is ${row.seq})` } };
      if (row.prev_hash !== prevHash) return bad('its link to the previous entry does not match');
      if (entryHash(row) !== row.hash) return bad('its content was changed after it was written');
      prevHash = row.hash;
      expectedSeq++;
      entries++;
    }
    const head = this.db.prepare('SELECT audit_head_seq AS seq, audit_head_hash AS hash FROM project WHERE id = 1').get() as { seq: number; hash: string };
    if (head && (head.seq !== entries || head.hash !== prevHash)) {
      return { ok: false, entries, firstBad: { seq: entries + 1, reason: `the log ends at entry ${entries} but its head records entry ${head.seq}: entries were removed from the end` } };
    }
    return { ok: true, entries };
  }
}

function toEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
