import { describe, expect, it } from 'vitest';
import fixture from './fixtures/linear-sklearn.json';
import { denseMatrix } from './feature-matrix';
import { trainLinearRegression, trainLogistic } from './linear';
import type { ModelBody, TrainingStep } from './model-types';
import { predictMatrix } from './predict';
import { mulberry32 } from './splits';

const rows = fixture.X.length;
const features = fixture.X[0].length;
const X = Float64Array.from(fixture.X.flat());
const matrix = denseMatrix(X, rows, features);

function linear(body: ModelBody): { weights: number[][]; intercepts: number[] } {
  if (body.kind !== 'linear') throw new Error(`expected a linear body, got ${body.kind}`);
  return body;
}

function expectClose(actual: number[], expected: number[], relative: number, absolute = 0): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const bound = relative * Math.abs(expected[i]) + absolute;
    if (Math.abs(a - expected[i]) > bound) throw new Error(`entry ${i}: ${a} differs from ${expected[i]} by more than ${bound}`);
  });
}

/** Normal features and labels drawn from a known logistic model. */
function generateBinary(n: number, trueWeights: number[], bias: number, seed: number): { X: Float64Array; y: Int32Array } {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const f = trueWeights.length;
  const data = new Float64Array(n * f);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    let z = bias;
    for (let j = 0; j < f; j++) z += trueWeights[j] * (data[r * f + j] = normal());
    y[r] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { X: data, y };
}

