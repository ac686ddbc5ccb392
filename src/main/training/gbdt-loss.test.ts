import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trainGbdt } from './gbdt';
import { fillGradients, lossAndGradients, sampledLoss } from './gbdt-loss';
import type { Task } from './model-types';

/** Deterministic noise in [0, 1): the fractional part of a scaled sine. */
const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
};

/** rows x 6 features and a signal with noise; the validation rows use another salt. */
function fitData(rows: number, salt: number) {
  const f = 6;
  const X = Float64Array.from({ length: rows * f }, (_, i) => 2 * noise(i + salt) - 1);
  const signal = (r: number) => X[r * f] * X[r * f + 1] + 0.6 * X[r * f + 2] - 0.4 * X[r * f + 3] + 0.5 * noise(r + salt + 9e6);
  return {
    X,
    rows,
    f,
    binary: Int32Array.from({ length: rows }, (_, r) => (signal(r) > 0.1 ? 1 : 0)),
    multiclass: Int32Array.from({ length: rows }, (_, r) => (signal(r) < -0.3 ? 0 : signal(r) < 0.4 ? 1 : 2)),
    regression: Float64Array.from({ length: rows }, (_, r) => signal(r)),
  };
}

/** SHA-256 of every step's logged metrics, bit for bit (each float64 as its 8 bytes). */
function curveHash(task: Task, classes: number): string {
  const train = fitData(3000, 0);
  const val = fitData(1000, 5e6);
  const bytes: number[] = [];
  trainGbdt(train.X, train.rows, train.f, train[task], task, classes, { maxIter: 30 }, {
    onStep: ({ metrics }) => {
      for (const v of [metrics.train_loss, metrics.val_loss]) bytes.push(...new Uint8Array(Float64Array.of(v).buffer));
    },
  }, { X: val.X, rows: val.rows, y: val[task] });
  return createHash('sha256').update(Uint8Array.from(bytes)).digest('hex');
}

describe('boosting losses', () => {
  it('logs the same training and validation curves, bit for bit, as before the loss passes were reworked (pinned at de6678f)', () => {
    expect({ binary: curveHash('binary', 2), multiclass: curveHash('multiclass', 3), regression: curveHash('regression', 1) }).toEqual({
      binary: '4800cfdf21a64eb637fddc9aa0847804d0734b05d6399ee1f44295c216b22811',
      multiclass: '9fa640d6c60e461b5aae136d6bca49a91b5fae6c8ea37a13a33083ad64fd805e',
      regression: 'ab0186a1a4edab7f6e1705fd2fba57cab64f61127b5d7133035d3695e41b8dee',
    });
  });

  it('gives the binary gradients and sampled loss of the plain formulas, bit for bit, in one pass and in two', () => {
    const rows = 1001;
    // scores of both signs, zeros of both signs, and magnitudes where exp(-|z|) underflows
    const scores = Float64Array.from({ length: rows }, (_, r) => (r % 97 === 0 ? (r % 2 ? -0 : 0) : (noise(r) - 0.5) * (r % 5 === 0 ? 1600 : 12)));
    const y = Int32Array.from({ length: rows }, (_, r) => (noise(r + 1e6) < 0.4 ? 1 : 0));
    const expected = new Float32Array(2 * rows);
    let total = 0;
    let sampled = 0;
    for (let r = 0; r < rows; r++) {
      const z = scores[r];
      const e = Math.exp(-Math.abs(z));
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      expected[2 * r] = p - y[r];
      expected[2 * r + 1] = p * (1 - p);
      if (r % 3 === 0) {
        total += Math.log1p(e) + (z > 0 ? z : 0) - y[r] * z;
        sampled++;
      }
    }
    const onePass = new Float32Array(2 * rows);
    const twoPasses = new Float32Array(2 * rows);
    const loss = lossAndGradients('binary', scores, y, rows, 1, onePass, 3);
    fillGradients('binary', scores, y, rows, 1, twoPasses, 0, rows);
    expect(Object.is(loss, total / sampled)).toBe(true);
    expect(Object.is(lossAndGradients('binary', scores, y, rows, 1, null, 3), total / sampled)).toBe(true);
    expect(Object.is(sampledLoss('binary', scores, y, rows, 1, 3), total / sampled)).toBe(true);
    expect(Buffer.from(onePass.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
    expect(Buffer.from(twoPasses.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
  });
});
