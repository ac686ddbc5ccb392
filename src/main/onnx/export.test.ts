import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { Random } from '../samples/random';
import type { FeatureColumn, ModelBody, Preprocessor, Task, TrainedModel, Tree } from '../training/model-types';
import { toDense } from '../training/feature-matrix';
import { predictMatrix } from '../training/predict';
import { fitPreprocessor, transform, type PreprocessOptions } from '../training/preprocess';
import { exportOnnx } from './export';
import { batchRowsFor, checkParity } from './parity';

const META = { producer: 'airlock-test', version: '0.0.0' };
const SITES = ['north', 'south', 'east', 'west'];
const WORDS = ['Drift', 'sensor', 'pH', 'probe', 'calibrated', 'OK', 'failed', 'retest', 'batch', 'x1', 'Über', 'naïve'];

/** Lab-like columns with missing values; `unseen` adds a site and words the training rows never had. */
function makeColumns(seed: number, rows: number, unseen: boolean): FeatureColumn[] {
  const rng = new Random(seed);
  const ph = new Float64Array(rows);
  const load = new Float64Array(rows);
  const site: (string | null)[] = [];
  const note: (string | null)[] = [];
  for (let r = 0; r < rows; r++) {
    ph[r] = rng.chance(0.1) ? NaN : rng.normal(7, 1.5);
    // Thousands, so that float32 inputs round in the 4th decimal: the scaled feature must still agree within 1e-5.
    load[r] = rng.chance(0.05) ? NaN : rng.normal(25_000, 4_000);
    site.push(rng.chance(0.1) ? null : unseen && rng.chance(0.2) ? 'lab9' : rng.pick(SITES));
    const words = Array.from({ length: rng.int(0, 8) }, () => (unseen && rng.chance(0.1) ? 'unheard' : rng.pick(WORDS)));
    note.push(rng.chance(0.1) ? null : words.join(rng.chance(0.3) ? '  ' : ' '));
  }
  return [
    { name: 'ph', kind: 'numeric', values: ph },
    { name: 'load', kind: 'numeric', values: load },
    { name: 'site', kind: 'categorical', values: site },
    { name: 'note', kind: 'text', values: note },
  ];
}

const train = makeColumns(1, 300, false);
const score = makeColumns(2, 2000, true);
const TEXT: PreprocessOptions['text'] = [
  { analyzer: 'word', ngramRange: [1, 2], maxFeatures: 40 },
  { analyzer: 'char', ngramRange: [2, 3], maxFeatures: 40, sublinearTf: true },
];
const scaled = fitPreprocessor(train, { text: TEXT });
// Trees see raw numbers and NaN, as the GBDT trainer sets up its preprocessing.
const raw = fitPreprocessor(train, { impute: false, scale: false, text: TEXT });

function outputsFor(task: Task): { classes: string[] | null; outputs: number } {
  if (task === 'binary') return { classes: ['ok', 'fault'], outputs: 1 };
  if (task === 'multiclass') return { classes: ['low', 'mid', 'high'], outputs: 3 };
  return { classes: null, outputs: 1 };
}

function linearBody(rng: Random, outputs: number, features: number): ModelBody {
  return {
    kind: 'linear',
    weights: Array.from({ length: outputs }, () => Array.from({ length: features }, () => rng.normal(0, 1.5))),
    intercepts: Array.from({ length: outputs }, () => rng.normal(0, 1)),
  };
}

function mlpBody(rng: Random, outputs: number, features: number): ModelBody {
  const widths = [features, 8, 6, outputs];
  return {
    kind: 'mlp',
    layers: widths.slice(1).map((units, l) => ({
      weights: Array.from({ length: units }, () => Array.from({ length: widths[l] }, () => rng.normal(0, 0.8))),
      bias: Array.from({ length: units }, () => rng.normal(0, 0.3)),
    })),
  };
}

/** A random tree whose thresholds fall between observed feature values, as histogram splits do. */
function randomTree(rng: Random, X: Float64Array, rows: number, features: number, depth: number): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [] };
  const grow = (level: number): number => {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.missingLeft.push(rng.chance(0.5));
    tree.value.push(rng.normal(0, 0.2));
    if (level < depth && rng.chance(0.85)) {
      const f = rng.int(0, features - 1);
      const a = X[rng.int(0, rows - 1) * features + f];
      const b = X[rng.int(0, rows - 1) * features + f];
      tree.feature[id] = f;
      tree.threshold[id] = Number.isNaN(a) || Number.isNaN(b) ? 0.5 : (a + b) / 2;
      tree.left[id] = grow(level + 1);
      tree.right[id] = grow(level + 1);
    }
    return id;
  };
  grow(0);
  return tree;
}

function treesBody(rng: Random, outputs: number, pre: Preprocessor): ModelBody {
  const { X, rows, features } = toDense(transform(pre, train));
  return {
    kind: 'trees',
    base: Array.from({ length: outputs }, () => rng.normal(0, 0.5)),
    // Hundreds of trees per output: the sum must not drift the way a float accumulator would.
    trees: Array.from({ length: outputs }, () => Array.from({ length: 300 }, () => randomTree(rng, X, rows, features, 5))),
  };
}

