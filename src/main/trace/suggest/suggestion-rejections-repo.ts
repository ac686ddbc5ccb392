// The SQL of rejected suggestions (migration 10's trace_suggestion_rejections): one row per requirement, target and
// link type, kept for good; rejecting again updates nothing. Writes run inside a caller's mutate().
import type { TraceTarget } from '../../../shared/trace';
import type { TraceLinkType, TraceTargetKind } from '../../../shared/trace-matrix';
import type { Db } from '../../store/db';
import type { LinkKey } from './rank-suggestions';

export interface Rejection extends LinkKey {
  reason: string | null;
  createdAt: string;
  createdBy: string;
}

interface RejectionRow {
  requirement_id: string;
  target_kind: TraceTargetKind;
  target_id: string;
  type: TraceLinkType;
  reason: string | null;
  created_at: string;
  created_by: string;
}

const rejection = (r: RejectionRow): Rejection => ({
  requirement: r.requirement_id,
  target: { kind: r.target_kind, id: r.target_id } satisfies TraceTarget,
  type: r.type,
  reason: r.reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export class SuggestionRejectionsRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Records a rejection; false when the same one was recorded before (the first reason stands). */
  insert(r: Rejection): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO trace_suggestion_rejections (requirement_id, target_kind, target_id, type, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (requirement_id, target_kind, target_id, type) DO NOTHING`,
      )
      .run(r.requirement, r.target.kind, r.target.id, r.type, r.reason, r.createdAt, r.createdBy);
    return result.changes > 0;
  }

  has(k: LinkKey): boolean {
    return (
      this.db
        .prepare('SELECT 1 FROM trace_suggestion_rejections WHERE requirement_id = ? AND target_kind = ? AND target_id = ? AND type = ?')
        .get(k.requirement, k.target.kind, k.target.id, k.type) !== undefined
    );
  }

  all(): Rejection[] {
    return (this.db.prepare('SELECT requirement_id, target_kind, target_id, type, reason, created_at, created_by FROM trace_suggestion_rejections ORDER BY created_at').all() as RejectionRow[]).map(rejection);
  }
}
