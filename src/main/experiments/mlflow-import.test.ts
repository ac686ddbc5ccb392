import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fail } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import { MlflowRepo } from '../store/mlflow-repo';
import { RunsRepo } from '../store/runs-repo';
import { errorOf } from '../test-support/app-error-of';
import { tempDir, tempProject } from '../test-support/temp-project';
import { exportMlruns } from './mlflow-export';
import { importMlruns } from './mlflow-import';

const T0 = 1_700_000_000_000;
const RUN_A = 'a1'.repeat(16);
const RUN_B = 'b2'.repeat(16);
const RUN_C = 'c3'.repeat(16);
const RUN_DELETED = 'd4'.repeat(16);
const RUN_TRASHED = 'e5'.repeat(16);
const RUN_ABANDONED = 'f6'.repeat(16);
const PKL = Buffer.from([0x80, 0x04, 0x95, 0x00, 0xff, 0x10]);

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

/** meta.yaml of an experiment, as MLflow 2.x's FileStore writes it (PyYAML safe_dump). */
function experimentMeta(root: string, id: string, name: string, stage = 'active'): void {
  write(
    path.join(root, id, 'meta.yaml'),
    `artifact_location: file://${root}/${id}\ncreation_time: ${T0 - 86_400_000}\nexperiment_id: '${id}'\nlast_update_time: ${T0}\nlifecycle_stage: ${stage}\nname: ${name}\n`,
  );
}

interface RunSpec {
  status: number;
  name: string;
  end?: number | null;
  stage?: string;
  params?: Record<string, string>;
  metrics?: Record<string, string>;
  tags?: Record<string, string>;
  artifacts?: Record<string, string | Buffer>;
}

function run(root: string, expId: string, id: string, spec: RunSpec): void {
  const dir = path.join(root, expId, id);
  const end = spec.end === undefined ? T0 + 60_000 : spec.end;
  write(
    path.join(dir, 'meta.yaml'),
    [
      `artifact_uri: file://${dir}/artifacts`,
      `end_time: ${end === null ? 'null' : end}`,
      "entry_point_name: ''",
      `experiment_id: '${expId}'`,
      `lifecycle_stage: ${spec.stage ?? 'active'}`,
      `run_id: ${id}`,
      `run_name: ${spec.name}`,
      `run_uuid: ${id}`,
      "source_name: ''",
      'source_type: 4',
      "source_version: ''",
      `start_time: ${T0}`,
      `status: ${spec.status}`,
      'tags: []',
      'user_id: ada',
      '',
    ].join('\n'),
  );
  for (const folder of ['params', 'metrics', 'artifacts']) fs.mkdirSync(path.join(dir, folder), { recursive: true });
  const files = (folder: string, entries: Record<string, string | Buffer> = {}) => {
    for (const [key, content] of Object.entries(entries)) write(path.join(dir, folder, ...key.split('/')), content);
  };
  files('params', spec.params);
  files('metrics', spec.metrics);
  files('tags', { 'mlflow.runName': spec.name, 'mlflow.user': 'ada', ...spec.tags });
  files('artifacts', spec.artifacts);
}

