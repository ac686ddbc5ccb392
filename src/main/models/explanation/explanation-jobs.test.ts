// The model.explain and model.fairness jobs end to end: real jobs in their child process through the job runner on a
// real project, an imported ONNX classifier, and stored evaluations whose numbers equal the groundwork functions' on
// the same rows through a bare onnxruntime session (so the wiring is checked; the maths is checked beside it).
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/domain';
import type { EvaluationReport } from '../../../shared/evaluations';
import { succeededAs } from '../../../shared/jobs';
import type { OpenProject } from '../../app';
import { pickRows, type ScoreFn } from '../../explain/black-box';
import { kernelShap } from '../../explain/kernel-shap';
import { partialDependence } from '../../explain/partial-dependence';
import { IMPORTANCE_METRICS, permutationImportance } from '../../explain/permutation-importance';
import { fairnessRows } from '../../fairness/fairness-inputs';
import { fairnessReport } from '../../fairness/fairness-report';
import { openDatasetColumns } from '../../experiments/dataset-columns';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { tempDir } from '../../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import type { FeatureColumn } from '../../training/model-types';
import { readEvaluation } from '../evaluations/store-evaluation';
import { importModel } from '../registry/model-import';
import { writeTestModel } from '../test-models';
import { sampleRows } from './evaluation-setup';
import { decisionModel, decisionsCsv } from './test-decisions';

let bench: TestWorkbench;
let project: OpenProject;
let modelFile: string;

const ROWS = 300;

const { call, refused } = channelCalls(() => bench.ctx);

/** The stored report of a succeeded explain or fairness job. */
async function reportOf(jobId: string): Promise<EvaluationReport> {
  const done: JobInfo = await project.jobs.wait(jobId);
  if (!(succeededAs(done, 'model.explain') || succeededAs(done, 'model.fairness'))) throw new Error(`${done.kind} ended ${done.state}: ${JSON.stringify(done.error)}`);
  expect(done.result.kind).toBe(done.kind === 'model.explain' ? 'explanation' : 'fairness');
  return readEvaluation(project.store, done.result.id);
}

/** The same model through a bare onnxruntime session: column a and b packed into x, the probability of 'grant'. */
async function bareModel(): Promise<{ score: ScoreFn; labels(columns: FeatureColumn[]): Promise<string[]> }> {
  const session = await ort.InferenceSession.create(modelFile);
  const run = async (columns: FeatureColumn[]) => {
    const n = columns[0].values.length;
    const x = new Float32Array(n * 2);
    columns.forEach((c, j) => {
      if (c.kind !== 'numeric') throw new Error('numeric columns only');
      for (let r = 0; r < n; r++) x[r * 2 + j] = c.values[r];
    });
    return { n, out: await session.run({ x: new ort.Tensor('float32', x, [n, 2]) }) };
  };
  return {
    score: async (columns) => {
      const { n, out } = await run(columns);
      const p = out.probabilities.data as Float32Array;
      return Float64Array.from({ length: n }, (_, r) => p[r * 2 + 1]);
    },
    labels: async (columns) => Array.from((await run(columns)).out.label.data as string[]),
  };
}

/** Columns a and b of the sampled rows, as the job reads them. */
function sampled(rows: Int32Array): FeatureColumn[] {
  const data = openDatasetColumns(project.store, 'people', 1);
  return ['a', 'b'].map((name) => pickRows(data.read(name), rows));
}

const expectClose = (actual: number[], expected: number[], what: string): void => {
  expect(actual.length, what).toBe(expected.length);
  // float32 model outputs in batches of another size: equal to well below the model's own precision
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `${what}[${i}]`).toBeLessThan(1e-9));
};

const upstream = (id: string): string[] =>
  new LineageRepo(project.store.db).graph({ node: { kind: 'evaluation', id }, direction: 'upstream', depth: 1 }).edges.map((e) => `${e.from.id} ${e.relation}`).sort();

