// All SQL for clause mappings: a person's confirmation (or rejection) of a requirement or artifact as evidence for a
// clause of a standard. Append-only (migration 10's triggers): the newest row per standard, clause and target is its
// state. Writes run inside a caller's mutate().
import type { EvidenceKind, EvidenceRef } from '../../shared/standards';
import type { Db } from './db';

export type ClauseDecision = 'confirmed' | 'rejected';

export interface StoredClauseMapping {
  standard: string;
  clause: string;
  target: EvidenceRef;
  state: ClauseDecision;
  reason: string | null;
  createdAt: string;
  createdBy: string;
}

interface MappingRow {
  standard: string;
  clause: string;
  target_kind: EvidenceKind;
  target_id: string;
  state: ClauseDecision;
  reason: string | null;
  created_at: string;
  created_by: string;
}

const mapping = (r: MappingRow): StoredClauseMapping => ({
  standard: r.standard,
  clause: r.clause,
  target: { kind: r.target_kind, id: r.target_id },
  state: r.state,
  reason: r.reason,
  createdAt: r.created_at,
  createdBy: r.created_by,
});

export class ClauseMappingsRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  add(m: StoredClauseMapping): void {
    this.db
      .prepare('INSERT INTO clause_mappings (standard, clause, target_kind, target_id, state, reason, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(m.standard, m.clause, m.target.kind, m.target.id, m.state, m.reason, m.createdAt, m.createdBy);
  }

  /** The current state of every mapping to one standard: the newest row per clause and target, in the order first decided. */
  current(standard: string): StoredClauseMapping[] {
    const rows = this.db
      .prepare(
        `SELECT c.standard, c.clause, c.target_kind, c.target_id, c.state, c.reason, c.created_at, c.created_by FROM clause_mappings c
          JOIN (SELECT MIN(id) AS first, MAX(id) AS last FROM clause_mappings WHERE standard = ? GROUP BY clause, target_kind, target_id) m ON m.last = c.id
         ORDER BY m.first`,
      )
      .all(standard) as MappingRow[];
    return rows.map(mapping);
  }
}
