import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequestInput } from '../../shared/experiment-requests';
import { AppFailure } from '../../shared/errors';
import { succeededAs } from '../../shared/jobs';
import type { OpenProject, Workbench } from '../app';
import { openDatasetColumns, type DatasetColumns } from '../experiments/dataset-columns';
import { BATCH_ROWS } from '../onnx/parity';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import { errorOf, rejectionOf } from '../test-support/app-error-of';
import { openTestWorkbench, type TestWorkbench } from '../test-support/test-workbench';
import type { TrainedModel } from '../training/model-types';
import { argmaxRows, predictMatrix } from '../training/predict';
import { transform } from '../training/preprocess';
import { mulberry32 } from '../training/splits';
import { loadScoringModel, scoreDataset } from './model-scoring';
import { analysePredictions, PREDICTION_COLUMN } from './prediction-drift';

let bench: TestWorkbench;
let app: Workbench;
let project: OpenProject;
/** model version ids trained in beforeAll */
const models: Record<'logreg' | 'overfit' | 'linreg' | 'flag' | 'band', string> = { logreg: '', overfit: '', linreg: '', flag: '', band: '' };

const ROWS = 2000;
const COLOURS = ['red', 'green', 'blue'];

/**
 * Rows from a logistic model: x1, x2 ~ N(mean, 1), colour uniform, y ~ Bernoulli(sigmoid(sign * 2 x1 + x2 + effect))
 * as accept/reject and again as the boolean `flag` (true = reject), a numeric target `amount` = sign * 3 x1 - x2 +
 * N(0, 0.5) for regression, and three classes `band` from x2 + N(0, 0.5). A logistic regression fits y exactly, so its
 * probabilities are calibrated; `sign` = -1 flips the relation between inputs and label (concept drift).
 */
function rows(seed: number, options: { x1Mean?: number; sign?: number; label?: boolean; n?: number } = {}): string {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const { x1Mean = 0, sign = 1, label = true, n = ROWS } = options;
  const out = [label ? 'x1,x2,colour,y,flag,amount,band' : 'x1,x2,colour'];
  for (let i = 0; i < n; i++) {
    const x1 = x1Mean + normal();
    const x2 = normal();
    const c = Math.floor(random() * 3);
    const score = sign * 2 * x1 + x2 + [0.5, 0, -0.5][c];
    const y = random() < 1 / (1 + Math.exp(-score)) ? 'accept' : 'reject';
    const amount = sign * 3 * x1 - x2 + 0.5 * normal();
    const b = x2 + 0.5 * normal();
    const band = b < -0.5 ? 'low' : b < 0.5 ? 'mid' : 'high';
    const cells = [x1.toFixed(6), x2.toFixed(6), COLOURS[c]];
    out.push((label ? [...cells, y, String(y === 'reject'), amount.toFixed(6), band] : cells).join(','));
  }
  return `${out.join('\n')}\n`;
}

