import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../app';
import { referencedBlobs } from '../store/blob-references';
import { ProjectStore } from '../store/project-store';
import { killInCommit, killMidJob } from '../test-support/kill-mid-job';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

/** Every blob file in the project's store, by hash. */
function blobsOnDisk(projectDir: string): string[] {
  const root = path.join(projectDir, 'blobs');
  return fs.readdirSync(root).filter((d) => /^[a-f0-9]{2}$/.test(d)).flatMap((d) => fs.readdirSync(path.join(root, d)));
}

/** Blob files no row references, read without opening the project through recovery. */
function orphanBlobs(projectDir: string): string[] {
  const store = ProjectStore.open(projectDir, testStoreOptions);
  try {
    const referenced = referencedBlobs(store.db);
    return blobsOnDisk(projectDir).filter((h) => !referenced.has(h));
  } finally {
    store.close();
  }
}

/** A project holding one small imported dataset 'lab' (numeric features, a binary label), for training on. */
async function projectWithDataset(): Promise<string> {
  const dir = path.join(tempDir(), 'project');
  const csv = path.join(tempDir(), 'lab.csv');
  const lines = ['x1,x2,x3,label'];
  for (let i = 0; i < 400; i++) lines.push(`${(i * 0.37) % 7},${(i * 1.3) % 11},${i % 5},${(i * 0.37) % 7 + (i % 5) > 5 ? 'a' : 'b'}`);
  fs.writeFileSync(csv, lines.join('\n'));
  const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
  await app.createProject(dir);
  const p = app.requireProject();
  const job = p.jobs.submit('dataset.import', 'import lab', { path: csv, fileName: 'lab.csv', name: 'lab' });
  expect((await p.jobs.wait(job.id)).state).toBe('succeeded');
  await app.closeProject();
  return dir;
}

/** An empty project folder, and in another folder a CSV named `fileName` of `rows` rows (id,value,group) to import into it. */
function emptyProjectAndCsv(fileName: string, rows: number): { dir: string; csv: string } {
  const dir = path.join(tempDir(), 'project');
  ProjectStore.create(dir, testStoreOptions).close();
  const csv = path.join(tempDir(), fileName);
  const lines = ['id,value,group'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${(i * 0.37) % 101},g${i % 7}`);
  fs.writeFileSync(csv, lines.join('\n'));
  return { dir, csv };
}

/** Opens the project as the next process would, and returns what a killed job must not have left behind. */
async function afterReopen(dir: string) {
  const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
  await app.openProject(dir);
  const p = app.requireProject();
  const seen = {
    jobs: p.jobs.list().map((j) => ({ kind: j.kind, state: j.state })),
    runs: p.store.db.prepare('SELECT COUNT(*) FROM runs').pluck().get(),
    modelVersions: p.store.db.prepare('SELECT COUNT(*) FROM model_versions').pluck().get(),
    datasets: p.datasets.list().map((d) => d.name),
    studies: p.store.db.prepare('SELECT state FROM studies').pluck().all(),
    audit: p.store.audit.list(100).map((e) => e.action).sort(),
    auditIntact: p.store.audit.verify().ok,
  };
  await app.closeProject();
  return { ...seen, orphans: orphanBlobs(dir), tempFiles: fs.readdirSync(path.join(dir, 'blobs', 'tmp')) };
}

describe('crash recovery', () => {
  it('shows a job as interrupted after its process is killed with SIGKILL', async () => {
    const dir = path.join(tempDir(), 'project');
    ProjectStore.create(dir, testStoreOptions).close();
    await killMidJob(dir, 'test.sleep', { steps: 10_000, stepMs: 10 });

    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
    await app.openProject(dir);
    const jobs = app.requireProject().jobs.list();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ state: 'interrupted', error: { code: 'JOB_INTERRUPTED' }, result: null });
    expect(app.requireProject().store.audit.verify().ok).toBe(true);
    await app.closeProject();
  });

  it('keeps no partial dataset when an import is killed midway', async () => {
    const { dir, csv } = emptyProjectAndCsv('big.csv', 1_500_000);
    await killMidJob(dir, 'dataset.import', { path: csv, fileName: 'big.csv', name: 'big' });

    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
    await app.openProject(dir);
    const p = app.requireProject();
    expect(p.jobs.list()[0]).toMatchObject({ kind: 'dataset.import', state: 'interrupted' });
    expect(p.datasets.list()).toEqual([]);
    expect(p.store.audit.list(10).map((e) => e.action)).toEqual(['project.create']);
    await app.closeProject();
  });

  describe('killed inside the transaction that commits its work', () => {
    it('leaves no run, model or audit entry of a training run, shows it interrupted, and sweeps its blobs on the next open', async () => {
      const dir = await projectWithDataset();
      await killInCommit(dir, 'train', { request: { dataset: 'lab', target: 'label', model: 'logreg' } }, 'run.record');
      expect(orphanBlobs(dir).length).toBeGreaterThan(0);

      const after = await afterReopen(dir);
      expect(after.jobs).toEqual([{ kind: 'train', state: 'interrupted' }, { kind: 'dataset.import', state: 'succeeded' }]);
      expect(after).toMatchObject({ runs: 0, modelVersions: 0, auditIntact: true, orphans: [], tempFiles: [] });
      expect(after.audit).not.toContain('run.record');
    }, 180_000);

    it('leaves no trial run of a study, marks the study and its job interrupted, and sweeps the blobs on the next open', async () => {
      const dir = await projectWithDataset();
      await killInCommit(dir, 'study', { request: { train: { dataset: 'lab', target: 'label', model: 'logreg' }, trials: 3, parallel: 1, sampler: 'random' } }, 'run.record');
      expect(orphanBlobs(dir).length).toBeGreaterThan(0);

      const after = await afterReopen(dir);
      expect(after.jobs).toEqual([{ kind: 'study', state: 'interrupted' }, { kind: 'dataset.import', state: 'succeeded' }]);
      expect(after).toMatchObject({ runs: 0, modelVersions: 0, studies: ['interrupted'], auditIntact: true, orphans: [], tempFiles: [] });
      expect(after.audit).not.toContain('run.record');
    }, 180_000);

    it('leaves no dataset version or audit entry of an import, shows it interrupted, and sweeps its chunks on the next open', async () => {
      const { dir, csv } = emptyProjectAndCsv('assays.csv', 20_000);
      await killInCommit(dir, 'dataset.import', { path: csv, fileName: 'assays.csv', name: 'assays' }, 'dataset.import');
      expect(orphanBlobs(dir).length).toBeGreaterThan(0);

      const after = await afterReopen(dir);
      expect(after.jobs).toEqual([{ kind: 'dataset.import', state: 'interrupted' }]);
      expect(after).toMatchObject({ datasets: [], auditIntact: true, orphans: [], tempFiles: [] });
      expect(after.audit).not.toContain('dataset.import');
    }, 180_000);
  });
});
