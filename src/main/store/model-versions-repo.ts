// All model-registry SQL: model versions are immutable, numbered per model name, and each points at the run that made it.
import type { Db } from './db';

export interface NewModelVersion {
  name: string;
  runId: string;
  modelBlob: string;
  onnxBlob: string | null;
  createdAt: string;
}

/** A registered model version as stored: the run that made it and its blobs (the model JSON, the ONNX file if any). */
export interface ModelVersionRecord {
  id: string;
  name: string;
  version: number;
  runId: string;
  modelBlob: string;
  onnxBlob: string | null;
  createdAt: string;
  /** the dataset version its run trained on (`<name>@<version>`), null for a run that names none */
  trainedOn: string | null;
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

  /** The version with lineage id '<name>@<version>', or null when none is registered. */
  get(id: string): ModelVersionRecord | null {
    const row = this.db
      .prepare(
        'SELECT m.id, m.name, m.version, m.run_id AS runId, m.model_blob AS modelBlob, m.onnx_blob AS onnxBlob, m.created_at AS createdAt, r.dataset_version AS trainedOn FROM model_versions m JOIN runs r ON r.id = m.run_id WHERE m.id = ?',
      )
      .get(id) as ModelVersionRecord | undefined;
    return row ?? null;
  }
}
