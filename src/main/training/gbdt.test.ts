import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { trainGbdt, TRAIN_LOSS_SAMPLE_ROWS } from './gbdt';
import { MIN_FIT_CELLS } from './gbdt-histogram-threads';
import { argmaxRows, predictScores, scoresToOutputs, sigmoid } from './predict';

/** Deterministic noise in [0, 1) without a generator: the fractional part of a scaled sine. */
const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
};

/** n rows of `features` uniform values in [-1, 1) */
function uniformMatrix(n: number, features: number, salt = 0): Float64Array {
  return Float64Array.from({ length: n * features }, (_, i) => 2 * noise(i + salt * 1e6) - 1);
}

function xorData(n: number, salt = 0) {
  const X = uniformMatrix(n, 3, salt);
  const y = Int32Array.from({ length: n }, (_, r) => (X[r * 3] * X[r * 3 + 1] > 0 ? 1 : 0));
  return { X, y };
}

function binaryAccuracy(scores: Float64Array, y: ArrayLike<number>): number {
  let ok = 0;
  for (let r = 0; r < y.length; r++) if ((scores[r] > 0 ? 1 : 0) === y[r]) ok++;
  return ok / y.length;
}

/** 100,000 rows x 20 features (enough cells for histogram threads): uniform, few-valued and partly missing columns. */
function wideData() {
  const n = 100_000;
  const f = 20;
  const X = Float64Array.from({ length: n * f }, (_, i) => 2 * noise(i + 3e6) - 1);
  for (let r = 0; r < n; r++) {
    X[r * f + 1] = Math.round(X[r * f + 1] * 3);
    if (noise(r + 5e6) < 0.15) X[r * f + 2] = NaN;
  }
  const signal = (r: number) => X[r * f] * X[r * f + 3] + 0.5 * X[r * f + 1] + (Number.isNaN(X[r * f + 2]) ? 0.7 : X[r * f + 2]) + 0.3 * noise(r + 6e6);
  const binary = Int32Array.from({ length: n }, (_, r) => (signal(r) > 0.2 ? 1 : 0));
  const classes = Int32Array.from({ length: n }, (_, r) => (signal(r) < -0.3 ? 0 : signal(r) < 0.6 ? 1 : 2));
  const value = Float64Array.from({ length: n }, (_, r) => signal(r));
  // the threaded tests below would quietly fit on one thread under the threads' size floor
  expect(n * f).toBeGreaterThanOrEqual(MIN_FIT_CELLS);
  return { X, n, f, binary, classes, value };
}
/** The mean log loss (classifiers) or squared error of every row's raw scores (rows x outputs, row-major). */
function meanLoss(task: 'binary' | 'multiclass' | 'regression', scores: Float64Array, y: ArrayLike<number>, classes: number): number {
  let total = 0;
  for (let r = 0; r < y.length; r++) {
    if (task === 'regression') total += (scores[r] - y[r]) ** 2;
    else if (task === 'binary') total += Math.log1p(Math.exp(scores[r])) - y[r] * scores[r];
    else {
      const row = scores.subarray(r * classes, (r + 1) * classes);
      total += Math.log(row.reduce((sum, z) => sum + Math.exp(z), 0)) - row[y[r]];
    }
  }
  return total / y.length;
}
const modelHash = (body: unknown): string => createHash('sha256').update(JSON.stringify(body)).digest('hex');

/**
 * SHA-256 of JSON.stringify(body) for wideData() with { maxIter: 5 }, made by trainGbdt as it stood at commit
 * 0e8f1b9, before histograms were gathered per node and split across threads: the speed work must not move a split.
 * (Made again by 0e8f1b9's code when wideData grew from 60,000 to 100,000 rows to stay above the threads' size floor;
 * the same code gave the 60,000-row pins that stood before.)
 */
const PINNED_MODELS = {
  binary: '1cd1670e8baa3989cb932f553e7ce072bc5bd5d34024d1ce27ede4f1d70be184',
  multiclass: 'f66ad338b90ed334a1eec25fbac5ee7d3b750de9c8a092e09f580a85dd78922a',
  regression: '931799ed193c7866597aeae9c867638ce1caff735b3d2b6bbebf5e6de5063f02',
};