/** Two experiments (Default "0" and "churn"), a deleted run, a deleted experiment, a .trash experiment and a model registry. */
function mlruns(options: { badMetric?: boolean } = {}): string {
  const root = path.join(tempDir('mlruns-'), 'mlruns');
  experimentMeta(root, '0', 'Default');
  run(root, '0', RUN_A, {
    status: 3,
    name: 'baseline',
    params: { lr: '0.01', 'optimizer/name': 'adam', 'model/layers/0/units': '64' },
    metrics: {
      loss: `${T0 + 1} 0.9 0\n${T0 + 2} 0.5 1\n${T0 + 3} 0.25 2\n`,
      'val/acc': `${T0 + 1} 0.5 0\n${T0 + 2} nan 1\n${T0 + 3} 0.75 2\n`,
    },
    tags: { 'mlflow.note.content': 'First try.\nLooks fine.', team: 'qa', 'mlflow.source.name': 'train.py' },
    artifacts: { 'model/MLmodel': 'flavors: {}\n', 'model/model.pkl': PKL, 'plots/roc.png': Buffer.from([0x89, 0x50, 0x4e, 0x47]), 'metrics.json': '{"auc": 0.9}' },
  });
  run(root, '0', RUN_B, {
    status: 1,
    name: 'still-going',
    end: null,
    params: { lr: '0.1' },
    // logged twice at step 1: MLflow reports the later timestamp
    metrics: { loss: `${T0 + 1} 0.8 0\n${T0 + 5} 0.6 1\n${T0 + 2} 0.7 1\n` },
  });
  experimentMeta(root, '1', 'churn');
  write(path.join(root, '1', 'tags', 'mlflow.note.content'), 'experiment description');
  run(root, '1', RUN_C, {
    status: 4,
    name: 'diverged',
    params: { lr: '10' },
    // out of order: the final value is the one at the max step, not the last line
    metrics: { loss: `${T0 + 1} 1.0 0\n${T0 + 2} inf 5\n${T0 + 3} 2.0 3\n`, ...(options.badMetric ? { auc: `${T0} 0.5 0\n${T0} 0.6 one\n` } : {}) },
  });
  run(root, '1', RUN_DELETED, { status: 3, name: 'oops', stage: 'deleted', metrics: { loss: 'not even parsed' } });
  experimentMeta(root, '3', 'abandoned', 'deleted');
  run(root, '3', RUN_ABANDONED, { status: 3, name: 'left' });
  experimentMeta(path.join(root, '.trash'), '2', 'old');
  run(path.join(root, '.trash'), '2', RUN_TRASHED, { status: 3, name: 'gone' });
  write(path.join(root, 'models', 'churn-model', 'meta.yaml'), 'name: churn-model\n');
  return root;
}

function auditActions(store: ProjectStore): string[] {
  return store.audit.list(1000).map((e) => e.action);
}

/** Everything a run holds, minus what depends on the project it sits in (seq) or how it arrived (source). */
function snapshot(store: ProjectStore, id: string) {
  const { seq: _seq, source: _source, ...detail } = new RunsRepo(store.db).get(id);
  const repo = new RunsRepo(store.db);
  return {
    detail,
    steps: new MlflowRepo(store.db).steps(id),
    artifacts: detail.artifacts.map((a) => store.blobs.get(repo.artifact(id, a.path).blob).toString('hex')),
  };
}

