// All model-registry SQL: model versions are immutable, numbered per model name, made from a run or an imported file;
// models carry mutable tags and descriptions, and aliases that only approvals move.
import { fail } from '../../shared/errors';
import type { ModelSummary } from '../../shared/models';
import type { Db } from './db';

export interface NewModelVersion {
  name: string;
  source: 'run' | 'import';
  /** the run that made it (source 'run') */
  runId: string | null;
  modelBlob: string | null;
  onnxBlob: string | null;
  /** content address (ModelVersionInfo.hash) */
  hash: string;
  inspectionBlob: string | null;
  /** an imported model's external data files, at their locations relative to the model file */
  files: { location: string; blob: string; bytes: number }[];
  createdAt: string;
  author: string;
  authorFingerprint: string | null;
}

/** A registered model version as stored: the run that made it and its blobs (the model JSON, the ONNX file if any). */
export interface ModelVersionRecord {
  id: string;
  name: string;
  version: number;
  source: 'run' | 'import';
  /** content address (ModelVersionInfo.hash) */
  hash: string;
  author: string;
  authorFingerprint: string | null;
  /** the OnnxInspection JSON taken at registration (null for versions registered before migration 7, or without ONNX) */
  inspectionBlob: string | null;
  runId: string | null;
  modelBlob: string | null;
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

  /** Registers the next version of `name` (making the model on its first) and returns its id, '<name>@<version>'. Call inside store.mutate(). */
  register(v: NewModelVersion): { id: string; version: number } {
    const version = ((this.db.prepare('SELECT MAX(version) AS v FROM model_versions WHERE name = ?').get(v.name) as { v: number | null }).v ?? 0) + 1;
    const id = `${v.name}@${version}`;
    this.db.prepare('INSERT OR IGNORE INTO models (name, created_at, created_by) VALUES (?, ?, ?)').run(v.name, v.createdAt, v.author);
    this.db
      .prepare(
        'INSERT INTO model_versions (id, name, version, source, run_id, model_blob, onnx_blob, hash, inspection_blob, author, author_fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(id, v.name, version, v.source, v.runId, v.modelBlob, v.onnxBlob, v.hash, v.inspectionBlob, v.author, v.authorFingerprint, v.createdAt);
    const file = this.db.prepare('INSERT INTO model_version_files (version_id, location, blob, bytes) VALUES (?, ?, ?, ?)');
    for (const f of v.files) file.run(id, f.location, f.blob, f.bytes);
    return { id, version };
  }

  /** The version of `name` that registered run `runId`, if one did (registering the same run twice under one name makes no second version). */
  findRun(name: string, runId: string): ModelVersionRecord | null {
    const row = this.db.prepare('SELECT id FROM model_versions WHERE name = ? AND run_id = ? ORDER BY version LIMIT 1').get(name, runId) as { id: string } | undefined;
    return row ? this.get(row.id) : null;
  }

  /** The newest version of `name`, or null when it has none. */
  latest(name: string): ModelVersionRecord | null {
    const row = this.db.prepare('SELECT id FROM model_versions WHERE name = ? ORDER BY version DESC LIMIT 1').get(name) as { id: string } | undefined;
    return row ? this.get(row.id) : null;
  }

  /** The version with lineage id '<name>@<version>', or null when none is registered. */
  get(id: string): ModelVersionRecord | null {
    const row = this.db
      .prepare(
        'SELECT m.id, m.name, m.version, m.source, m.hash, m.author, m.author_fingerprint AS authorFingerprint, m.inspection_blob AS inspectionBlob, m.run_id AS runId, m.model_blob AS modelBlob, m.onnx_blob AS onnxBlob, m.created_at AS createdAt, r.dataset_version AS trainedOn FROM model_versions m LEFT JOIN runs r ON r.id = m.run_id WHERE m.id = ?',
      )
      .get(id) as ModelVersionRecord | undefined;
    return row ?? null;
  }

  /** An imported version's external data files, at their locations relative to the model file. */
  files(id: string): { location: string; blob: string; bytes: number }[] {
    return this.db.prepare('SELECT location, blob, bytes FROM model_version_files WHERE version_id = ? ORDER BY location').all(id) as { location: string; blob: string; bytes: number }[];
  }

  /**
   * The version `ref` names: `NAME@VERSION`, or `NAME@ALIAS` through the alias as it points now. NOT_FOUND naming
   * the model, version or alias otherwise, at `field` (the request's name for the ref: model, champion, challenger).
   */
  resolve(ref: string, field = 'model'): ModelVersionRecord {
    const at = ref.lastIndexOf('@');
    const name = ref.slice(0, at);
    const tail = ref.slice(at + 1);
    if (at <= 0 || tail === '') fail('BAD_INPUT', `'${ref}' is not NAME@VERSION or NAME@ALIAS.`, { where: { field } });
    if (/^[1-9][0-9]*$/.test(tail)) {
      const found = this.get(ref);
      if (!found) fail('NOT_FOUND', `There is no model version ${ref}.`, { where: { field }, hint: 'airlock model list shows the registered models.' });
      return found;
    }
    const alias = this.db.prepare('SELECT version FROM model_aliases WHERE model = ? AND alias = ?').get(name, tail) as { version: number } | undefined;
    if (!alias) fail('NOT_FOUND', `Model '${name}' has no alias '${tail}'.`, { where: { field }, hint: 'An alias is set by approving a version for it (airlock model approve).' });
    return this.get(`${name}@${alias.version}`) ?? fail('NOT_FOUND', `There is no model version ${name}@${alias.version}.`, { where: { field } });
  }
}

/** Version 0 in model_tags and model_descriptions: the model itself rather than one of its versions. */
export const MODEL_LEVEL = 0;

interface ModelRow {
  name: string;
  created_at: string;
  versions: number;
  latest: number | null;
  latest_at: string | null;
}

/** The registry's named models and what changes on them: tags and descriptions; and where their aliases point (ApprovalsRepo moves them). */
export class ModelsRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /** Every model (or the one named), by name, with its version count, newest version, tags, description and aliases. */
  summaries(name?: string): ModelSummary[] {
    const rows = this.db
      .prepare(
        `SELECT m.name, m.created_at, COUNT(v.id) AS versions, MAX(v.version) AS latest,
           (SELECT l.created_at FROM model_versions l WHERE l.name = m.name ORDER BY l.version DESC LIMIT 1) AS latest_at
         FROM models m LEFT JOIN model_versions v ON v.name = m.name ${name === undefined ? '' : 'WHERE m.name = ?'} GROUP BY m.name ORDER BY m.name`,
      )
      .all(...(name === undefined ? [] : [name])) as ModelRow[];
    return rows.map((r) => ({
      name: r.name,
      description: this.description(r.name, MODEL_LEVEL),
      tags: this.tags(r.name, MODEL_LEVEL),
      versions: r.versions,
      latest: r.latest === null || r.latest_at === null ? null : { version: r.latest, createdAt: r.latest_at },
      aliases: Object.fromEntries((this.db.prepare('SELECT alias, version FROM model_aliases WHERE model = ? ORDER BY alias').all(r.name) as { alias: string; version: number }[]).map((a) => [a.alias, a.version])),
      createdAt: r.created_at,
    }));
  }