const base = { model: 'clf@1', dataset: { dataset: 'people', version: 1 }, target: 'y', inputs: { x: ['a', 'b'] } };

beforeAll(async () => {
  bench = await openTestWorkbench();
  project = bench.project;
  await bench.importCsv('people', decisionsCsv(ROWS));
  modelFile = writeTestModel(tempDir(), 'clf.onnx', decisionModel());
  importModel(project.store, modelFile, { name: 'clf' });
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

describe('model.explain', () => {
  it('stores permutation importance of the probability of grant on the seeded sample, equal to permutationImportance on those rows, linked to both versions', async () => {
    const report = await reportOf((await call('models.explain', { ...base, method: 'permutation', maxRows: 120, repeats: 3, seed: 7 })).jobId);
    const rows = sampleRows(ROWS, 120, 7);
    const bare = await bareModel();
    const target = pickRows(openDatasetColumns(project.store, 'people', 1).read('y'), rows);
    if (target.kind === 'numeric') throw new Error('y is read as labels');
    const y = Float64Array.from(target.values, (v) => (v === 'grant' ? 1 : 0));
    const expected = await permutationImportance(sampled(rows), y, bare.score, IMPORTANCE_METRICS.roc_auc, { repeats: 3, seed: 7 });
    expect(report).toMatchObject({ kind: 'explanation', modelVersion: 'clf@1', datasetVersion: 'people@1', createdBy: project.store.actor, title: 'Permutation importance of clf@1 on people@1' });
    const body = report.body;
    if (body.kind !== 'explanation' || body.method !== 'permutation') throw new Error(`expected a permutation explanation, got ${body.kind}`);
    expect(body).toMatchObject({ rows: 120, datasetRows: ROWS, seed: 7, target: 'y', score: { kind: 'probability', output: 'probabilities', className: 'grant', classIndex: 1 }, runtime: { provider: 'cpu', skippedOutputs: [] } });
    expect(body.result.metric).toBe('roc_auc');
    expectClose([body.result.baseline], [expected.baseline], 'baseline');
    expect(body.result.columns.map((c) => c.name)).toEqual(['a', 'b']);
    body.result.columns.forEach((c, i) => expectClose(c.drops, expected.columns[i].drops, `drops of ${c.name}`));
    // the model leans on both columns, a more than b: the importances are not 0 = 0
    expect(body.result.columns[0].mean).toBeGreaterThan(body.result.columns[1].mean);
    expect(body.result.columns[1].mean).toBeGreaterThan(0);
    expect(upstream(report.id)).toEqual(['clf@1 evaluated', 'people@1 evaluated_on']);
  });

  it('stores partial dependence with ICE lines named by their dataset row, equal to partialDependence on the sampled rows', async () => {
    const report = await reportOf((await call('models.explain', { ...base, method: 'pdp', columns: ['a'], grid: 6, maxRows: 80, seed: 3 })).jobId);
    const rows = sampleRows(ROWS, 80, 3);
    const expected = await partialDependence(sampled(rows), 'a', (await bareModel()).score, { grid: 6, iceRows: 50 });
    const body = report.body;
    if (body.kind !== 'explanation' || body.method !== 'pdp') throw new Error('expected a pdp explanation');
    expect(body.result).toHaveLength(1);
    const [pd] = body.result;
    expect(pd.grid).toEqual(expected.grid);
    expectClose(pd.average, expected.average, 'average');
    expect(pd.ice.map((l) => l.row)).toEqual(expected.ice.map((l) => rows[l.row]));
    pd.ice.forEach((l, i) => expectClose(l.values, expected.ice[i].values, `ICE line of row ${l.row}`));
    expect(pd.average.at(-1)! - pd.average[0]).toBeGreaterThan(0.1);
  });

  it('stores KernelSHAP of every sampled row and the rows asked for, equal to kernelShap on those rows, with its k-means background', async () => {
    const report = await reportOf((await call('models.explain', { ...base, method: 'shap', rows: [5, 299], background: 4, maxRows: 20, seed: 11 })).jobId);
    const rows = sampleRows(ROWS, 20, 11, undefined, [5, 299]);
    const expected = await kernelShap(sampled(rows), Array.from(rows, (_, i) => i), (await bareModel()).score, { background: { k: 4 }, seed: 11 });
    const body = report.body;
    if (body.kind !== 'explanation' || body.method !== 'shap') throw new Error('expected a shap explanation');
    expect(body.rows).toBe(rows.length);
    expect(body.result.rows.map((r) => r.row)).toEqual(Array.from(rows));
    expect(body.result.rows.map((r) => r.row)).toEqual(expect.arrayContaining([5, 299]));
    expectClose([body.result.baseValue], [expected.baseValue], 'base value');
    body.result.rows.forEach((r, i) => expectClose(r.values, expected.rows[i].values, `SHAP values of row ${r.row}`));
    expectClose(body.result.meanAbs, expected.meanAbs, 'mean |SHAP|');
    expect(body.result.background.weights).toEqual(Array.from(expected.background.weights));
    expect(body.result.background.rows).toHaveLength(4);
    expect(Math.min(...body.result.meanAbs)).toBeGreaterThan(0);
  });

  it('explains a model trained and registered in Airlock, its inputs named like the columns and one of them categorical (a string input), with local values that add up to each prediction', async () => {
    const train = await project.jobs.wait((await call('train.start', { dataset: 'people', version: 1, target: 'y', model: 'logreg', features: ['a', 'b', 'group'], seed: 1, register: 'trained' })).jobId);
    if (!succeededAs(train, 'train') || train.result.model === null) throw new Error(`training registered no model: ${JSON.stringify(train.error)}`);
    const report = await reportOf((await call('models.explain', { model: train.result.model, dataset: base.dataset, target: 'y', method: 'shap', background: 3, maxRows: 12, seed: 2 })).jobId);
    const body = report.body;
    if (body.kind !== 'explanation' || body.method !== 'shap') throw new Error('expected a shap explanation');
    expect(body.score).toMatchObject({ kind: 'probability', className: 'grant' });
    expect(body.result.columns).toEqual(['a', 'b', 'group']);
    for (const r of body.result.rows) expect(Math.abs(r.values.reduce((x, v) => x + v, 0) - (r.prediction - body.result.baseValue))).toBeLessThan(1e-9);
    // the background keeps the categorical column's values, which the model takes as strings
    expect(body.result.background.rows.map((row) => row[2])).toEqual(expect.arrayContaining([expect.stringMatching(/^(north|south|east)$/)]));
    expect(body.result.meanAbs[0]).toBeGreaterThan(0);
  });

  it('a cancelled explanation stores nothing', async () => {
    await bench.importCsv('many', decisionsCsv(4000));
    const before = new EvaluationsRepo(project.store.db).list().length;
    const { jobId } = await call('models.explain', { ...base, dataset: { dataset: 'many', version: 1 }, method: 'shap', maxRows: 4000, background: 50 });
    const started = new Promise<void>((resolve) => {
      const stop = bench.app.events.listen((e) => {
        if (e.event === 'job.updated' && e.payload.id === jobId && e.payload.fraction > 0.06) {
          stop();
          resolve();
        }
      });
    });
    await started;
    await call('jobs.cancel', { id: jobId });
    expect((await project.jobs.wait(jobId)).state).toBe('cancelled');
    expect(new EvaluationsRepo(project.store.db).list().length).toBe(before);
  }, 30_000);
});

describe('model.fairness', () => {
  it("stores the report of the model's labels by group, equal to fairnessReport on the same rows, thresholds by Fairlearn's names turned into checks", async () => {
    const request = { ...base, sensitive: 'group', resamples: 200, seed: 3, thresholds: { demographic_parity_difference: 0.05, demographicParityRatio: 0.5 } };
    const report = await reportOf((await call('models.fairness', request)).jobId);
    const data = openDatasetColumns(project.store, 'people', 1);
    const all = Int32Array.from({ length: ROWS }, (_, i) => i);
    const labels = await (await bareModel()).labels(sampled(all));
    const rows = fairnessRows({ target: { name: 'y', values: data.read('y').values }, predicted: { name: 'label', values: labels }, sensitive: { name: 'group', values: data.read('group').values }, positive: 'grant' });
    const expected = fairnessReport({ ...rows, bootstrap: { resamples: 200, seed: 3 }, thresholds: { demographicParityDifference: 0.05, demographicParityRatio: 0.5 } });
    expect(report).toMatchObject({ kind: 'fairness', title: 'Fairness of clf@1 by group on people@1', modelVersion: 'clf@1', datasetVersion: 'people@1' });
    const body = report.body;
    if (body.kind !== 'fairness') throw new Error('expected a fairness report');
    // the positive label defaults to the second of the two sorted labels
    expect(body).toMatchObject({ sensitive: 'group', target: 'y', positive: 'grant', predictedFrom: 'label', droppedRows: 0 });
    expect(body.report).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(body.report.groups.map((g) => g.group)).toEqual(['east', 'north', 'south', null]);
    expect(body.report.checks.map((c) => c.metric)).toEqual(['demographicParityDifference', 'demographicParityRatio']);
    // north is granted more often: the groups really differ, so the agreement above is not between two zeros
    expect(body.report.disparities.demographicParityDifference.value).toBeGreaterThan(0.05);
    expect(body.report.checks[0].pass).toBe(false);
    expect(upstream(report.id)).toEqual(['clf@1 evaluated', 'people@1 evaluated_on']);
  });

  it('reads a yes / no target, which the import stores as a boolean column, as the yes and no the classifier predicts', async () => {
    await bench.importCsv('votes', decisionsCsv(ROWS).replace(/,grant$/gm, ',yes').replace(/,deny$/gm, ',no'));
    importModel(project.store, writeTestModel(tempDir(), 'yn.onnx', decisionModel(['no', 'yes'])), { name: 'yn' });
    expect(openDatasetColumns(project.store, 'votes', 1).schema.find((c) => c.name === 'y')?.type).toBe('boolean');
    // the same labels and groups as the grant / deny data: the same report
    const [report, same] = await Promise.all([
      call('models.fairness', { ...base, model: 'yn@1', dataset: { dataset: 'votes', version: 1 }, sensitive: 'group', resamples: 0 }),
      call('models.fairness', { ...base, sensitive: 'group', resamples: 0 }),
    ].map(async (started) => reportOf((await started).jobId)));
    const body = report.body;
    if (body.kind !== 'fairness' || same.body.kind !== 'fairness') throw new Error('expected fairness reports');
    expect(body.positive).toBe('yes');
    expect(body.report.groups).toEqual(same.body.report.groups);
    expect(body.report.overall.truePositiveRate).toBeGreaterThan(0.5);
  });

  it('refuses an unknown threshold before queueing a job, naming it', async () => {
    const jobs = project.jobs.list().length;
    const error = await refused('models.fairness', { ...base, sensitive: 'group', thresholds: { parity: 0.1 } });
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'thresholds.parity' } });
    expect(project.jobs.list()).toHaveLength(jobs);
  });

  it('fails a job given a target with more than two labels and no positive one, storing nothing', async () => {
    const before = new EvaluationsRepo(project.store.db).list().length;
    const three = await project.jobs.wait((await call('models.fairness', { ...base, target: 'group', sensitive: 'y' })).jobId);
    expect(three).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', where: { field: 'positive' } } });
    expect(new EvaluationsRepo(project.store.db).list().length).toBe(before);
  });
});
