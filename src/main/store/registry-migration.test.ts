// Opening a schema-6 project, whose finished runs each registered a model version automatically, migrates it to the
// registry of schema 7 without losing or renumbering anything.
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerRun } from '../models/registry/registry-service';
import { tempDir, testStoreOptions } from '../test-support/temp-project';
import { AuditLog } from './audit-log';
import { BlobStore } from './blobs';
import { LineageRepo } from './lineage-repo';
import { migrations } from './migrations';
import { ModelVersionsRepo } from './model-versions-repo';
import { BLOBS_DIR, DB_FILE, ProjectStore } from './project-store';
import { RunsRepo } from './runs-repo';

const utf8 = new TextEncoder();

interface OldVersion {
  id: string;
  name: string;
  version: number;
  run: string;
  modelBlob: string;
  onnxBlob: string | null;
  createdAt: string;
  actor: string;
}

/**
 * A project as schema 6 left it: three finished runs recorded by two actors, each of which registered a version when it
 * was recorded (two versions of one model, one with no ONNX file), with their blobs, lineage edges and audit entries.
 */
function schema6Project(): { dir: string; versions: OldVersion[] } {
  const dir = tempDir();
  const db = new Database(path.join(dir, DB_FILE));
  for (const m of migrations.filter((m) => m.version <= 6)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  db.prepare("INSERT INTO project (id, name, created_at, app_version, uuid) VALUES (1, 'old', '2026-01-01T00:00:00.000Z', '0.6', 'u-1')").run();
  const blobs = new BlobStore(path.join(dir, BLOBS_DIR));
  const runs = new RunsRepo(db);
  const lineage = new LineageRepo(db);
  const log = new AuditLog(db);
  const versions: OldVersion[] = [
    ['churn', 1, 'ada', true],
    ['churn', 2, 'bob', true],
    ['prices', 1, 'ada', false],
  ].map(([name, version, actor, onnx], i) => {
    const run = `${String(i + 1).repeat(32)}`;
    const at = `2026-01-0${i + 2}T00:00:00.000Z`;
    const modelBlob = blobs.put(utf8.encode(JSON.stringify({ kind: 'logreg', run })));
    const onnxBlob = onnx ? blobs.put(utf8.encode(`onnx bytes of ${run}`)) : null;
    const artifacts = [{ path: 'model/model.json', blob: modelBlob, size: 10, mediaType: 'application/json' }, ...(onnxBlob ? [{ path: 'model/model.onnx', blob: onnxBlob, size: 10, mediaType: 'application/onnx' }] : [])];
    runs.insertRun({ id: run, experiment: 'Default', name: `run ${i}`, status: 'finished', datasetVersion: 'd@1', startedAt: at, endedAt: at, artifacts });
    const id = `${name}@${version}`;
    db.prepare('INSERT INTO model_versions (id, name, version, run_id, model_blob, onnx_blob, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(id, name, version, run, modelBlob, onnxBlob, at);
    lineage.link({ kind: 'dataset_version', id: 'd@1' }, 'trained', { kind: 'run', id: run }, at);
    lineage.link({ kind: 'run', id: run }, 'produced', { kind: 'model_version', id }, at);
    log.append({ actor: String(actor), action: 'run.record', target: `run:${run}`, details: { modelVersion: id } });
    return { id, name: String(name), version: Number(version), run, modelBlob, onnxBlob, createdAt: at, actor: String(actor) };
  });
  db.close();
  return { dir, versions };
}

const edges = (store: ProjectStore): unknown[] => store.db.prepare('SELECT * FROM lineage_edges ORDER BY rowid').all();

describe('migrating a schema-6 project to the registry', () => {
  it('keeps every version its id, number, run and blobs, and gives it a hash and the author that recorded its run', () => {
    const { dir, versions } = schema6Project();
    const before = new Database(path.join(dir, DB_FILE), { readonly: true });
    const edgesBefore = before.prepare('SELECT * FROM lineage_edges ORDER BY rowid').all();
    before.close();

    const store = ProjectStore.open(dir, testStoreOptions);
    expect(store.info().schemaVersion).toBe(migrations[migrations.length - 1].version);
    const repo = new ModelVersionsRepo(store.db);
    for (const v of versions) {
      expect(repo.resolve(v.id)).toEqual({
        id: v.id,
        name: v.name,
        version: v.version,
        source: 'run',
        hash: v.onnxBlob ?? v.modelBlob,
        author: v.actor,
        authorFingerprint: null,
        inspectionBlob: null,
        runId: v.run,
        modelBlob: v.modelBlob,
        onnxBlob: v.onnxBlob,
        createdAt: v.createdAt,
        trainedOn: 'd@1',
      });
      expect(store.blobs.has(v.modelBlob)).toBe(true);
    }
    // each model as its first version made it
    expect(store.db.prepare('SELECT name, created_at AS createdAt, created_by AS createdBy FROM models ORDER BY name').all()).toEqual([
      { name: 'churn', createdAt: versions[0].createdAt, createdBy: 'ada' },
      { name: 'prices', createdAt: versions[2].createdAt, createdBy: 'ada' },
    ]);
    expect(edges(store)).toEqual(edgesBefore);
    expect(store.audit.verify()).toMatchObject({ ok: true });
    store.close();
  });

  it('numbers a version registered after the migration after the old ones, and the old versions stay immutable', () => {
    const { dir, versions } = schema6Project();
    const store = ProjectStore.open(dir, testStoreOptions);
    // the old run is registered once more under its model's name: it already is churn@2, so that version is returned
    expect(registerRun(store, versions[1].run, { name: 'churn' })).toMatchObject({ reused: true, version: { id: 'churn@2' } });
    // another run (its model has no ONNX file, so its hash is the model JSON's) becomes churn@3
    expect(registerRun(store, versions[2].run, { name: 'churn' }).version).toMatchObject({ id: 'churn@3', hash: versions[2].modelBlob, author: testStoreOptions.actor });
    expect(() => store.db.prepare("UPDATE model_versions SET author = 'eve' WHERE id = 'churn@1'").run()).toThrow(/immutable/);
    expect(() => store.db.prepare("DELETE FROM model_versions WHERE id = 'churn@1'").run()).toThrow(/immutable/);
    store.close();
  });
});