describe('trainLogistic', () => {
  // sklearn's LogisticRegression stops on a relative-decrease test about 1e-4 short of the optimum, so a converged fit is
  // checked against the optimum of sklearn's objective (tight), and a default fit against sklearn's own output (looser).
  const cases = [
    { name: 'binary', classes: 2, labels: fixture.yBinary, ref: fixture.logisticBinary, task: 'binary' as const },
    { name: 'multinomial', classes: 3, labels: fixture.yMulti, ref: fixture.logisticMulti, task: 'multiclass' as const },
  ];

  for (const c of cases) {
    it(`converges to the optimum of sklearn's ${c.name} objective with C=1, intercepts included`, () => {
      const { weights, intercepts } = linear(trainLogistic(matrix, Int32Array.from(c.labels), c.classes, { C: 1, tol: 1e-9, ftol: 0, maxIter: 1000 }));
      expectClose(weights.flat(), c.ref.optimum.coef.flat(), 1e-6, 1e-9);
      expectClose(intercepts, c.ref.optimum.intercept, 1e-6, 1e-9);
    });

    it(`with default settings agrees with sklearn's ${c.name} LogisticRegression(C=1) to its own precision`, () => {
      const body = trainLogistic(matrix, Int32Array.from(c.labels), c.classes, { C: 1 });
      const { weights, intercepts } = linear(body);
      expectClose(weights.flat(), c.ref.coef.flat(), 1e-3, 1e-4);
      expectClose(intercepts, c.ref.intercept, 1e-3, 1e-4);
      const classes = Array.from({ length: c.classes }, (_, k) => String(k));
      const p = predictMatrix({ task: c.task, target: 'y', classes, preprocessor: { steps: [], featureNames: [] }, body }, matrix);
      expectClose(Array.from(p), c.ref.proba.flat(), 0, 1e-4);
    });
  }

  it('recovers the generating coefficients from 20,000 noisy rows with a weak penalty', () => {
    const truth = [2, -1, 0.5, 0];
    const data = generateBinary(20_000, truth, -0.5, 7);
    const { weights, intercepts } = linear(trainLogistic(denseMatrix(data.X, 20_000, 4), data.y, 2, { C: 100 }));
    expectClose(weights[0], truth, 0, 0.1);
    expectClose(intercepts, [-0.5], 0, 0.1);
  });

  it('reports a falling mean log-loss once per iteration and stops within maxIter', () => {
    const data = generateBinary(2_000, [1, -2, 3], 0.2, 11);
    const steps: TrainingStep[] = [];
    trainLogistic(denseMatrix(data.X, 2_000, 3), data.y, 2, { maxIter: 8 }, { onStep: (s) => steps.push(s) });
    expect(steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(steps[0].metrics.loss).toBeLessThan(Math.log(2));
    expect(steps[7].metrics.loss).toBeLessThan(steps[0].metrics.loss);
  });

  it('stops as soon as checkCancelled throws', () => {
    const data = generateBinary(1_000, [1, 1], 0, 3);
    let calls = 0;
    const cancel = () => {
      if (++calls === 2) throw new Error('cancelled');
    };
    expect(() => trainLogistic(denseMatrix(data.X, 1_000, 2), data.y, 2, {}, { checkCancelled: cancel })).toThrow('cancelled');
    expect(calls).toBe(2);
  });

  it('finds the same optimum whatever the row order, including rows past the last block of four', () => {
    const n = 83;
    const data = generateBinary(n, [1, -1, 0.5], 0.1, 9);
    const reversedX = new Float64Array(n * 3);
    const reversedY = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      reversedX.set(data.X.subarray(r * 3, r * 3 + 3), (n - 1 - r) * 3);
      reversedY[n - 1 - r] = data.y[r];
    }
    const tight = { tol: 1e-10, ftol: 0, maxIter: 1000 };
    const a = linear(trainLogistic(denseMatrix(data.X, n, 3), data.y, 2, tight));
    const b = linear(trainLogistic(denseMatrix(reversedX, n, 3), reversedY, 2, tight));
    expectClose(b.weights[0].concat(b.intercepts), a.weights[0].concat(a.intercepts), 1e-7, 1e-10);
  });

  it('gives a bitwise identical model for the same data', () => {
    const data = generateBinary(3_000, [0.5, -1.5, 1], 0.3, 5);
    const a = trainLogistic(denseMatrix(data.X, 3_000, 3), data.y, 2);
    const b = trainLogistic(denseMatrix(data.X, 3_000, 3), data.y, 2);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('rejects a missing feature value and a class index out of range', () => {
    const bad = Float64Array.from([1, NaN, 2, 3]);
    expect(() => trainLogistic(denseMatrix(bad, 2, 2), Int32Array.from([0, 1]), 2)).toThrow(/row 0 is missing/);
    expect(() => trainLogistic(denseMatrix(Float64Array.from([1, 2]), 2, 1), Int32Array.from([0, 2]), 2)).toThrow(/class index 2/);
  });
});

describe('trainLinearRegression', () => {
  it("matches sklearn's Ridge(alpha=1)", () => {
    const { weights, intercepts } = linear(trainLinearRegression(matrix, Float64Array.from(fixture.yReal), { alpha: 1 }));
    expectClose(weights[0], fixture.ridge.coef, 1e-9, 1e-12);
    expectClose(intercepts, [fixture.ridge.intercept], 1e-9, 1e-12);
  });

  it('fits an exact linear relation exactly with alpha = 0', () => {
    const y = Float64Array.from({ length: rows }, (_, r) => 3 * X[r * features] - 2 * X[r * features + 2] + 0.5 * X[r * features + 3] + 7);
    const { weights, intercepts } = linear(trainLinearRegression(matrix, y, { alpha: 0 }));
    expectClose(weights[0], [3, 0, -2, 0.5], 0, 1e-9);
    expectClose(intercepts, [7], 0, 1e-9);
  });

  it('rejects a missing feature value or an infinite target, naming the row', () => {
    expect(() => trainLinearRegression(denseMatrix(Float64Array.from([1, 2, NaN]), 3, 1), Float64Array.from([1, 2, 3]))).toThrow(/row 2 is missing/);
    expect(() => trainLinearRegression(denseMatrix(Float64Array.from([1, 2, 3]), 3, 1), Float64Array.from([1, Infinity, 3]))).toThrow(/target of row 1/);
  });

  it('splits the weight between two identical columns instead of failing when alpha = 0', () => {
    const n = 50;
    const dup = new Float64Array(n * 2);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      dup[2 * r] = dup[2 * r + 1] = r / 10;
      y[r] = 4 * (r / 10) + 1;
    }
    const { weights, intercepts } = linear(trainLinearRegression(denseMatrix(dup, n, 2), y, { alpha: 0 }));
    expectClose(weights[0], [2, 2], 0, 1e-6);
    expectClose(intercepts, [1], 0, 1e-6);
  });
});