  /** The model named, or NOT_FOUND. */
  summary(name: string): ModelSummary {
    return this.summaries(name)[0] ?? fail('NOT_FOUND', `There is no model named '${name}'.`, { where: { field: 'name' }, hint: 'airlock model list shows the registered models.' });
  }

  /** Ids of the model's versions, newest first. */
  versionIds(name: string): string[] {
    return (this.db.prepare('SELECT id FROM model_versions WHERE name = ? ORDER BY version DESC').all(name) as { id: string }[]).map((r) => r.id);
  }

  tags(name: string, version: number): Record<string, string> {
    const rows = this.db.prepare('SELECT key, value FROM model_tags WHERE model = ? AND version = ? ORDER BY key').all(name, version) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((t) => [t.key, t.value]));
  }

  description(name: string, version: number): string {
    const row = this.db.prepare('SELECT description FROM model_descriptions WHERE model = ? AND version = ?').get(name, version) as { description: string } | undefined;
    return row?.description ?? '';
  }

  /** Aliases that point at this version now. */
  aliasesOf(name: string, version: number): string[] {
    return (this.db.prepare('SELECT alias FROM model_aliases WHERE model = ? AND version = ? ORDER BY alias').all(name, version) as { alias: string }[]).map((a) => a.alias);
  }

  /** Sets (or, with null, removes) a tag on the model (version MODEL_LEVEL) or one version. Call inside store.mutate(). */
  setTag(name: string, version: number, key: string, value: string | null): void {
    if (value === null) this.db.prepare('DELETE FROM model_tags WHERE model = ? AND version = ? AND key = ?').run(name, version, key);
    else this.db.prepare('INSERT OR REPLACE INTO model_tags (model, version, key, value) VALUES (?, ?, ?, ?)').run(name, version, key, value);
  }

  /** Sets the description of the model (version MODEL_LEVEL) or one version; an empty one removes it. Call inside store.mutate(). */
  setDescription(name: string, version: number, description: string): void {
    if (description === '') this.db.prepare('DELETE FROM model_descriptions WHERE model = ? AND version = ?').run(name, version);
    else this.db.prepare('INSERT OR REPLACE INTO model_descriptions (model, version, description) VALUES (?, ?, ?)').run(name, version, description);
  }
}