describe('MLflow import', () => {
  it('imports runs with params, metric histories, tags, notes and artifacts from a documented mlruns folder', () => {
    const store = tempProject();
    const root = mlruns();
    const summary = importMlruns(store, root);
    expect(summary).toMatchObject({ experiments: 2, runs: 3, artifacts: 4, metrics: 6 + 2 + 3, skipped: [
        { runId: RUN_ABANDONED, reason: "experiment 'abandoned' is deleted in MLflow" },
        { runId: RUN_DELETED, reason: 'deleted in MLflow' },
      ],
    });
    expect(summary.notes.join('\n')).toMatch(/1 deleted experiment\(s\) in \.trash were skipped/);
    expect(summary.notes.join('\n')).toMatch(/Registered models \(models\/\) were not imported/);

    const repo = new RunsRepo(store.db);
    expect(repo.get(RUN_A)).toMatchObject({
      id: RUN_A,
      name: 'baseline',
      experiment: 'Default',
      status: 'finished',
      source: 'mlflow',
      startedAt: new Date(T0).toISOString(),
      endedAt: new Date(T0 + 60_000).toISOString(),
      params: { lr: '0.01', 'optimizer/name': 'adam', 'model/layers/0/units': '64' },
      metrics: { loss: 0.25, 'val/acc': 0.75 },
      curves: ['loss', 'val/acc'],
      artifacts: [
        { path: 'metrics.json', size: 12, mediaType: 'application/json' },
        { path: 'model/MLmodel', size: 12, mediaType: 'application/yaml' },
        { path: 'model/model.pkl', size: PKL.length, mediaType: 'application/python-pickle' },
        { path: 'plots/roc.png', size: 4, mediaType: 'image/png' },
      ],
      tags: { team: 'qa', 'mlflow.runName': 'baseline', 'mlflow.user': 'ada', 'mlflow.source.name': 'train.py' },
      note: 'First try.\nLooks fine.',
    });
    expect(repo.curves([RUN_A], ['val/acc'], 100)).toEqual([{ runId: RUN_A, key: 'val/acc', steps: [0, 1, 2], values: [0.5, null, 0.75] }]);
    expect(new MlflowRepo(store.db).steps(RUN_A).filter((s) => s.key === 'loss').map((s) => s.at)).toEqual([T0 + 1, T0 + 2, T0 + 3]);
    expect(store.blobs.get(repo.artifact(RUN_A, 'model/model.pkl').blob).equals(PKL)).toBe(true);

    expect(repo.get(RUN_B)).toMatchObject({ status: 'killed', endedAt: null, metrics: { loss: 0.6 }, tags: { 'airlock.import.note': 'was RUNNING in MLflow' } });
    expect(repo.curves([RUN_B], ['loss'], 100)[0].values).toEqual([0.8, 0.6]);
    expect(repo.get(RUN_C)).toMatchObject({ experiment: 'churn', status: 'failed', metrics: { loss: Infinity } });

    expect(repo.query({ experiment: 'churn', offset: 0, limit: 10, columns: ['attr:name'] }).rows).toEqual([{ id: RUN_C, values: ['diverged'] }]);
    expect(repo.query({ offset: 0, limit: 10, columns: [], filters: [{ column: 'param:optimizer/name', op: '=', value: 'adam' }] }).total).toBe(1);
    expect(repo.experiments().map((e) => [e.name, e.runs, e.createdAt])).toEqual([
      ['Default', 2, new Date(T0 - 86_400_000).toISOString()],
      ['churn', 1, new Date(T0 - 86_400_000).toISOString()],
    ]);
    const entry = store.audit.list(10).find((e) => e.action === 'mlflow.import')!;
    expect(entry).toMatchObject({ target: `mlruns:${root}`, details: { experiments: 2, runs: 3, skipped: 2, artifacts: 4, metrics: 11 } });
  });

  it('refuses a metrics file whose line 2 is not "<ts> <value> <step>", naming file and line, and stores nothing', () => {
    const store = tempProject();
    const root = mlruns({ badMetric: true });
    const error = errorOf(() => importMlruns(store, root));
    expect(error).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: path.join(root, '1', RUN_C, 'metrics', 'auc'), line: 2 } });
    expect(error.message).toMatch(/Line 2 of metric file .*auc/);
    expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(0);
    expect(new RunsRepo(store.db).experiments()).toEqual([]);
    expect(auditActions(store)).not.toContain('mlflow.import');
  });

  it('refuses a folder that is not an mlruns folder', () => {
    const store = tempProject();
    expect(errorOf(() => importMlruns(store, tempDir()))).toMatchObject({ code: 'BAD_INPUT' });
    expect(errorOf(() => importMlruns(store, path.join(tempDir(), 'missing')))).toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('skips runs already imported when the same folder is imported again', () => {
    const store = tempProject();
    const root = mlruns();
    importMlruns(store, root);
    const again = importMlruns(store, root);
    expect(again).toMatchObject({ experiments: 0, runs: 0, artifacts: 0, metrics: 0 });
    expect(again.skipped).toEqual(
      expect.arrayContaining([
        { runId: RUN_A, reason: 'already imported' },
        { runId: RUN_B, reason: 'already imported' },
        { runId: RUN_C, reason: 'already imported' },
        { runId: RUN_DELETED, reason: 'deleted in MLflow' },
      ]),
    );
    expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(3);
    expect(auditActions(store).filter((a) => a === 'mlflow.import')).toHaveLength(1);
  });

  it('imports only the experiment asked for', () => {
    const store = tempProject();
    expect(importMlruns(store, mlruns(), { experiment: 'churn' })).toMatchObject({ experiments: 1, runs: 1 });
    expect(new RunsRepo(store.db).experiments().map((e) => e.name)).toEqual(['churn']);
  });

  it('gives back the same runs after an imported folder is exported and imported into a fresh project', () => {
    const first = tempProject();
    importMlruns(first, mlruns());
    const out = path.join(tempDir(), 'export');
    expect(exportMlruns(first, out)).toEqual({ experiments: 2, runs: 3, artifacts: 4 });
    const second = tempProject();
    expect(importMlruns(second, out)).toMatchObject({ experiments: 2, runs: 3, skipped: [] });
    for (const id of [RUN_A, RUN_B, RUN_C]) expect(snapshot(second, id)).toEqual(snapshot(first, id));
  });
});

