// All model-registry SQL: model versions are immutable, numbered per model name, and each points at the run that made it.
import type { Db } from './db';

export interface NewModelVersion {
  name: string;
  runId: string;
  modelBlob: string;
  onnxBlob: string | null;
  createdAt: string;
}

export class ModelVersionsRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Registers the next version of `name` and returns its id, '<name>@<version>'. Call inside store.mutate(). */
  register(v: NewModelVersion): { id: string; version: number } {
    const version = ((this.db.prepare('SELECT MAX(version) AS v FROM model_versions WHERE name = ?').get(v.name) as { v: number | null }).v ?? 0) + 1;
    const id = `${v.name}@${version}`;
    this.db
      .prepare('INSERT INTO model_versions (id, name, version, run_id, model_blob, onnx_blob, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, v.name, version, v.runId, v.modelBlob, v.onnxBlob, v.createdAt);
    return { id, version };
  }
}
