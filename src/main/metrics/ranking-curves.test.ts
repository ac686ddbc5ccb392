import { describe, expect, it } from 'vitest';
import { precisionRecallCurve, rankingCurves, rocCurve } from './ranking-curves';

/** The counting rankingCurves() must reproduce: row indices sorted by a comparator, highest score first, one point per run of ties. */
function referenceCounts(positive: Uint8Array, scores: Float64Array) {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  order.forEach((row, i) => {
    tp += positive[row];
    if (i === order.length - 1 || scores[order[i + 1]] !== scores[row]) {
      tps.push(tp);
      fps.push(i + 1 - tp);
      thresholds.push(scores[row]);
    }
  });
  return { tps, fps, thresholds };
}

/** Scores on a coarse grid (many ties, some across both classes) and labels that lean on them, from a seeded generator. */
function rankedRows(rows: number, grid: number, seed: number): { positive: Uint8Array; scores: Float64Array } {
  let a = seed;
  const next = () => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0;
    return a / 2 ** 32;
  };
  const scores = Float64Array.from({ length: rows }, () => Math.floor(next() * grid) / grid);
  const positive = Uint8Array.from(scores, (s) => (next() < s ? 1 : 0));
  return { positive, scores };
}

describe('ranking curves', () => {
  it('count true and false positives at each distinct score as sorting the rows by a comparator does, ties across both classes included', () => {
    for (const [rows, grid] of [[5_000, 37], [2_000, 1e9], [1, 10], [40, 1]]) {
      const { positive, scores } = rankedRows(rows, grid, rows + grid);
      const { tps, fps, thresholds } = referenceCounts(positive, scores);
      const p = tps[tps.length - 1];
      const n = fps[fps.length - 1];
      const { roc, pr } = rankingCurves(positive, scores);
      expect(roc).toEqual(p > 0 && n > 0 ? { fpr: [0, ...fps.map((f) => f / n)], tpr: [0, ...tps.map((t) => t / p)], thresholds: [thresholds[0] + 1, ...thresholds] } : null);
      expect(pr).toEqual(p > 0 ? { precision: [...tps.map((t, i) => t / (t + fps[i])).reverse(), 1], recall: [...tps.map((t) => t / p).reverse(), 0], thresholds: [...thresholds].reverse() } : null);
      expect(rocCurve(positive, scores)).toEqual(roc);
      expect(precisionRecallCurve(positive, scores)).toEqual(pr);
    }
  });

  it('refuses a NaN score, naming its row, since it has no place in a ranking', () => {
    expect(() => rocCurve(Uint8Array.from([1, 0, 1]), Float64Array.from([0.2, NaN, 0.7]))).toThrow(
      expect.objectContaining({ error: expect.objectContaining({ code: 'BAD_INPUT', message: 'ranking curves need a score for every row; row 1 has none (NaN)' }) }),
    );
  });
});
