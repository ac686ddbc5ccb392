import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { trainMlp } from './mlp';
import { argmaxRows, predictScores, scoresToOutputs } from './predict';

/** Deterministic noise in [0, 1) without a generator: the fractional part of a scaled sine. */
const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
};

function uniformMatrix(n: number, features: number, salt = 0): Float64Array {
  return Float64Array.from({ length: n * features }, (_, i) => 2 * noise(i + salt * 1e6) - 1);
}

const fixture = JSON.parse(readFileSync(new URL('./fixtures/gbdt-sklearn.json', import.meta.url), 'utf8'));

describe('trainMlp', () => {
  it("comes within a point of scikit-learn's MLPClassifier accuracy on the fixed fixture dataset", () => {
    const { params } = fixture.mlp;
    const X = Float64Array.from(fixture.train.X.flat());
    const y = Int32Array.from(fixture.train.y);
    const { body } = trainMlp(X, y.length, fixture.features, y, 'binary', 2, {
      hiddenLayerSizes: params.hidden_layer_sizes,
      alpha: params.alpha,
      batchSize: params.batch_size,
      learningRateInit: params.learning_rate_init,
      maxIter: params.max_iter,
    });
    const rows = fixture.test.y.length;
    const scores = predictScores(body, Float64Array.from(fixture.test.X.flat()), rows, fixture.features);
    let ok = 0;
    for (let r = 0; r < rows; r++) if ((scores[r] > 0 ? 1 : 0) === fixture.test.y[r]) ok++;
    expect(Math.abs(ok / rows - fixture.mlp.accuracy)).toBeLessThanOrEqual(0.01);
  });

  it('builds the bitwise identical model from the same seed, and another from another seed', () => {
    const X = uniformMatrix(300, 3);
    const y = Int32Array.from({ length: 300 }, (_, r) => (X[r * 3] > 0 ? 1 : 0));
    const train = (seed: number) => JSON.stringify(trainMlp(X, 300, 3, y, 'binary', 2, { hiddenLayerSizes: [8], maxIter: 5, batchSize: 32, seed }).body);
    expect(train(7)).toBe(train(7));
    expect(train(8)).not.toBe(train(7));
  });

  it('learns an XOR a model without hidden layers cannot', () => {
    const n = 2000;
    const X = uniformMatrix(n, 2);
    const y = Int32Array.from({ length: n }, (_, r) => (X[r * 2] * X[r * 2 + 1] > 0 ? 1 : 0));
    const accuracy = (hiddenLayerSizes: number[]) => {
      const { body } = trainMlp(X, n, 2, y, 'binary', 2, { hiddenLayerSizes, maxIter: 60, learningRateInit: 0.01, batchSize: 64 });
      const s = predictScores(body, X, n, 2);
      let ok = 0;
      for (let r = 0; r < n; r++) if ((s[r] > 0 ? 1 : 0) === y[r]) ok++;
      return ok / n;
    };
    expect(accuracy([16])).toBeGreaterThan(0.93);
    expect(accuracy([])).toBeLessThan(0.7);
  });

  it('separates three classes with a softmax over three scores', () => {
    const n = 1500;
    const X = uniformMatrix(n, 2);
    const y = Int32Array.from({ length: n }, (_, r) => (X[r * 2] < -0.3 ? 0 : X[r * 2 + 1] < 0 ? 1 : 2));
    const { body } = trainMlp(X, n, 2, y, 'multiclass', 3, { hiddenLayerSizes: [16], maxIter: 60, learningRateInit: 0.01, batchSize: 64 });
    const predicted = argmaxRows(scoresToOutputs('multiclass', predictScores(body, X, n, 2), n), n);
    let ok = 0;
    for (let r = 0; r < n; r++) if (predicted[r] === y[r]) ok++;
    expect(ok / n).toBeGreaterThan(0.95);
  });

  it('fits a regression target and reports falling train and validation losses every epoch', () => {
    const n = 1000;
    const X = uniformMatrix(n, 2);
    const y = Float64Array.from({ length: n }, (_, r) => 3 * X[r * 2] - 2 * X[r * 2 + 1] + 1);
    const Xv = uniformMatrix(200, 2, 1);
    const yv = Float64Array.from({ length: 200 }, (_, r) => 3 * Xv[r * 2] - 2 * Xv[r * 2 + 1] + 1);
    const steps: { step: number; metrics: Record<string, number> }[] = [];
    trainMlp(X, n, 2, y, 'regression', 1, { hiddenLayerSizes: [16], maxIter: 40, learningRateInit: 0.01, batchSize: 32 }, { onStep: (s) => steps.push(s) }, { X: Xv, rows: 200, y: yv });
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(steps[39].metrics.train_loss).toBeLessThan(steps[0].metrics.train_loss / 10);
    expect(steps[39].metrics.val_loss).toBeLessThan(0.01);
  });

  it('lets the cancellation thrown by checkCancelled escape, without finishing the epochs', () => {
    const X = uniformMatrix(100, 2);
    const y = Int32Array.from({ length: 100 }, (_, r) => (X[r * 2] > 0 ? 1 : 0));
    let epochs = 0;
    const cancelled = new Error('cancelled');
    const run = () =>
      trainMlp(X, 100, 2, y, 'binary', 2, { maxIter: 50 }, {
        onStep: () => epochs++,
        checkCancelled: () => {
          if (epochs === 2) throw cancelled;
        },
      });
    expect(run).toThrow(cancelled);
    expect(epochs).toBe(2);
  });
});
