import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Workbench } from '../app';
import { LAB_V2_CHANGES, sampleTables } from '../samples/sample-data';
import { openSampleProject } from './sample-project';

describe('openSampleProject', () => {
  let tmp: string;
  let app: Workbench;

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-sample-project-'));
    app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tmp });
  });

  afterEach(async () => {
    await app.closeProject();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('creates the sample project in the data folder with both lab-measurements versions and their diff', async () => {
    const info = await openSampleProject(app);
    expect(info.path).toBe(path.join(tmp, 'sample-project'));

    const { datasets, jobs } = app.requireProject();
    const summaries = datasets.list();
    expect(summaries.map((d) => [d.name, d.versionCount]).sort()).toEqual([
      ['lab-measurements', 2],
      ['support-tickets', 1],
    ]);
    expect(jobs.list().every((j) => j.state === 'succeeded')).toBe(true);
    const runs = app.requireProject().experiments.query({ experiment: 'Sample', offset: 0, limit: 10, columns: ['attr:model_kind', 'attr:status'] });
    expect(runs.rows.map((r) => r.values[0]).sort()).toEqual(['gbdt', 'logreg', 'logreg', 'mlp']);
    expect(runs.rows.every((r) => r.values[1] === 'finished')).toBe(true);

    const versions = datasets.versions('lab-measurements');
    expect(versions.map((v) => v.rows).sort()).toEqual([LAB_V2_CHANGES.rowsV1, LAB_V2_CHANGES.rowsV1 + LAB_V2_CHANGES.rowsAdded - LAB_V2_CHANGES.rowsRemoved].sort());

    const diff = datasets.diff('lab-measurements', 1, 2);
    expect(diff.columnsAdded.map((c) => c.name)).toEqual([...LAB_V2_CHANGES.columnsAdded]);
    expect(diff.columnsRetyped.map((c) => c.name)).toEqual([...LAB_V2_CHANGES.columnsRetyped]);
    expect(diff.statChanges.some((s) => s.column === LAB_V2_CHANGES.driftedColumn && s.stat === 'mean')).toBe(true);
  });

  it('reopens an existing sample project without importing anything again', async () => {
    const dir = path.join(tmp, 'elsewhere');
    await openSampleProject(app, dir);
    const jobsBefore = app.requireProject().jobs.list().length;
    await app.closeProject();

    const info = await openSampleProject(app, dir);
    expect(info.path).toBe(dir);
    expect(app.requireProject().jobs.list()).toHaveLength(jobsBefore);
    expect(app.requireProject().datasets.list()).toHaveLength(2);
  });

  it('finishes a sample project whose making was cut short', async () => {
    const dir = path.join(tmp, 'half');
    await app.createProject(dir);
    const { jobs } = app.requireProject();
    const csv = path.join(tmp, 'v1.csv');
    fs.writeFileSync(csv, sampleTables()[0].versions[0].csv);
    await jobs.wait(jobs.submit('dataset.import', 'v1 only', { path: csv, fileName: 'lab-measurements-v1.csv', name: 'lab-measurements' }).id);
    await app.closeProject();

    await openSampleProject(app, dir);
    const counts = Object.fromEntries(app.requireProject().datasets.list().map((d) => [d.name, d.versionCount]));
    expect(counts).toEqual({ 'lab-measurements': 2, 'support-tickets': 1 });
  });
});
