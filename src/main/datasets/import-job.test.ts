import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobRunner } from '../jobs/job-runner';
import { DatasetsService } from './datasets-service';
import { countRows, tempProject, type TempProject } from './test-project';

let p: TempProject;
let jobs: JobRunner;
beforeEach(() => {
  p = tempProject();
  jobs = new JobRunner(p.store, { appVersion: 'test' });
});
afterEach(async () => {
  await jobs.close();
  p.cleanup();
});

it('imports a file as a job in a real worker thread, with its own connection to the project', async () => {
  const file = p.file('jobs.csv', 'a,b\n1,x\n2,y\n');
  const job = jobs.submit('dataset.import', 'Import jobs.csv as jobs', { path: file, fileName: 'jobs.csv', name: 'jobs' });
  const done = await jobs.wait(job.id, 30_000);
  expect(done).toMatchObject({ state: 'succeeded', result: { dataset: 'jobs', version: 1, rows: 2, columns: 2, reused: false } });
  expect(new DatasetsService(p.store).rows('jobs', 1, 0, 5).rows).toEqual([
    [1, 'x'],
    [2, 'y'],
  ]);
});

it('fails the job with the import error and stores nothing', async () => {
  const file = p.file('bad.csv', 'a,b\n1,2,3\n');
  const done = await jobs.wait(jobs.submit('dataset.import', 'Import bad.csv', { path: file, fileName: 'bad.csv', name: 'bad' }).id, 30_000);
  expect(done).toMatchObject({ state: 'failed', error: { code: 'CSV_RAGGED_ROW', where: { line: 2 } } });
  expect(countRows(p.store, 'dataset_versions')).toBe(0);
});
