import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { MlflowRepo } from '../store/mlflow-repo';
import { RunsRepo, type NewRun } from '../store/runs-repo';
import { errorOf } from '../test-support/app-error-of';
import { tempDir, tempProject } from '../test-support/temp-project';
import { exportMlruns } from './mlflow-export';
import { ExperimentsService } from './experiments-service';
import { keyPath, parseMetaYaml } from './mlflow-layout';
import { importMlruns } from './mlflow-import';

const T0 = Date.UTC(2026, 0, 1);
const ONNX = Buffer.from([0x08, 0x07, 0x12, 0x00, 0xfe]);

/** Two experiments of native runs, shaped as recordRun writes them: fields, tags, steps, final-only metrics, artifacts. */
function seeded(extra: Partial<NewRun> = {}): { store: ProjectStore; ids: string[] } {
  const store = tempProject();
  const repo = new RunsRepo(store.db);
  const ids = store.mutate({ action: 'test.seed', target: 'runs' }, () => {
    const blob = store.blobs.put(ONNX);
    const base = {
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 5_000).toISOString(),
      datasetVersion: null,
      target: 'species',
      modelKind: 'gbdt',
      task: 'multiclass',
      seed: 42,
      environment: { app: 'test', node: '20' },
    };
    return [
      repo.insertRun({
        ...base,
        experiment: 'iris',
        name: 'gbdt on iris',
        status: 'finished',
        params: { learning_rate: '0.1', 'trees/depth': '3' },
        steps: [0, 1, 2].map((step) => ({ key: 'val_loss', step, value: step === 1 ? NaN : 1 / (step + 1), at: T0 + step })),
        metrics: { accuracy: 0.96, macro_f1: null },
        artifacts: [{ path: 'model/model.onnx', blob, size: ONNX.length, mediaType: 'application/onnx' }],
        tags: { 'airlock.model': 'gbdt', 'airlock.task': 'multiclass', 'mlflow.note.content': 'keeper' },
        ...extra,
      }).id,
      repo.insertRun({
        ...base,
        experiment: 'iris',
        name: 'trial 3',
        status: 'pruned',
        error: { code: 'JOB_CANCELLED', message: 'Pruned.' },
        steps: [{ key: 'val_loss', step: 0, value: 2, at: T0 }],
      }).id,
      repo.insertRun({ ...base, experiment: 'Default', name: 'y', status: 'failed', endedAt: null, params: { note: 'yes' } }).id,
    ];
  });
  return { store, ids };
}

function snapshot(store: ProjectStore, id: string) {
  const repo = new RunsRepo(store.db);
  const { seq: _seq, source: _source, ...detail } = repo.get(id);
  return {
    detail,
    steps: new MlflowRepo(store.db).steps(id),
    artifacts: detail.artifacts.map((a) => store.blobs.get(repo.artifact(id, a.path).blob).toString('hex')),
  };
}

const yamlOf = (file: string) => parseMetaYaml(fs.readFileSync(file, 'utf8'), file);

