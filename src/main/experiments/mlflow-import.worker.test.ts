import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/domain';
import { JobRunner } from '../jobs/job-runner';
import { ProjectStore } from '../store/project-store';
import { RunsRepo } from '../store/runs-repo';
import { airlock } from '../test-support/run-cli';
import { SMALL_RUN_ID, smallMlruns } from '../test-support/small-mlruns';
import { tempDir, tempProject, testStoreOptions } from '../test-support/temp-project';

const T0 = 1_700_000_000_000;

function runner(updates: JobInfo[] = []): { jobs: JobRunner; store: ReturnType<typeof tempProject> } {
  const store = tempProject();
  return { store, jobs: new JobRunner(store, { appVersion: 'test', onUpdate: (j) => updates.push(j) }) };
}

describe("the 'mlflow.import' job", () => {
  it('imports a folder in a worker thread, reporting files and MiB read, and returns the summary as its result', async () => {
    const updates: JobInfo[] = [];
    const { jobs, store } = runner(updates);
    const job = jobs.submit('mlflow.import', 'import', { dir: smallMlruns() });
    const done = await jobs.wait(job.id, 60_000);
    expect(done).toMatchObject({ state: 'succeeded', result: { experiments: 1, runs: 1, artifacts: 1, metrics: 2, skipped: [] } });
    expect(updates.some((u) => u.state === 'running' && /^read \d+ of \d+ files \([\d.]+ of [\d.]+ MiB\)$/.test(u.message))).toBe(true);
    expect(new RunsRepo(store.db).get(SMALL_RUN_ID)).toMatchObject({ name: 'small', params: { lr: '0.1' }, metrics: { loss: 0.25 } });
    await jobs.close();
  }, 90_000);

  it('ends within seconds with MLFLOW_BAD_FILE naming a FIFO planted as a run meta.yaml, instead of waiting on it forever', async () => {
    const root = smallMlruns();
    const fifo = path.join(root, '0', SMALL_RUN_ID, 'meta.yaml');
    fs.rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    const { jobs, store } = runner();
    const started = Date.now();
    const job = jobs.submit('mlflow.import', 'import', { dir: root });
    const done = await jobs.wait(job.id, 30_000);
    // a worker thread starts in 1-3 s from TypeScript source; the FIFO itself costs nothing
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'MLFLOW_BAD_FILE', where: { file: fifo } } });
    expect(done.error!.message).toBe(`${fifo} is a FIFO, socket or device, not a plain file; Airlock reads only plain files inside the chosen folder.`);
    expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(0);
    await jobs.close();
  }, 60_000);

  it('refuses a FIFO among the param files, naming it, rather than skipping it silently', async () => {
    const root = smallMlruns();
    const fifo = path.join(root, '0', SMALL_RUN_ID, 'params', 'pipe');
    execFileSync('mkfifo', [fifo]);
    const { jobs } = runner();
    const done = await jobs.wait(jobs.submit('mlflow.import', 'import', { dir: root }).id, 30_000);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'MLFLOW_BAD_FILE', where: { file: fifo } } });
    await jobs.close();
  }, 60_000);

  it('stops when cancelled while a large metric file streams in, storing no run and no blob', async () => {
    const root = smallMlruns();
    const fd = fs.openSync(path.join(root, '0', SMALL_RUN_ID, 'metrics', 'long'), 'w');
    for (let start = 0; start < 1_000_000; start += 100_000) {
      let text = '';
      for (let i = start; i < start + 100_000; i++) text += `${T0 + i} ${i / 7} ${i}\n`;
      fs.writeSync(fd, text);
    }
    fs.closeSync(fd);
    const { jobs, store } = runner([]);
    // blobs/ is made on the first write, so a fresh project may have none yet
    const blobFolders = () => (fs.existsSync(store.blobs.dir) ? fs.readdirSync(store.blobs.dir).filter((d) => d !== 'tmp') : []);
    const blobsBefore = blobFolders();
    let cancelled = false;
    const job = jobs.submit('mlflow.import', 'import', { dir: root });
    const poll = setInterval(() => {
      const j = jobs.get(job.id);
      if (!cancelled && j.state === 'running' && j.fraction > 0) {
        cancelled = true;
        jobs.cancel(job.id);
      }
    }, 5);
    const done = await jobs.wait(job.id, 60_000);
    clearInterval(poll);
    expect(cancelled).toBe(true);
    expect(done).toMatchObject({ state: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    expect(new RunsRepo(store.db).query({ offset: 0, limit: 10, columns: [] }).total).toBe(0);
    expect(blobFolders()).toEqual(blobsBefore);
    await jobs.close();
  }, 90_000);

  it('is what `airlock mlflow import` runs: it follows the job, prints the summary, and a planted link is one error line', async () => {
    const project = path.join(tempDir(), 'project');
    ProjectStore.create(project, testStoreOptions).close();
    const linked = smallMlruns();
    fs.symlinkSync(tempDir('outside-'), path.join(linked, '0', SMALL_RUN_ID, 'tags'));
    const refused = await airlock('mlflow', 'import', linked, '--project', project);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^airlock: MLFLOW_BAD_FILE: .*\/tags is a symbolic link where a folder belongs/)]);
    const ok = await airlock('mlflow', 'import', smallMlruns(), '--project', project, '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ experiments: 1, runs: 1, artifacts: 1, metrics: 2 });
  }, 120_000);
});