const SECRET = 'SECRET-FROM-OUTSIDE';

/** Every file under dir (at any depth), for "nothing from outside ended up here" checks. */
function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function projectHolds(store: ProjectStore, text: string): boolean {
  return filesUnder(store.dir).some((f) => fs.readFileSync(f).includes(text));
}

/** A folder outside the mlruns folder, holding what a planted link would expose. */
function outside(files: Record<string, string>): string {
  const dir = tempDir('outside-');
  for (const [name, content] of Object.entries(files)) write(path.join(dir, name), content);
  return dir;
}

function replaceWithLink(target: string, linkPath: string): void {
  fs.rmSync(linkPath, { recursive: true, force: true });
  fs.symlinkSync(target, linkPath);
}

/** Every file and folder under blobs/ but its tmp/ folder. */
function blobListing(store: ProjectStore): string[] {
  return (fs.readdirSync(store.blobs.dir, { recursive: true }) as string[]).filter((f) => !f.startsWith('tmp')).sort();
}

describe('MLflow import stays inside the chosen folder', () => {
  const runFolders: [string, Record<string, string>][] = [
    ['params', { stolen: SECRET }],
    ['metrics', { stolen: `${T0} 42.0 0\n` }],
    ['tags', { stolen: SECRET }],
    ['artifacts', { 'stolen.txt': SECRET }],
  ];
  for (const [folder, files] of runFolders) {
    it(`refuses a run whose ${folder}/ is a symlink to a folder outside, naming it, and stores nothing from outside`, () => {
      const store = tempProject();
      const root = mlruns();
      const link = path.join(root, '0', RUN_A, folder);
      replaceWithLink(outside(files), link);
      const error = errorOf(() => importMlruns(store, root));
      expect(error).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: link } });
      expect(error.message).toContain(link);
      expect(error.message).not.toContain('\n');
      expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(0);
      expect(projectHolds(store, SECRET)).toBe(false);
      expect(projectHolds(store, '42.0')).toBe(false);
    });
  }

  it('refuses symlinked experiment folders, run folders, meta.yaml and param files, naming each', () => {
    const foreign = path.join(tempDir('outside-'), 'mlruns');
    experimentMeta(foreign, '7', 'foreign');
    run(foreign, '7', RUN_TRASHED, { status: 3, name: 'foreign', params: { lr: SECRET } });
    const cases: [string, (root: string) => string][] = [
      ['experiment folder', (root) => { fs.symlinkSync(path.join(foreign, '7'), path.join(root, '7')); return path.join(root, '7'); }],
      ['run folder', (root) => { fs.symlinkSync(path.join(foreign, '7', RUN_TRASHED), path.join(root, '0', RUN_TRASHED)); return path.join(root, '0', RUN_TRASHED); }],
      ['meta.yaml', (root) => { replaceWithLink(path.join(foreign, '7', RUN_TRASHED, 'meta.yaml'), path.join(root, '0', RUN_A, 'meta.yaml')); return path.join(root, '0', RUN_A, 'meta.yaml'); }],
      ['param file', (root) => { fs.symlinkSync(path.join(foreign, '7', RUN_TRASHED, 'params', 'lr'), path.join(root, '0', RUN_A, 'params', 'stolen')); return path.join(root, '0', RUN_A, 'params', 'stolen'); }],
    ];
    for (const [what, plant] of cases) {
      const store = tempProject();
      const root = mlruns();
      const link = plant(root);
      const error = errorOf(() => importMlruns(store, root));
      expect(error, what).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: link } });
      expect(error.message, what).toMatch(/symbolic link/);
      expect(projectHolds(store, SECRET), what).toBe(false);
    }
  });

  it('refuses a plain file where params/ belongs with one MLFLOW_BAD_FILE line naming it', () => {
    const store = tempProject();
    const root = mlruns();
    const params = path.join(root, '0', RUN_A, 'params');
    fs.rmSync(params, { recursive: true });
    fs.writeFileSync(params, 'lr=0.1');
    const error = errorOf(() => importMlruns(store, root));
    expect(error).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: params } });
    expect(error.message).toBe(`${params} is a file where a folder belongs; Airlock reads only real folders inside the chosen one.`);
  });

  it('does not follow an artifact_uri outside the folder: the run is imported without those artifacts, with a note', () => {
    const store = tempProject();
    const root = mlruns();
    const elsewhere = outside({ 'model.pkl': SECRET });
    const meta = path.join(root, '1', RUN_C, 'meta.yaml');
    fs.rmSync(path.join(root, '1', RUN_C, 'artifacts'), { recursive: true });
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/^artifact_uri: .*$/m, `artifact_uri: ${pathToFileURL(elsewhere).href}`));
    const summary = importMlruns(store, root);
    expect(summary.runs).toBe(3);
    expect(new RunsRepo(store.db).get(RUN_C).artifacts).toEqual([]);
    expect(summary.notes).toContain(`Artifacts of run ${RUN_C} are at ${pathToFileURL(elsewhere).href}, which is not a folder inside ${root}; they were not imported.`);
    expect(projectHolds(store, SECRET)).toBe(false);
  });

  it('follows an artifact_uri that names a folder inside the chosen one', () => {
    const store = tempProject();
    const root = mlruns();
    write(path.join(root, 'shared-artifacts', RUN_C, 'report.txt'), 'inside');
    const meta = path.join(root, '1', RUN_C, 'meta.yaml');
    fs.rmSync(path.join(root, '1', RUN_C, 'artifacts'), { recursive: true });
    fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/^artifact_uri: .*$/m, `artifact_uri: ${pathToFileURL(path.join(root, 'shared-artifacts', RUN_C)).href}`));
    importMlruns(store, root);
    expect(new RunsRepo(store.db).get(RUN_C).artifacts).toMatchObject([{ path: 'report.txt', size: 6 }]);
  });

  it('skips a symlinked artifact file inside artifacts/ with a note naming it', () => {
    const store = tempProject();
    const root = mlruns();
    const link = path.join(root, '0', RUN_A, 'artifacts', 'stolen.txt');
    fs.symlinkSync(path.join(outside({ 's.txt': SECRET }), 's.txt'), link);
    const summary = importMlruns(store, root);
    expect(summary.notes).toContain(`${link} is a symbolic link, not an artifact; it was skipped.`);
    expect(projectHolds(store, SECRET)).toBe(false);
  });
});

