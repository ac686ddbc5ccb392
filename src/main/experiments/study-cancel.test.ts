import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleTables } from '../samples/sample-data';
import { openTestWorkbench, type TestWorkbench } from '../test-support/test-workbench';

let bench: TestWorkbench;

beforeAll(async () => {
  bench = await openTestWorkbench(2);
  await bench.importCsv('lab-measurements', sampleTables().find((t) => t.name === 'lab-measurements')!.versions[0].csv);
}, 120_000);
afterAll(async () => {
  await bench.app.closeProject();
});

// Trials run on the study's trial threads (TrialPool), which see the user's Cancel through a flag the study sets: the
// study itself must see its trials stop and mark itself cancelled, rather than be stopped outright after the grace period.
it('cancelling a study stops its running trials, stores none of them, and marks the study cancelled', async () => {
  const { app, project } = bench;
  const job = project.jobs.submit('study', 'long study', {
    request: {
      train: { dataset: 'lab-measurements', target: 'label', model: 'gbdt', params: { max_iter: 5000, learning_rate: 0.001 } },
      space: { l2_regularization: { type: 'float', low: 0.1, high: 1 } },
      trials: 4,
      sampler: 'random',
      parallel: 2,
      prune: false,
    },
  });
  // the study says it starts its trials; a moment later they are training on their threads
  await new Promise<void>((resolve) => {
    const off = app.events.listen((e) => {
      if (e.event === 'job.updated' && e.payload.id === job.id && /starting/.test(e.payload.message)) {
        off();
        resolve();
      }
    });
  });
  await new Promise((r) => setTimeout(r, 1500));
  project.jobs.cancel(job.id);
  expect((await project.jobs.wait(job.id)).state).toBe('cancelled');
  const studies = project.experiments.studyList();
  expect(studies).toHaveLength(1);
  expect(project.experiments.study(studies[0].id)).toMatchObject({ state: 'cancelled' });
  expect(project.experiments.query({ study: studies[0].id, offset: 0, limit: 10, columns: [] }).total).toBe(0);
}, 120_000);