/** Trains and registers the run's model as `<target>-<model>`, returning the version's id. */
async function train(request: TrainRequestInput): Promise<string> {
  const job = project.jobs.submit('train', 'train', { request: { ...request, register: `${request.target}-${request.model}` } });
  const done = await project.jobs.wait(job.id);
  if (!succeededAs(done, 'train') || !done.result.model) throw new Error(`train ended ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result.model;
}

const columns = (name: string): DatasetColumns => openDatasetColumns(project.store, name);
const quiet = { checkCancelled: () => undefined };

/**
 * A real project: the training data, a held-out reference from the same process, and current data that is unchanged,
 * shifted in x1, concept-drifted, unlabelled or without x2; models trained by real 'train' jobs (ONNX exported by them).
 */
beforeAll(async () => {
  bench = await openTestWorkbench();
  ({ app, project } = bench);
  await bench.importCsv('train', rows(1));
  await bench.importCsv('holdout', rows(2));
  await bench.importCsv('same', rows(3));
  await bench.importCsv('shifted', rows(4, { x1Mean: 1.5 }));
  await bench.importCsv('concept', rows(5, { sign: -1 }));
  await bench.importCsv('unlabelled', rows(6, { x1Mean: 1.5, label: false }));
  await bench.importCsv('no-x2', 'x1,colour,y\n1,red,accept\n2,blue,reject\n');
  // more rows than one onnxruntime batch (8,192), so batches after the first are checked too
  await bench.importCsv('big', rows(7, { x1Mean: 0.5, n: BATCH_ROWS + 1500 }));
  const base = { dataset: 'train', features: ['x1', 'x2', 'colour'], seed: 3, validation: 0.2, test: 0 };
  models.logreg = await train({ ...base, target: 'y', model: 'logreg' });
  // deep trees, one row per leaf, many rounds at a high rate: memorises the label noise, so it is sure and often wrong on new rows
  models.overfit = await train({ ...base, target: 'y', model: 'gbdt', params: { max_iter: 150, learning_rate: 0.5, min_samples_leaf: 1, max_leaf_nodes: 64 } });
  models.linreg = await train({ ...base, target: 'amount', model: 'linreg' });
  models.flag = await train({ ...base, target: 'flag', model: 'logreg' });
  models.band = await train({ ...base, target: 'band', model: 'logreg' });
}, 120_000);
afterAll(async () => {
  await app.closeProject();
});

describe('scoring a dataset version with a model version through onnxruntime', () => {
  /** The model version's stored model JSON run through the in-process predictor on `data`. */
  function inProcess(id: string, data: DatasetColumns): { model: TrainedModel; outputs: Float64Array; rows: number } {
    const version = new ModelVersionsRepo(project.store.db).get(id)!;
    const model = JSON.parse(project.store.blobs.get(version.modelBlob!).toString('utf8')) as TrainedModel;
    const matrix = transform(model.preprocessor, model.preprocessor.steps.map((s) => data.read(s.column)));
    return { model, outputs: predictMatrix(model, matrix), rows: matrix.rows };
  }

  it.each([
    ['binary', 'logreg', ['accept', 'reject']],
    ['multiclass', 'band', ['high', 'low', 'mid']],
  ] as const)('gives the %s classifier the same probabilities and classes as the in-process predictor, over several batches', async (task, key, classes) => {
    const model = loadScoringModel(project.store, models[key]);
    expect(model).toMatchObject({ task, classes });
    expect(model.inputs.map((i) => `${i.column}:${i.kind}`).sort()).toEqual(['colour:categorical', 'x1:numeric', 'x2:numeric']);
    const data = columns('big');
    const scores = await scoreDataset(model, data, () => undefined);
    if (scores.task === 'regression') throw new Error('expected a classifier');
    const expected = inProcess(models[key], data);
    expect(scores.rows).toBe(BATCH_ROWS + 1500);
    expect(scores.probabilities).toHaveLength(expected.outputs.length);
    let maxDiff = 0;
    for (let i = 0; i < expected.outputs.length; i++) maxDiff = Math.max(maxDiff, Math.abs(expected.outputs[i] - scores.probabilities[i]));
    expect(maxDiff).toBeLessThan(1e-5);
    const best = argmaxRows(expected.outputs, expected.rows);
    let mismatches = 0;
    for (let r = 0; r < expected.rows; r++) if (scores.predicted[r] !== best[r]) mismatches++;
    expect(mismatches).toBe(0);
  });

  it('gives a regression model the same values as the in-process predictor, over several batches', async () => {
    const model = loadScoringModel(project.store, models.linreg);
    expect(model).toMatchObject({ task: 'regression', target: 'amount', classes: null });
    const data = columns('big');
    const scores = await scoreDataset(model, data, () => undefined);
    if (scores.task !== 'regression') throw new Error('expected values');
    const expected = inProcess(models.linreg, data);
    expect(scores.values).toHaveLength(BATCH_ROWS + 1500);
    // onnxruntime returns float32 values
    for (let i = 0; i < expected.rows; i++) expect(Math.abs(scores.values[i] - expected.outputs[i])).toBeLessThan(1e-5 * Math.max(1, Math.abs(expected.outputs[i])));
  });

  it('refuses a model version that does not exist, and one registered without an ONNX file', async () => {
    expect(errorOf(() => loadScoringModel(project.store, 'nope@1'))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
    const trained = new ModelVersionsRepo(project.store.db).get(models.logreg)!;
    const bare = project.store.mutate({ action: 'test.register', target: 'model:bare' }, () =>
      new ModelVersionsRepo(project.store.db).register({
        name: 'bare',
        source: 'run',
        runId: trained.runId,
        modelBlob: trained.modelBlob,
        onnxBlob: null,
        hash: trained.modelBlob!,
        inspectionBlob: null,
        files: [],
        createdAt: new Date().toISOString(),
        author: 'test',
        authorFingerprint: null,
      }),
    );
    const err = await rejectionOf(analysePredictions(project.store, bare.id, columns('holdout'), columns('same'), undefined, quiet));
    expect(err).toMatchObject({ code: 'BAD_INPUT', where: { field: 'model' } });
    expect(err.message).toContain('bare@1');
  });

  it('refuses current data that lacks a column the model takes, or holds it as another kind, naming the column and version', async () => {
    const missing = await rejectionOf(analysePredictions(project.store, models.logreg, columns('holdout'), columns('no-x2'), undefined, quiet));
    expect(missing).toMatchObject({ code: 'BAD_INPUT', where: { field: 'x2' } });
    expect(missing.message).toContain('no-x2@1');
    await bench.importCsv('x1-words', 'x1,x2,colour\nlow,1,red\nhigh,2,blue\n');
    const kind = await rejectionOf(analysePredictions(project.store, models.logreg, columns('holdout'), columns('x1-words'), undefined, quiet));
    expect(kind).toMatchObject({ code: 'BAD_INPUT', where: { field: 'x1' } });
    expect(kind.message).toMatch(/takes numbers in column 'x1', but it is (text|categorical) in x1-words@1/);
  });

  it('stops between scoring batches when the job is cancelled', async () => {
    let calls = 0;
    const cancelAfterReference = {
      checkCancelled() {
        if (++calls > 1) throw new AppFailure({ code: 'JOB_CANCELLED', message: 'Cancelled.' });
      },
    };
    const err = await rejectionOf(analysePredictions(project.store, models.logreg, columns('holdout'), columns('shifted'), undefined, cancelAfterReference));
    expect(err.code).toBe('JOB_CANCELLED');
    expect(calls).toBe(2);
  });
});

describe('analysePredictions', () => {
  it('finds prediction drift when the inputs shift, and none when current comes from the same process', async () => {
    const shifted = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('shifted'), undefined, quiet);
    expect(shifted.result).toMatchObject({ model: models.logreg, output: 'label', label: 'y' });
    expect(shifted.result.drift).toMatchObject({ column: PREDICTION_COLUMN, type: 'categorical', test: 'jensenshannon', drift: true, missingCur: 0 });
    expect(shifted.result.drift.severity).toBeGreaterThan(1);
    const hist = shifted.result.drift.histogram!;
    if (hist.kind !== 'categorical') throw new Error('expected class counts');
    expect([...hist.categories].sort()).toEqual(['accept', 'reject']);
    expect(hist.reference.reduce((a, b) => a + b, 0)).toBe(ROWS);
    expect(hist.current[hist.categories.indexOf('accept')]).toBeGreaterThan(hist.reference[hist.categories.indexOf('accept')] + 300);

    const same = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('same'), undefined, quiet);
    expect(same.result.drift).toMatchObject({ test: 'jensenshannon', drift: false });
    expect(same.result.drift.severity).toBeLessThan(1);
  });

  it('detects a performance drop with labels (concept drift) and not on unchanged data', async () => {
    const concept = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('concept'), undefined, quiet);
    const perf = concept.result.performance!;
    expect(perf).toMatchObject({ metric: 'accuracy', drift: true });
    expect(perf.reference).toBeGreaterThan(0.75);
    expect(perf.current).toBeLessThan(0.5);
    expect(perf.current).toBeLessThan(perf.lowerBound!);
    expect(perf.delta).toBeCloseTo(perf.current - perf.reference, 15);
    // x1 keeps its distribution, so the confidence-based estimate cannot see a change that only the labels show
    expect(concept.result.cbpe!.estimated).toBeGreaterThan(0.75);
    expect(concept.result.cbpe!.realised).toBe(perf.current);

    const same = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('same'), undefined, quiet);
    expect(same.result.performance!.drift).toBe(false);
    expect(same.result.performance!.current).toBeGreaterThanOrEqual(same.result.performance!.lowerBound!);
    expect(same.result.performance!.lowerBound!).toBeLessThan(same.result.performance!.reference);
  });

  it('estimates accuracy without labels (CBPE) within 3 points of the realised accuracy for a calibrated model under covariate shift', async () => {
    const shifted = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('shifted'), undefined, quiet);
    const cbpe = shifted.result.cbpe!;
    expect(cbpe.realised).not.toBeNull();
    expect(Math.abs(cbpe.estimated - cbpe.realised!)).toBeLessThan(0.03);
    // the shift moves accuracy itself (x1 further from the boundary), so matching it is not just echoing the reference
    expect(cbpe.realised! - cbpe.reference).toBeGreaterThan(0.03);
    expect(cbpe.calibrationError!).toBeLessThan(0.05);
    expect(cbpe.warning).toBeNull();
    expect(cbpe.assumptions).toMatch(/calibrated/);
    expect(cbpe.assumptions).toMatch(/concept drift/);
  });

  it('warns that the estimate is unreliable for an overconfident model', async () => {
    const a = await analysePredictions(project.store, models.overfit, columns('holdout'), columns('shifted'), undefined, quiet);
    const cbpe = a.result.cbpe!;
    expect(cbpe.calibrationError!).toBeGreaterThan(0.05);
    expect(cbpe.warning).toMatch(/not reliable/);
    expect(cbpe.estimated).toBeGreaterThan(cbpe.reference);
  });

  it('warns when the reference is the data the model was trained on, where a memorising model looks far better calibrated', async () => {
    const onTraining = await analysePredictions(project.store, models.overfit, columns('train'), columns('shifted'), undefined, quiet);
    const heldOut = await analysePredictions(project.store, models.overfit, columns('holdout'), columns('shifted'), undefined, quiet);
    const cbpe = onTraining.result.cbpe!;
    // on rows it memorised the overfit model is right about as often as it is sure; on new rows it is not
    expect(cbpe.calibrationError!).toBeLessThan(heldOut.result.cbpe!.calibrationError! / 2);
    expect(cbpe.warning).toMatch(/The reference train@1 is the data the model was trained on/);
    expect(heldOut.result.cbpe!.warning).not.toMatch(/trained on/);
  });

  it('leaves performance null when the current data has no label column, but still estimates accuracy', async () => {
    const a = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('unlabelled'), undefined, quiet);
    expect(a.result.performance).toBeNull();
    expect(a.result.label).toBeNull();
    expect(a.result.cbpe).toMatchObject({ realised: null });
    expect(a.result.cbpe!.estimated).toBeGreaterThan(0.5);
    expect(a.result.drift.drift).toBe(true);
    const named = await rejectionOf(analysePredictions(project.store, models.logreg, columns('holdout'), columns('unlabelled'), 'y', quiet));
    expect(named).toMatchObject({ code: 'BAD_INPUT', where: { field: 'y' } });
    expect(named.message).toContain('unlabelled@1');
  });

  it("tests a regression model's values as a numeric column, and flags its RMSE only when the relation changed", async () => {
    const shifted = await analysePredictions(project.store, models.linreg, columns('holdout'), columns('shifted'), undefined, quiet);
    expect(shifted.result).toMatchObject({ output: 'value', label: 'amount', cbpe: null });
    expect(shifted.result.drift).toMatchObject({ type: 'numeric', test: 'wasserstein', drift: true });
    const hist = shifted.result.drift.histogram!;
    if (hist.kind !== 'numeric') throw new Error('expected bins');
    expect(hist.edges).toHaveLength(31);
    expect(hist.current.reduce((s, x) => s + x, 0)).toBe(ROWS);

    // x1 moved by half a standard deviation, the relation kept: a linear model's error does not change
    const moved = await analysePredictions(project.store, models.linreg, columns('holdout'), columns('big'), undefined, quiet);
    const ok = moved.result.performance!;
    expect(ok).toMatchObject({ metric: 'rmse', drift: false });
    // the noise's sd is 0.5, the floor a linear model can reach
    expect(ok.reference).toBeGreaterThan(0.45);
    expect(ok.reference).toBeLessThan(0.55);
    // for an error metric the bound lies above the reference: the worst RMSE chance alone gives at this sample size
    expect(ok.lowerBound!).toBeGreaterThan(ok.reference);
    expect(ok.current).toBeLessThanOrEqual(ok.lowerBound!);

    const concept = await analysePredictions(project.store, models.linreg, columns('holdout'), columns('concept'), undefined, quiet);
    expect(concept.result.performance).toMatchObject({ metric: 'rmse', drift: true });
    expect(concept.result.performance!.current).toBeGreaterThan(3);

    const words = await rejectionOf(analysePredictions(project.store, models.linreg, columns('holdout'), columns('same'), 'y', quiet));
    expect(words).toMatchObject({ code: 'BAD_INPUT', where: { field: 'y' } });
    expect(words.message).toMatch(/predicts numbers, but the label column 'y' is categorical/);
  });

  it('matches a boolean label to the classes as the trainer coded them, so its accuracy equals the same labels as words', async () => {
    const flag = await analysePredictions(project.store, models.flag, columns('holdout'), columns('concept'), undefined, quiet);
    const words = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('concept'), undefined, quiet);
    expect(flag.result.label).toBe('flag');
    expect(flag.result.performance!.reference).toBeGreaterThan(0.75);
    expect(flag.result.performance!.reference).toBe(words.result.performance!.reference);
    expect(flag.result.performance!.current).toBe(words.result.performance!.current);
    expect(flag.result.cbpe!.calibrationError).toBeCloseTo(words.result.cbpe!.calibrationError!, 6);
  });

  it('scores the reference and current once for all their windows, and each other version once for its consecutive windows', async () => {
    // one 2,000-row version is one scoring batch, and each batch looks at Cancel once
    let batches = 0;
    const counting = { checkCancelled: () => void batches++ };
    const a = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('shifted'), undefined, counting);
    expect(batches).toBe(2);
    for (let k = 0; k < 3; k++) await a.forWindow(columns('shifted'), Int32Array.of(k, k + 1));
    await a.forWindow(columns('holdout'), null);
    expect(batches).toBe(2);
    await a.forWindow(columns('concept'), Int32Array.of(0, 1));
    await a.forWindow(columns('concept'), Int32Array.of(2, 3));
    expect(batches).toBe(3);
    await a.forWindow(columns('same'), null);
    await a.forWindow(columns('shifted'), null);
    expect(batches).toBe(4);
  });

  it('gives per-window figures: subsets of the current, other versions, an empty window and a version it cannot score', async () => {
    const a = await analysePredictions(project.store, models.logreg, columns('holdout'), columns('shifted'), undefined, quiet);
    const all = await a.forWindow(columns('shifted'), null);
    expect(all.estimatedPerformance).toBeCloseTo(a.result.cbpe!.estimated, 12);
    expect(all.realisedPerformance).toBe(a.result.cbpe!.realised);
    expect(all.predictionDrift).toBe(true);
    const firstHalf = await a.forWindow(columns('shifted'), Int32Array.from({ length: ROWS / 2 }, (_, i) => i));
    const secondHalf = await a.forWindow(columns('shifted'), Int32Array.from({ length: ROWS / 2 }, (_, i) => ROWS / 2 + i));
    expect(((firstHalf.realisedPerformance! + secondHalf.realisedPerformance!) / 2)).toBeCloseTo(all.realisedPerformance!, 12);
    expect(firstHalf.realisedPerformance).not.toBe(secondHalf.realisedPerformance);
    // CBPE per window of a calibrated model follows each window's realised accuracy (500 rows: sd about 0.013)
    for (let k = 0; k < 4; k++) {
      const w = await a.forWindow(columns('shifted'), Int32Array.from({ length: ROWS / 4 }, (_, i) => k * (ROWS / 4) + i));
      expect(Math.abs(w.estimatedPerformance! - w.realisedPerformance!)).toBeLessThan(0.05);
    }
    const other = await a.forWindow(columns('concept'), null);
    expect(other.realisedPerformance!).toBeLessThan(0.5);
    expect(await a.forWindow(columns('shifted'), new Int32Array(0))).toEqual({ estimatedPerformance: null, realisedPerformance: null, predictionDrift: null });
    // a version the model cannot score (it lacks x2) has no figures instead of failing the report
    expect(await a.forWindow(columns('no-x2'), null)).toEqual({ estimatedPerformance: null, realisedPerformance: null, predictionDrift: null });
    const unlabelled = await a.forWindow(columns('unlabelled'), null);
    expect(unlabelled.realisedPerformance).toBeNull();
    expect(unlabelled.estimatedPerformance).not.toBeNull();
  });
});