describe('MLflow import of hostile or unusual files', () => {
  it('refuses a meta.yaml alias bomb with MLFLOW_BAD_FILE naming the file, on one line', () => {
    const store = tempProject();
    const root = mlruns();
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    let prev = 'a';
    for (const n of 'bcdefghi') {
      lines.push(`${n}: &${n} [${Array(9).fill(`*${prev}`).join(', ')}]`);
      prev = n;
    }
    const meta = path.join(root, '0', 'meta.yaml');
    fs.writeFileSync(meta, `${lines.join('\n')}\nexperiment_id: '0'\nname: Default\n`);
    const error = errorOf(() => importMlruns(store, root));
    expect(error).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: meta } });
    expect(error.message).toMatch(/^meta\.yaml expands its YAML aliases too far/);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a meta.yaml over 1 MiB naming the file, without parsing it', () => {
    const store = tempProject();
    const root = mlruns();
    const meta = path.join(root, '1', RUN_C, 'meta.yaml');
    fs.appendFileSync(meta, `# ${'x'.repeat(2 << 20)}\n`);
    expect(errorOf(() => importMlruns(store, root))).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: meta } });
  });

  it('refuses a param or tag file over 1 MiB naming it, instead of loading it', () => {
    for (const folder of ['params', 'tags']) {
      const store = tempProject();
      const root = mlruns();
      const big = path.join(root, '0', RUN_A, folder, 'huge');
      write(big, 'x'.repeat((1 << 20) + 1));
      const error = errorOf(() => importMlruns(store, root));
      expect(error).toMatchObject({ code: 'MLFLOW_BAD_FILE', where: { file: big } });
      expect(error.message).toBe(`${big} is ${(1 << 20) + 1} bytes; Airlock reads at most ${1 << 20} bytes from such a file.`);
    }
  });

  it('imports artifacts, params, tags and metrics named constructor, __proto__ or toString', () => {
    const store = tempProject();
    const root = path.join(tempDir('mlruns-'), 'mlruns');
    experimentMeta(root, '0', 'Default');
    run(root, '0', RUN_A, {
      status: 3,
      name: 'object-members',
      // fromEntries, because a '__proto__' key in an object literal sets the prototype instead of adding a key
      params: Object.fromEntries([['constructor', 'p1'], ['__proto__', 'p2'], ['toString', 'p3']]),
      metrics: Object.fromEntries([['constructor', `${T0} 1.5 0\n`], ['__proto__', `${T0} 2.5 0\n`]]),
      tags: { constructor: 't1', hasOwnProperty: 't2' },
      artifacts: Object.fromEntries([['constructor', 'a1'], ['__proto__', 'a2'], ['x.toString', 'a3'], ['model/valueOf', 'a4']]),
    });
    expect(importMlruns(store, root)).toMatchObject({ runs: 1, artifacts: 4 });
    const got = new RunsRepo(store.db).get(RUN_A);
    expect(Object.entries(got.params).sort()).toEqual([['__proto__', 'p2'], ['constructor', 'p1'], ['toString', 'p3']]);
    expect(Object.hasOwn(got.metrics, '__proto__') && got.metrics['__proto__']).toBe(2.5);
    expect(Object.hasOwn(got.tags, 'constructor') && got.tags.constructor).toBe('t1');
    expect(got.artifacts.map((a) => [a.path, a.mediaType])).toEqual([
      ['__proto__', 'application/octet-stream'],
      ['constructor', 'application/octet-stream'],
      ['model/valueOf', 'application/octet-stream'],
      ['x.toString', 'application/octet-stream'],
    ]);
  });
});

