import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../app';
import { ProjectStore } from '../store/project-store';
import { killMidJob } from '../test-support/kill-mid-job';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

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
    const dir = path.join(tempDir(), 'project');
    ProjectStore.create(dir, testStoreOptions).close();
    const csv = path.join(tempDir(), 'big.csv');
    const lines = ['id,value,group'];
    for (let i = 0; i < 1_500_000; i++) lines.push(`${i},${(i * 0.37) % 101},g${i % 7}`);
    fs.writeFileSync(csv, lines.join('\n'));
    await killMidJob(dir, 'dataset.import', { path: csv, fileName: 'big.csv', name: 'big' });

    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
    await app.openProject(dir);
    const p = app.requireProject();
    expect(p.jobs.list()[0]).toMatchObject({ kind: 'dataset.import', state: 'interrupted' });
    expect(p.datasets.list()).toEqual([]);
    expect(p.store.audit.list(10).map((e) => e.action)).toEqual(['project.create']);
    await app.closeProject();
  });
});
