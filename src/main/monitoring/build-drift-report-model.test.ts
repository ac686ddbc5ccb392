import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { succeededAs } from '../../shared/jobs';
import { driftRequest, monitorDefinition } from '../../shared/monitoring';
import type { OpenProject, Workbench } from '../app';
import { openDatasetColumns } from '../experiments/dataset-columns';
import { approve } from '../models/registry/approvals';
import { errorOf } from '../test-support/app-error-of';
import { openTestWorkbench, type TestWorkbench } from '../test-support/test-workbench';
import { mulberry32 } from '../training/splits';
import { UserProfiles } from '../users/user-profiles';
import { buildDriftReport } from './build-drift-report';
import { analysePredictions } from './prediction-drift';

let bench: TestWorkbench;
let app: Workbench;
let project: OpenProject;
let model = '';

/** y ~ Bernoulli(sigmoid(2 x1 + x2)); `x1Mean` shifts the input the model leans on most. */
function rows(seed: number, n: number, x1Mean = 0): string {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out = ['x1,x2,y'];
  for (let i = 0; i < n; i++) {
    const x1 = x1Mean + normal();
    const x2 = normal();
    out.push(`${x1.toFixed(5)},${x2.toFixed(5)},${random() < 1 / (1 + Math.exp(-(2 * x1 + x2))) ? 'yes' : 'no'}`);
  }
  return `${out.join('\n')}\n`;
}

beforeAll(async () => {
  bench = await openTestWorkbench(1);
  ({ app, project } = bench);
  await bench.importCsv('train', rows(1, 800));
  // production batches: the first like the training data, the second with x1 moved up by 1.5
  await bench.importCsv('prod', rows(2, 600));
  await bench.importCsv('prod', rows(3, 600, 1.5));
  const job = project.jobs.submit('train', 'train', { request: { dataset: 'train', target: 'y', features: ['x1', 'x2'], model: 'logreg', seed: 1, validation: 0.2, test: 0, register: 'train-clf' } });
  const done = await project.jobs.wait(job.id);
  if (!succeededAs(done, 'train') || !done.result.model) throw new Error(`train ended ${done.state}`);
  model = done.result.model;
}, 120_000);
afterAll(async () => {
  await app.closeProject();
});

describe('buildDriftReport with a model version', () => {
  it("puts the model's prediction drift, performance and CBPE in the report and each version window's figures beside its columns", async () => {
    const request = driftRequest.parse({ reference: { dataset: 'train', version: 1 }, current: { dataset: 'prod', version: 2 }, model, window: { kind: 'versions' }, multivariate: false });
    const messages: string[] = [];
    const report = await buildDriftReport(project.store, request, { progress: (_, m) => messages.push(m), checkCancelled: () => undefined }, { id: 'drift-00000000000000aa', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'tester', monitorId: null });

    const ref = openDatasetColumns(project.store, 'train', 1);
    const v1 = openDatasetColumns(project.store, 'prod', 1);
    const v2 = openDatasetColumns(project.store, 'prod', 2);
    const analysis = await analysePredictions(project.store, model, ref, v2, undefined, { checkCancelled: () => undefined });
    expect(report.model).toBe(model);
    expect(report.prediction).toEqual(analysis.result);
    expect(report.prediction).toMatchObject({ label: 'y', drift: { drift: true }, cbpe: { metric: 'accuracy' } });

    const [w1, w2] = report.windows!;
    expect(w1).toMatchObject({ label: 'prod@1', ...(await analysis.forWindow(v1, null)), predictionDrift: false });
    expect(w2).toMatchObject({ label: 'prod@2', ...(await analysis.forWindow(v2, null)), predictionDrift: true });
    expect(w1.estimatedPerformance).toBeGreaterThan(0.5);
    // the shifted batch drifts in x1 (and not in x2), the like-for-like batch in neither
    expect(w1.columns.map((c) => [c.column, c.drift])).toEqual([
      ['x1', false],
      ['x2', false],
      ['y', false],
    ]);
    expect(w2.columns.find((c) => c.column === 'x1')).toMatchObject({ drift: true });
    expect(messages.some((m) => m.includes(model))).toBe(true);
  });

  it('reads a model named NAME@ALIAS as the version the alias points at, and stores that NAME@VERSION in the report and the monitor', async () => {
    const profiles = new UserProfiles(app.dataDir);
    profiles.create('carol', 'correct horse battery');
    approve(project.store, profiles, { ref: model, alias: 'champion', user: 'carol', passphrase: 'correct horse battery', reason: 'best so far', evidence: [] });
    const request = driftRequest.parse({ reference: { dataset: 'train', version: 1 }, current: { dataset: 'prod', version: 1 }, model: 'train-clf@champion', multivariate: false });
    const meta = { id: 'drift-00000000000000ab', createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'tester', monitorId: null };
    const report = await buildDriftReport(project.store, request, { progress: () => undefined, checkCancelled: () => undefined }, meta);
    expect(model).toBe('train-clf@1');
    expect(report.model).toBe(model);
    expect(report.request.model).toBe(model);
    const monitor = project.monitoring.createMonitor(monitorDefinition.parse({ name: 'champion watch', reference: { dataset: 'train', version: 1 }, dataset: 'prod', model: 'train-clf@champion' }));
    expect(monitor.definition.model).toBe(model);
    expect(errorOf(() => project.monitoring.checkRequest({ ...request, model: 'train-clf@challenger' }))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
  });
});