describe('MLflow import leaves no orphan blobs', () => {
  /** One run whose artifact shares content with run A's metrics.json, imported first so its blob predates the failing import. */
  function projectWithOneBlob(): ProjectStore {
    const store = tempProject();
    const earlier = path.join(tempDir('mlruns-'), 'mlruns');
    experimentMeta(earlier, '0', 'Default');
    run(earlier, '0', RUN_TRASHED, { status: 3, name: 'earlier', artifacts: { 'metrics.json': '{"auc": 0.9}' } });
    importMlruns(store, earlier);
    return store;
  }

  it('removes the blobs it wrote when an artifact of a later run vanishes mid-import, keeping blobs the project held', () => {
    const store = projectWithOneBlob();
    const before = blobListing(store);
    expect(before).toHaveLength(2);
    const root = mlruns();
    write(path.join(root, '1', RUN_C, 'artifacts', 'late.bin'), Buffer.alloc(4096, 7));
    const vanishing = path.join(root, '1', RUN_C, 'artifacts', 'late.bin');
    const watch = { progress: () => fs.rmSync(vanishing, { force: true }), checkCancelled: () => undefined };
    const error = errorOf(() => importMlruns(store, root, {}, watch));
    expect(error).toMatchObject({ code: 'FILE_VANISHED', where: { file: vanishing } });
    expect(blobListing(store)).toEqual(before);
    expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(1);
  });

  it('removes the blobs it wrote when cancelled after its artifacts were stored, just before commit', () => {
    const store = projectWithOneBlob();
    const before = blobListing(store);
    let allRead = false;
    const watch = {
      progress: (_f: number, message: string) => {
        const m = /^read (\d+) of (\d+) files/.exec(message);
        if (m && m[1] === m[2]) allRead = true;
      },
      checkCancelled: () => {
        if (allRead) fail('JOB_CANCELLED', 'Cancelled by the user; nothing was stored.');
      },
    };
    const error = errorOf(() => importMlruns(store, mlruns(), {}, watch));
    expect(error.code).toBe('JOB_CANCELLED');
    expect(allRead).toBe(true);
    expect(blobListing(store)).toEqual(before);
    expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(1);
  });
});