function makeModel(task: Task, kind: ModelBody['kind'], seed = 7): TrainedModel {
  const rng = new Random(seed);
  const { classes, outputs } = outputsFor(task);
  const preprocessor = kind === 'trees' ? raw : scaled;
  const features = preprocessor.featureNames.length;
  const body =
    kind === 'linear' ? linearBody(rng, outputs, features) : kind === 'mlp' ? mlpBody(rng, outputs, features) : treesBody(rng, outputs, preprocessor);
  return { task, target: 'quality', classes, preprocessor, body };
}

const measured: { model: string; maxAbsDiff: number }[] = [];
afterAll(() => console.table(measured));

describe('exportOnnx + checkParity', () => {
  for (const numericInputs of ['float', 'double'] as const) {
    for (const kind of ['linear', 'trees', 'mlp'] as const) {
      for (const task of ['binary', 'multiclass', 'regression'] as const) {
        it(`scores a ${task} ${kind} model with ${numericInputs} numeric inputs, categories and text like the app does, within 1e-5`, async () => {
          const model = makeModel(task, kind);
          const report = await checkParity(model, exportOnnx(model, { ...META, numericInputs }), score);
          measured.push({ model: `${kind} ${task} (${numericInputs} inputs)`, maxAbsDiff: report.maxAbsDiff });
          expect(report).toMatchObject({ ok: true, rows: 2000, labelMismatches: 0 });
          if (task !== 'regression') expect(report.maxAbsDiff).toBeLessThanOrEqual(1e-5);
        });
      }
    }
  }

  it('scores a wide TF-IDF model in smaller batches and agrees across every batch boundary', async () => {
    const pre = fitPreprocessor(train, { text: [{ analyzer: 'char', ngramRange: [1, 5] }] });
    const { classes, outputs } = outputsFor('multiclass');
    const model: TrainedModel = { task: 'multiclass', target: 'quality', classes, preprocessor: pre, body: linearBody(new Random(5), outputs, pre.featureNames.length) };
    const wide = makeColumns(3, 5000, true);
    expect(batchRowsFor(model)).toBeLessThan(wide[0].values.length / 2);
    expect(await checkParity(model, exportOnnx(model, META), wide)).toMatchObject({ ok: true, rows: 5000, labelMismatches: 0 });
  });

  it('routes missing numbers down each split the way the tree says, left or right', async () => {
    const model = makeModel('binary', 'trees', 11);
    const allMissing = score.map((c): FeatureColumn => (c.kind === 'numeric' ? { ...c, values: new Float64Array(c.values.length).fill(NaN) } : c));
    const report = await checkParity(model, exportOnnx(model, META), allMissing);
    expect(report).toMatchObject({ ok: true, labelMismatches: 0 });
  });

  it('sums thousands of tree outputs in double, where a float sum would drift past 1e-5', async () => {
    // 0.1 is inexact in float32: 5000 float additions would miss 500 by 0.02, moving p by about 5e-3; the base keeps p away from the 0.5 tie.
    const stump: Tree = { feature: [0, -1, -1], threshold: [1e9, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [true, false, false], value: [0, 0.1, 0.1] };
    const model: TrainedModel = {
      ...makeModel('binary', 'trees'),
      body: { kind: 'trees', base: [-499.7], trees: [Array.from({ length: 5000 }, () => stump)] },
    };
    const report = await checkParity(model, exportOnnx(model, META), score);
    measured.push({ model: '5000 stumps binary', maxAbsDiff: report.maxAbsDiff });
    expect(report).toMatchObject({ ok: true, labelMismatches: 0 });
  });

  it('declares one input per raw column and the outputs label and probabilities, with their types', async () => {
    const session = await ort.InferenceSession.create(exportOnnx(makeModel('multiclass', 'linear'), META));
    expect(session.inputMetadata.map((m) => [m.name, m.isTensor && m.type, m.isTensor && m.shape])).toEqual([
      ['ph', 'float32', ['N', 1]],
      ['load', 'float32', ['N', 1]],
      ['site', 'string', ['N', 1]],
      ['note', 'string', ['N', 1]],
    ]);
    expect(session.outputMetadata.map((m) => [m.name, m.isTensor && m.type, m.isTensor && m.shape])).toEqual([
      ['label', 'string', ['N']],
      ['probabilities', 'float32', ['N', 3]],
    ]);
    await session.release();
  });

  it('declares the output variable for regression', async () => {
    const session = await ort.InferenceSession.create(exportOnnx(makeModel('regression', 'mlp'), META));
    expect(session.outputMetadata.map((m) => [m.name, m.isTensor && m.type, m.isTensor && m.shape])).toEqual([['variable', 'float32', ['N', 1]]]);
    await session.release();
  });

  it('reports a mismatch when the file came from a different model', async () => {
    const model = makeModel('binary', 'linear');
    const bytes = exportOnnx(model, META);
    const changed: TrainedModel = { ...model, body: linearBody(new Random(99), 1, scaled.featureNames.length) };
    const report = await checkParity(changed, bytes, score);
    expect(report.ok).toBe(false);
    expect(report.labelMismatches).toBeGreaterThan(0);
  });

  it('checks against the app outputs it is given, as if it had computed them, and fails when they come from another model', async () => {
    const model = makeModel('multiclass', 'trees');
    const bytes = exportOnnx(model, META);
    const outputs = predictMatrix(model, transform(model.preprocessor, score));
    const given = await checkParity(model, bytes, score, 1e-5, outputs);
    expect(given).toEqual(await checkParity(model, bytes, score));
    expect(given).toMatchObject({ ok: true, rows: 2000, labelMismatches: 0 });
    const otherTrees = makeModel('multiclass', 'trees', 99);
    const wrong = await checkParity(model, bytes, score, 1e-5, predictMatrix(otherTrees, transform(otherTrees.preprocessor, score)));
    expect(wrong.ok).toBe(false);
    await expect(checkParity(model, bytes, score, 1e-5, outputs.subarray(1))).rejects.toThrow(AppFailure);
  });

  it('keeps epoch-millisecond datetimes exact with double inputs, where float inputs round them across a split', async () => {
    // Seconds apart at 1.7e12 ms: float32 can only tell values 131 s apart, so rows on either side of a split collapse.
    const stamps = Float64Array.from({ length: 400 }, (_, i) => 1.7e12 + i * 1000);
    const columns: FeatureColumn[] = [{ name: 'taken_at', kind: 'numeric', values: stamps }];
    const preprocessor = fitPreprocessor(columns, { impute: false, scale: false });
    const tree: Tree = { feature: [0, -1, -1], threshold: [1.7e12 + 200_500, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [true, false, false], value: [0, -3, 3] };
    const model: TrainedModel = { task: 'binary', target: 'late', classes: ['no', 'yes'], preprocessor, body: { kind: 'trees', base: [0], trees: [[tree]] } };
    const asFloat = await checkParity(model, exportOnnx(model, META), columns);
    const asDouble = await checkParity(model, exportOnnx(model, { ...META, numericInputs: 'double' }), columns);
    expect(asFloat.labelMismatches).toBeGreaterThan(0);
    expect(asDouble).toMatchObject({ ok: true, labelMismatches: 0 });
    // What remains is the float32 rounding of the probabilities on their way out.
    expect(asDouble.maxAbsDiff).toBeLessThan(6e-8);
  });
});

describe('exportOnnx refuses a broken model', () => {
  const refusal = (model: TrainedModel): unknown => {
    try {
      exportOnnx(model, META);
    } catch (e) {
      return e instanceof AppFailure ? e.error : e;
    }
    return 'exported';
  };

  it('whose weight rows do not match the feature count', () => {
    const model = makeModel('binary', 'linear');
    const body = { kind: 'linear' as const, weights: [[1, 2, 3]], intercepts: [0] };
    expect(refusal({ ...model, body })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('linear weights row 0 has 3 weights') });
  });

  it('whose tree points at a node that does not exist', () => {
    const model = makeModel('regression', 'trees');
    const tree: Tree = { feature: [0, -1], threshold: [1, 0], left: [1, 0], right: [5, 0], missingLeft: [true, false], value: [0, 1] };
    expect(refusal({ ...model, body: { kind: 'trees', base: [0], trees: [[tree]] } })).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('node 5, which does not exist'),
    });
  });

  it('whose class count does not match its scores', () => {
    const model = makeModel('multiclass', 'mlp');
    expect(refusal({ ...model, classes: ['a', 'b', 'c', 'd'] })).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('4 classes need 4 scores') });
  });

  it('whose linear part would see missing values it cannot route', () => {
    const model = makeModel('regression', 'linear');
    const features = raw.featureNames.length;
    expect(refusal({ ...model, preprocessor: raw, body: linearBody(new Random(3), 1, features) })).toMatchObject({
      code: 'BAD_INPUT',
      where: { field: 'ph' },
    });
  });

  it('whose input column would take the name of an output', () => {
    const model = makeModel('binary', 'linear');
    const steps = model.preprocessor.steps.map((s) => (s.column === 'site' ? { ...s, column: 'label' } : s));
    expect(refusal({ ...model, preprocessor: { ...model.preprocessor, steps } })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'label' } });
  });

  it('with the empty string as a category, which the file reserves for a missing value', () => {
    const model = makeModel('binary', 'linear');
    const steps = model.preprocessor.steps.map((s) => (s.kind === 'onehot' ? { ...s, categories: ['', ...s.categories.slice(1)] } : s));
    expect(refusal({ ...model, preprocessor: { ...model.preprocessor, steps } })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'site' } });
  });
});
