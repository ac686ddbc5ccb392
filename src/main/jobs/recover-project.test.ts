import fs from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../app';
import { ProjectStore } from '../store/project-store';
import { deadPid } from '../test-support/dead-pid';
import { tempDir, tempProject, testStoreOptions } from '../test-support/temp-project';
import { JobRunner } from './job-runner';
import { recoverProject } from './recover-project';

function insertStudy(store: ProjectStore, id: string, jobId: string): void {
  store.db.prepare("INSERT OR IGNORE INTO experiments (id, name, created_at) VALUES (1, 'Default', '2026-01-01')").run();
  store.db
    .prepare(
      `INSERT INTO studies (id, experiment_id, name, dataset_version, target, model_kind, sampler, direction, metric, space, n_trials, created_at, job_id)
       VALUES (?, 1, ?, 'd@1', 'y', 'logreg', 'tpe', 'minimize', 'val_loss', '{}', 10, '2026-01-01', ?)`,
    )
    .run(id, id, jobId);
}

const studyState = (store: ProjectStore, id: string): string => store.db.prepare('SELECT state FROM studies WHERE id = ?').pluck().get(id) as string;

describe('recovery on open', () => {
  it("marks interrupted only the running studies whose job's owner is gone", async () => {
    const store = tempProject();
    const serving = new JobRunner(store, { appVersion: 'test' });
    const live = serving.submit('test.sleep', 'a study elsewhere', { steps: 40, stepMs: 50 });
    store.db
      .prepare(
        `INSERT INTO jobs (id, kind, title, state, input, created_at, owner_instance, owner_pid, owner_host, heartbeat_ms)
         VALUES ('dead-study-job', 'study', 't', 'running', '{}', '2026-01-01', 'dead-owner', ?, ?, ?)`,
      )
      .run(deadPid(), os.hostname(), Date.now());
    insertStudy(store, 'alive', live.id);
    insertStudy(store, 'orphaned', 'dead-study-job');

    const opened = ProjectStore.open(store.dir, testStoreOptions);
    const recovery = recoverProject(opened, new JobRunner(opened, { appVersion: 'test' }));
    expect(recovery).toMatchObject({ interrupted: ['dead-study-job'], othersActive: true, studiesInterrupted: 1, orphanBlobsRemoved: null });
    expect([studyState(store, 'alive'), studyState(store, 'orphaned')]).toEqual(['running', 'interrupted']);
    opened.close();
    await serving.close();
  });

  it('sweeps orphan blobs on open only while no other live process has a job running', async () => {
    const store = tempProject();
    const orphan = store.blobs.put(Buffer.from('written by a job that was killed before it committed'));
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(store.blobs.pathOf(orphan), old, old);
    const serving = new JobRunner(store, { appVersion: 'test' });
    const job = serving.submit('test.sleep', 'running elsewhere', { steps: 30, stepMs: 50 });

    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
    await app.openProject(store.dir);
    expect(store.blobs.has(orphan)).toBe(true);
    await app.closeProject();

    await serving.wait(job.id);
    await app.openProject(store.dir);
    expect(store.blobs.has(orphan)).toBe(false);
    await app.closeProject();
    await serving.close();
  });
});