describe('trainGbdt', () => {
  it('learns an XOR interaction that trees of one split each (an additive model) cannot', () => {
    const train = xorData(4000);
    const test = xorData(2000, 1);
    const deep = trainGbdt(train.X, 4000, 3, train.y, 'binary', 2, { maxIter: 50 });
    const stumps = trainGbdt(train.X, 4000, 3, train.y, 'binary', 2, { maxIter: 50, maxDepth: 1 });
    expect(binaryAccuracy(predictScores(deep.body, test.X, 2000, 3), test.y)).toBeGreaterThan(0.95);
    expect(binaryAccuracy(predictScores(stumps.body, test.X, 2000, 3), test.y)).toBeLessThan(0.65);
  });

  it('gives the raw scores it trained to when predictScores() runs on the raw, unbinned rows', () => {
    // Many distinct values (quantile bins), a few distinct values (midpoint bins) and missing values.
    const n = 3000;
    const X = uniformMatrix(n, 4);
    for (let r = 0; r < n; r++) {
      X[r * 4 + 1] = Math.round(X[r * 4 + 1] * 3);
      if (noise(r + 7e6) < 0.2) X[r * 4 + 2] = NaN;
    }
    const yBinary = Int32Array.from({ length: n }, (_, r) => (X[r * 4] + X[r * 4 + 1] * 0.3 + (Number.isNaN(X[r * 4 + 2]) ? 0.5 : 0) > 0 ? 1 : 0));
    const yClass = Int32Array.from({ length: n }, (_, r) => (X[r * 4] < -0.3 ? 0 : X[r * 4 + 3] < 0 ? 1 : 2));
    const yValue = Float64Array.from({ length: n }, (_, r) => Math.sin(3 * X[r * 4]) + (Number.isNaN(X[r * 4 + 2]) ? 1 : X[r * 4 + 2]));
    const runs = [
      trainGbdt(X, n, 4, yBinary, 'binary', 2, { maxIter: 20 }),
      trainGbdt(X, n, 4, yClass, 'multiclass', 3, { maxIter: 20 }),
      trainGbdt(X, n, 4, yValue, 'regression', 1, { maxIter: 20 }),
    ];
    for (const run of runs) {
      const again = predictScores(JSON.parse(JSON.stringify(run.body)), X, n, 4);
      expect(again).toEqual(run.trainScores);
    }
  });

  it('routes missing values to the side that gains most when the training rows had some', () => {
    const n = 2000;
    const X = uniformMatrix(n, 2);
    // Rows with x0 missing are positive, like the rows with small x0 (which a split sends left), unlike the rest.
    for (let r = 0; r < n; r += 4) X[r * 2] = NaN;
    const y = Int32Array.from({ length: n }, (_, r) => (Number.isNaN(X[r * 2]) || X[r * 2] < -0.5 ? 1 : 0));
    const { body } = trainGbdt(X, n, 2, y, 'binary', 2, { maxIter: 30 });
    const probe = Float64Array.from([NaN, 0, -0.9, 0, 0.9, 0]);
    const p = Array.from(predictScores(body, probe, 3, 2), sigmoid);
    expect(p[0]).toBeGreaterThan(0.9);
    expect(p[1]).toBeGreaterThan(0.9);
    expect(p[2]).toBeLessThan(0.1);
    if (body.kind !== 'trees') throw new Error('expected trees');
    const root = body.trees[0][0];
    expect(root.feature[0]).toBe(0);
    expect(root.threshold[0]).toBeCloseTo(-0.5, 1);
    expect(root.missingLeft[0]).toBe(true);
  });

  it('sends missing values to the larger side for a feature that never had any in training', () => {
    const n = 1000;
    const X = uniformMatrix(n, 1);
    const y = Int32Array.from({ length: n }, (_, r) => (X[r] > 0.6 ? 1 : 0));
    const { body } = trainGbdt(X, n, 1, y, 'binary', 2, { maxIter: 1, maxDepth: 1 });
    if (body.kind !== 'trees') throw new Error('expected trees');
    const stump = body.trees[0][0];
    const leftRows = Array.from(X).filter((v) => v <= stump.threshold[0]).length;
    expect(stump.missingLeft[0]).toBe(leftRows >= n - leftRows);
  });

  it('separates three classes with one tree per class per round', () => {
    const n = 3000;
    const X = uniformMatrix(n, 2);
    const label = (x0: number, x1: number) => (x0 < -0.3 ? 0 : x1 < 0 ? 1 : 2);
    const y = Int32Array.from({ length: n }, (_, r) => label(X[r * 2], X[r * 2 + 1]));
    const { body } = trainGbdt(X, n, 2, y, 'multiclass', 3, { maxIter: 15 });
    if (body.kind !== 'trees') throw new Error('expected trees');
    expect(body.trees.map((t) => t.length)).toEqual([15, 15, 15]);
    const test = uniformMatrix(1000, 2, 3);
    const predicted = argmaxRows(scoresToOutputs('multiclass', predictScores(body, test, 1000, 2), 1000), 1000);
    let ok = 0;
    for (let r = 0; r < 1000; r++) if (predicted[r] === label(test[r * 2], test[r * 2 + 1])) ok++;
    expect(ok / 1000).toBeGreaterThan(0.97);
  });

  it('fits a smooth regression target far better than its mean does', () => {
    const n = 3000;
    const X = uniformMatrix(n, 2);
    const f = (x: number) => Math.sin(3 * x) * 2;
    const y = Float64Array.from({ length: n }, (_, r) => f(X[r * 2]) + (noise(r + 5e6) - 0.5) * 0.2);
    const { body } = trainGbdt(X, n, 2, y, 'regression', 1);
    const test = uniformMatrix(1000, 2, 4);
    const pred = predictScores(body, test, 1000, 2);
    let mse = 0;
    let variance = 0;
    for (let r = 0; r < 1000; r++) {
      mse += (pred[r] - f(test[r * 2])) ** 2 / 1000;
      variance += f(test[r * 2]) ** 2 / 1000;
    }
    expect(mse).toBeLessThan(0.02 * variance);
  });

  it("comes within a point of scikit-learn's accuracy on the fixed fixture dataset", () => {
    const fx = JSON.parse(readFileSync(new URL('./fixtures/gbdt-sklearn.json', import.meta.url), 'utf8'));
    const X = Float64Array.from(fx.train.X.flat());
    const y = Int32Array.from(fx.train.y);
    const test = Float64Array.from(fx.test.X.flat());
    const { body } = trainGbdt(X, y.length, fx.features, y, 'binary', 2, {
      maxIter: fx.hgb.params.max_iter,
      learningRate: fx.hgb.params.learning_rate,
      maxLeafNodes: fx.hgb.params.max_leaf_nodes,
      minSamplesLeaf: fx.hgb.params.min_samples_leaf,
      l2Regularization: fx.hgb.params.l2_regularization,
    });
    const scores = predictScores(body, test, fx.test.y.length, fx.features);
    let logLoss = 0;
    for (let r = 0; r < scores.length; r++) logLoss -= Math.log(fx.test.y[r] ? sigmoid(scores[r]) : 1 - sigmoid(scores[r])) / scores.length;
    expect(Math.abs(binaryAccuracy(scores, fx.test.y) - fx.hgb.accuracy)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(logLoss - fx.hgb.logLoss)).toBeLessThan(0.01);
  });

  it('builds the identical model from the same data and parameters', () => {
    const { X, y } = xorData(1500);
    const a = trainGbdt(X, 1500, 3, y, 'binary', 2, { maxIter: 10 });
    const b = trainGbdt(X, 1500, 3, y, 'binary', 2, { maxIter: 10 });
    expect(JSON.stringify(b.body)).toBe(JSON.stringify(a.body));
  });

  it('reports train and validation loss every round and stops once the validation loss stops improving', () => {
    const train = xorData(2000);
    // Labels unrelated to the features: after a few rounds more trees only fit noise.
    const noisy = Int32Array.from({ length: 2000 }, (_, r) => (noise(r + 9e6) < 0.5 ? 1 : 0));
    const val = xorData(1000, 2);
    const valNoisy = Int32Array.from({ length: 1000 }, (_, r) => (noise(r + 8e6) < 0.5 ? 1 : 0));
    const steps: { step: number; metrics: Record<string, number> }[] = [];
    const { body } = trainGbdt(train.X, 2000, 3, noisy, 'binary', 2, { maxIter: 200, earlyStopping: true }, { onStep: (s) => steps.push(s) }, { X: val.X, rows: 1000, y: valNoisy });
    if (body.kind !== 'trees') throw new Error('expected trees');
    expect(body.trees[0].length).toBeLessThan(200);
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: body.trees[0].length }, (_, i) => i + 1));
    expect(steps[0].metrics.train_loss).toBeGreaterThan(steps[steps.length - 1].metrics.train_loss);
    expect(Number.isFinite(steps[0].metrics.val_loss)).toBe(true);
  });

  it('runs every round when the validation loss keeps improving', () => {
    const train = xorData(2000);
    const val = xorData(1000, 2);
    const { body } = trainGbdt(train.X, 2000, 3, train.y, 'binary', 2, { maxIter: 30, earlyStopping: true }, {}, { X: val.X, rows: 1000, y: val.y });
    if (body.kind !== 'trees') throw new Error('expected trees');
    expect(body.trees[0].length).toBe(30);
  });

  it('refuses early stopping without a validation set', () => {
    const { X, y } = xorData(100);
    expect(() => trainGbdt(X, 100, 3, y, 'binary', 2, { earlyStopping: true })).toThrow(AppFailure);
  });

  it('lets the cancellation thrown by checkCancelled escape, without finishing the rounds', () => {
    const { X, y } = xorData(1000);
    let rounds = 0;
    const cancelled = new Error('cancelled');
    const run = () =>
      trainGbdt(X, 1000, 3, y, 'binary', 2, { maxIter: 50 }, {
        onStep: () => rounds++,
        checkCancelled: () => {
          if (rounds === 3) throw cancelled;
        },
      });
    expect(run).toThrow(cancelled);
    expect(rounds).toBe(3);
  });

  it('credits the split gain to the features that carry the signal, normalised to 1', () => {
    const n = 2000;
    const X = uniformMatrix(n, 3);
    const y = Int32Array.from({ length: n }, (_, r) => (X[r * 3 + 2] > 0.1 ? 1 : 0));
    const { featureImportance } = trainGbdt(X, n, 3, y, 'binary', 2, { maxIter: 10 });
    expect(featureImportance.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(featureImportance[2]).toBeGreaterThan(0.9);
  });

  it('builds, on one thread and on two or three, exactly the trees it built before histograms were threaded', () => {
    const d = wideData();
    const tasks = [
      ['binary', d.binary, 2],
      ['multiclass', d.classes, 3],
      ['regression', d.value, 1],
    ] as const;
    for (const [task, y, classes] of tasks) {
      for (const threads of [1, 2, 3]) {
        const { body } = trainGbdt(d.X, d.n, d.f, y, task, classes, { maxIter: 5 }, {}, undefined, { threads });
        expect({ task, threads, hash: modelHash(body) }).toEqual({ task, threads, hash: PINNED_MODELS[task] });
      }
    }
  });

  it("builds the pinned trees fit after fit when a study's trials keep their binning on the thread", () => {
    const d = wideData();
    for (const [task, y, classes] of [['binary', d.binary, 2], ['regression', d.value, 1], ['binary', d.binary, 2]] as const) {
      const { body } = trainGbdt(d.X, d.n, d.f, y, task, classes, { maxIter: 5 }, {}, undefined, { threads: 1, keepBinning: true });
      expect({ task, hash: modelHash(body) }).toEqual({ task, hash: PINNED_MODELS[task] });
    }
  });

  it('leaves the same training scores and reports the same training losses on two and three threads as on one, to the last bit', () => {
    const d = wideData();
    for (const [task, y, classes] of [['binary', d.binary, 2], ['multiclass', d.classes, 3]] as const) {
      const fit = (threads: number) => {
        const losses: number[] = [];
        const { trainScores } = trainGbdt(d.X, d.n, d.f, y, task, classes, { maxIter: 5 }, { onStep: (s) => losses.push(s.metrics.train_loss) }, undefined, { threads });
        return { trainScores, losses };
      };
      const alone = fit(1);
      for (const threads of [2, 3]) expect(fit(threads)).toEqual(alone);
    }
  });

  it("reports a training loss, sampled on every k-th row past TRAIN_LOSS_SAMPLE_ROWS, within a hundredth of the full mean", () => {
    const d = wideData();
    expect(d.n).toBeGreaterThan(5 * TRAIN_LOSS_SAMPLE_ROWS);
    for (const [task, y, classes] of [['binary', d.binary, 2], ['multiclass', d.classes, 3], ['regression', d.value, 1]] as const) {
      let reported = NaN;
      const { trainScores } = trainGbdt(d.X, d.n, d.f, y, task, classes, { maxIter: 20 }, { onStep: (s) => (reported = s.metrics.train_loss) });
      const full = meanLoss(task, trainScores, y, classes);
      expect(Math.abs(reported - full), `${task}: sampled ${reported}, full ${full}`).toBeLessThan(0.01 * Math.max(1, full));
      expect(reported).not.toBe(full);
    }
  });

  it('lets a cancellation escape a fit on two threads, and the next threaded fit still builds the pinned trees', () => {
    const d = wideData();
    let rounds = 0;
    const cancelled = new Error('cancelled');
    const hooks = {
      onStep: () => rounds++,
      checkCancelled: () => {
        if (rounds === 2) throw cancelled;
      },
    };
    expect(() => trainGbdt(d.X, d.n, d.f, d.binary, 'binary', 2, { maxIter: 5 }, hooks, undefined, { threads: 2 })).toThrow(cancelled);
    expect(rounds).toBe(2);
    const { body } = trainGbdt(d.X, d.n, d.f, d.binary, 'binary', 2, { maxIter: 5 }, {}, undefined, { threads: 2 });
    expect(modelHash(body)).toBe(PINNED_MODELS.binary);
  });

  it('refuses a thread count that is not a whole number of at least one', () => {
    const { X, y } = xorData(100);
    expect(() => trainGbdt(X, 100, 3, y, 'binary', 2, {}, {}, undefined, { threads: 0 })).toThrow(/threads must be/);
  });
});
