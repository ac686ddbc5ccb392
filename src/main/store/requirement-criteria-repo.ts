// All acceptance-criteria SQL: each save appends a row with the requirement's criteria as canonical texts, and the
// newest row of a requirement is what it carries now ([] once they are removed). Writes run inside a caller's mutate().
import type { Db } from './db';
import { ID_LOOKUP_LIMIT } from './trace-links-repo';

export interface StoredCriteria {
  requirement: string;
  /** canonical texts (formatCriterion), in the order written */
  criteria: string[];
  createdAt: string;
  createdBy: string;
}

interface CriteriaRow {
  requirement_id: string;
  criteria_json: string;
  created_at: string;
  created_by: string;
}

function stored(r: CriteriaRow): StoredCriteria {
  return { requirement: r.requirement_id, criteria: JSON.parse(r.criteria_json) as string[], createdAt: r.created_at, createdBy: r.created_by };
}

export class RequirementCriteriaRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  append(c: StoredCriteria): void {
    this.db
      .prepare('INSERT INTO requirement_criteria (requirement_id, criteria_json, created_at, created_by) VALUES (?, ?, ?, ?)')
      .run(c.requirement, JSON.stringify(c.criteria), c.createdAt, c.createdBy);
  }

  /** The requirement's newest row, or null when its criteria were never set. */
  current(requirement: string): StoredCriteria | null {
    const row = this.db
      .prepare('SELECT requirement_id, criteria_json, created_at, created_by FROM requirement_criteria WHERE requirement_id = ? ORDER BY id DESC LIMIT 1')
      .get(requirement) as CriteriaRow | undefined;
    return row ? stored(row) : null;
  }

  /**
   * Every requirement that carries criteria now, by id, in one query: a matrix of 20,000 requirements pays only for
   * those with criteria, and nothing per link.
   */
  allCurrent(): Map<string, StoredCriteria> {
    return this.newest('');
  }

  /**
   * Those of these requirements that carry criteria now, by id. A few are looked up by the requirement index; for many,
   * every requirement's criteria are read in one pass (allCurrent), cheaper than as many lookups.
   */
  currentOf(requirements: readonly string[]): Map<string, StoredCriteria> {
    if (requirements.length > ID_LOOKUP_LIMIT) return this.allCurrent();
    return this.newest('WHERE requirement_id IN (SELECT value FROM json_each(?))', JSON.stringify(requirements));
  }

  /** The newest non-empty row of each requirement the filter keeps. */
  private newest(filter: string, ...params: string[]): Map<string, StoredCriteria> {
    const rows = this.db
      .prepare(
        `SELECT c.requirement_id, c.criteria_json, c.created_at, c.created_by FROM requirement_criteria c
          JOIN (SELECT MAX(id) AS last FROM requirement_criteria ${filter} GROUP BY requirement_id) m ON m.last = c.id
         WHERE c.criteria_json <> '[]'`,
      )
      .all(...params) as CriteriaRow[];
    return new Map(rows.map((r) => [r.requirement_id, stored(r)]));
  }
}
