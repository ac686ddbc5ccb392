// All evaluation SQL: one row per stored report (its canonical JSON lives in a blob named by its SHA-256). Writes run
// inside a caller's mutate(); the triggers of migration 7 keep every row as it was written.
import type { EvaluationKind, EvaluationSummary } from '../../shared/evaluations';
import type { Db } from './db';

interface EvaluationRow {
  id: string;
  kind: EvaluationKind;
  title: string;
  model_version: string;
  other_model_version: string | null;
  dataset_version: string | null;
  report_blob: string;
  created_at: string;
  created_by: string;
}

const COLUMNS = 'id, kind, title, model_version, other_model_version, dataset_version, report_blob, created_at, created_by';

function summary(r: EvaluationRow): EvaluationSummary {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    modelVersion: r.model_version,
    otherModelVersion: r.other_model_version,
    datasetVersion: r.dataset_version,
    sha256: r.report_blob,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

export interface EvaluationFilter {
  /** `<name>@<version>`: either side of a comparison matches */
  modelVersion?: string;
  datasetVersion?: string;
  kind?: EvaluationKind;
}

export class EvaluationsRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  insert(e: EvaluationSummary): void {
    this.db
      .prepare(`INSERT INTO evaluations (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(e.id, e.kind, e.title, e.modelVersion, e.otherModelVersion, e.datasetVersion, e.sha256, e.createdAt, e.createdBy);
  }

  get(id: string): EvaluationSummary | null {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM evaluations WHERE id = ?`).get(id) as EvaluationRow | undefined;
    return row ? summary(row) : null;
  }

  /** Newest first. */
  list(filter: EvaluationFilter = {}, limit = 500): EvaluationSummary[] {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (filter.modelVersion !== undefined) {
      where.push('(model_version = ? OR other_model_version = ?)');
      args.push(filter.modelVersion, filter.modelVersion);
    }
    if (filter.datasetVersion !== undefined) {
      where.push('dataset_version = ?');
      args.push(filter.datasetVersion);
    }
    if (filter.kind !== undefined) {
      where.push('kind = ?');
      args.push(filter.kind);
    }
    const sql = `SELECT ${COLUMNS} FROM evaluations ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id LIMIT ?`;
    return (this.db.prepare(sql).all(...args, limit) as EvaluationRow[]).map(summary);
  }
}