describe('MLflow export', () => {
  it("writes MLflow's file-store layout: numbered experiments, meta.yaml per experiment and run, key files and artifacts", () => {
    const { store, ids } = seeded();
    const out = path.join(tempDir(), 'mlruns');
    expect(exportMlruns(store, out)).toEqual({ experiments: 2, runs: 3, artifacts: 1 });
    expect(fs.readdirSync(out).sort()).toEqual(['.trash', '0', '1']);
    expect(yamlOf(path.join(out, '0', 'meta.yaml'))).toMatchObject({ experiment_id: '0', name: 'Default', lifecycle_stage: 'active' });
    expect(yamlOf(path.join(out, '1', 'meta.yaml'))).toMatchObject({ experiment_id: '1', name: 'iris', artifact_location: pathToFileURL(path.join(out, '1')).href });
    const runDir = path.join(out, '1', ids[0]);
    expect(yamlOf(path.join(runDir, 'meta.yaml'))).toEqual({
      artifact_uri: pathToFileURL(path.join(runDir, 'artifacts')).href,
      end_time: T0 + 5_000,
      entry_point_name: '',
      experiment_id: '1',
      lifecycle_stage: 'active',
      run_id: ids[0],
      run_name: 'gbdt on iris',
      run_uuid: ids[0],
      source_name: '',
      source_type: 4,
      source_version: '',
      start_time: T0,
      status: 3,
      tags: [],
      user_id: '',
    });
    expect(fs.readFileSync(path.join(runDir, 'params', 'trees', 'depth'), 'utf8')).toBe('3');
    expect(fs.readFileSync(path.join(runDir, 'metrics', 'val_loss'), 'utf8')).toBe(`${T0} 1.0 0\n${T0 + 1} nan 1\n${T0 + 2} ${1 / 3} 2\n`);
    expect(fs.readFileSync(path.join(runDir, 'metrics', 'accuracy'), 'utf8')).toBe(`${T0 + 5_000} 0.96 0\n`);
    expect(fs.readFileSync(path.join(runDir, 'tags', 'mlflow.note.content'), 'utf8')).toBe('keeper');
    expect(fs.readFileSync(path.join(runDir, 'tags', 'airlock.run.model_kind'), 'utf8')).toBe('gbdt');
    expect(fs.readFileSync(path.join(runDir, 'tags', 'airlock.run.final_only'), 'utf8')).toBe('["accuracy","macro_f1"]');
    expect(fs.readFileSync(path.join(runDir, 'artifacts', 'model', 'model.onnx')).equals(ONNX)).toBe(true);
    expect(yamlOf(path.join(out, '1', ids[1], 'meta.yaml')).status).toBe(5);
    expect(yamlOf(path.join(out, '0', ids[2], 'meta.yaml'))).toMatchObject({ status: 4, end_time: null, run_name: 'y' });
  });

  it('gives back identical runs when exported runs are imported into a fresh project', () => {
    const { store, ids } = seeded();
    const out = path.join(tempDir(), 'mlruns');
    exportMlruns(store, out);
    const fresh = tempProject();
    expect(importMlruns(fresh, out)).toMatchObject({ experiments: 2, runs: 3, artifacts: 1, skipped: [] });
    for (const id of ids) expect(snapshot(fresh, id)).toEqual(snapshot(store, id));
    expect(new RunsRepo(fresh.db).get(ids[0]).source).toBe('mlflow');
  });

  it('exports only the experiment asked for, beside an empty Default', () => {
    const { store } = seeded();
    const out = path.join(tempDir(), 'mlruns');
    expect(exportMlruns(store, out, { experiment: 'iris' })).toEqual({ experiments: 1, runs: 2, artifacts: 1 });
    expect(fs.readdirSync(path.join(out, '0'))).toEqual(['meta.yaml']);
    expect(errorOf(() => exportMlruns(store, path.join(tempDir(), 'x'), { experiment: 'nope' })).code).toBe('NOT_FOUND');
  });

  it('refuses a folder that is not empty and leaves it as it was', () => {
    const { store } = seeded();
    const out = tempDir();
    fs.writeFileSync(path.join(out, 'keep.txt'), 'mine');
    expect(errorOf(() => exportMlruns(store, out))).toMatchObject({ code: 'BAD_INPUT', where: { file: out } });
    expect(fs.readdirSync(out)).toEqual(['keep.txt']);
    const empty = tempDir();
    expect(exportMlruns(store, empty).runs).toBe(3);
  });

  it('leaves no half-written export when a run cannot be written', () => {
    const { store } = seeded({ params: { '../escape': '1' } });
    const parent = tempDir();
    const out = path.join(parent, 'mlruns');
    expect(errorOf(() => exportMlruns(store, out)).message).toMatch(/param '\.\.\/escape'/);
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it('refuses a tag key with backslashes or a drive letter on every OS, writing nothing inside or outside the export', () => {
    for (const key of ['..\\..\\..\\escaped', 'C:\\Windows\\evil', 'c:evil', 'a/..\\..\\b']) {
      const { store, ids } = seeded();
      new RunsRepo(store.db).setTag(ids[0], key, 'owned');
      const parent = tempDir();
      const out = path.join(parent, 'mlruns');
      const error = errorOf(() => exportMlruns(store, out));
      expect(error.code).toBe('BAD_INPUT');
      expect(error.message).toContain(`tag '${key}' of run ${ids[0]}`);
      expect(error.message).not.toContain('\n');
      expect(fs.readdirSync(parent)).toEqual([]);
    }
  });

  it('maps every key it accepts to a path inside its folder under both POSIX and Windows path rules', () => {
    const keys = ['lr', 'optimizer/name', 'a..b', '..a', 'x:y', '..\\..\\evil', 'C:\\evil', 'D:evil', '/abs', 'a/../../b', 'a\\b', 'nul\0byte'];
    for (const key of keys) {
      let parts: string[];
      try {
        parts = keyPath(key, `tag '${key}'`);
      } catch (e) {
        expect(e).toBeInstanceOf(AppFailure);
        continue;
      }
      for (const p of [path.posix, path.win32]) {
        const root = p === path.win32 ? 'C:\\export\\tags' : '/export/tags';
        const rel = p.relative(root, p.join(root, ...parts));
        const outside = rel === '..' || rel.startsWith(`..${p.sep}`) || p.isAbsolute(rel);
        expect(outside, `${key} under ${p === path.win32 ? 'win32' : 'posix'}`).toBe(false);
      }
    }
  });

  it('refuses to set a tag under the reserved airlock. prefix, so user tags never pose as run fields in a round trip', () => {
    const { store, ids } = seeded();
    const service = new ExperimentsService(store);
    for (const key of ['airlock.run.seed', 'airlock.run.target', 'airlock.model']) {
      expect(errorOf(() => service.setTag(ids[2], key, 'not-a-number'))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'key' } });
    }
    service.setTag(ids[2], 'airlock-notes', 'kept');
    const out = path.join(tempDir(), 'mlruns');
    exportMlruns(store, out);
    const fresh = tempProject();
    expect(importMlruns(fresh, out)).toMatchObject({ runs: 3, skipped: [] });
    for (const id of ids) expect(snapshot(fresh, id)).toEqual(snapshot(store, id));
    // our own airlock.* tags and fields came back whole
    expect(new RunsRepo(fresh.db).get(ids[0])).toMatchObject({ seed: 42, target: 'species', tags: { 'airlock.model': 'gbdt', 'airlock.task': 'multiclass' } });
    expect(new RunsRepo(fresh.db).get(ids[2]).tags).toMatchObject({ 'airlock-notes': 'kept' });
  });

  it('refuses to export a run holding a field tag set before the prefix was reserved, rather than import it back as a field', () => {
    const { store, ids } = seeded();
    new RunsRepo(store.db).setTag(ids[2], 'airlock.run.target', 'forged');
    const parent = tempDir();
    const error = errorOf(() => exportMlruns(store, path.join(parent, 'mlruns')));
    expect(error).toMatchObject({ code: 'BAD_INPUT' });
    expect(error.message).toContain(`Run ${ids[2]} has a tag 'airlock.run.target'`);
    expect(fs.readdirSync(parent)).toEqual([]);
    new ExperimentsService(store).setTag(ids[2], 'airlock.run.target', null);
    expect(exportMlruns(store, path.join(parent, 'mlruns')).runs).toBe(3);
  });

  it('writes and reads back params, tags and metrics named like Object members', () => {
    const names = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
    const pairs = (v: (n: string) => string) => Object.fromEntries(names.map((n) => [n, v(n)]));
    const { store, ids } = seeded({
      params: pairs((n) => `p-${n}`),
      tags: pairs((n) => `t-${n}`),
      steps: names.map((key, i) => ({ key, step: 0, value: i + 0.5, at: T0 })),
      metrics: {},
    });
    const out = path.join(tempDir(), 'mlruns');
    exportMlruns(store, out);
    const fresh = tempProject();
    importMlruns(fresh, out);
    const run = new RunsRepo(fresh.db).get(ids[0]);
    expect(Object.keys(run.params).sort()).toEqual([...names].sort());
    expect(Object.hasOwn(run.params, '__proto__') && run.params['__proto__']).toBe('p-__proto__');
    expect(Object.hasOwn(run.tags, 'constructor') && run.tags.constructor).toBe('t-constructor');
    expect(Object.hasOwn(run.metrics, 'toString') && run.metrics.toString).toBe(2.5);
    expect(snapshot(fresh, ids[0])).toEqual(snapshot(store, ids[0]));
  });
});
