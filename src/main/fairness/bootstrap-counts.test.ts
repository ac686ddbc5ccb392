import { describe, expect, it } from 'vitest';
import { Prng } from '../tuning/prng';
import { percentileInterval, percentileOfSorted, resampleCounts } from './bootstrap-counts';

describe('resampleCounts', () => {
  it("draws the group's own number of rows, each cell as often on average as a multinomial draw would", () => {
    const c = { tp: 10, fp: 30, fn: 0, tn: 60 };
    const prng = new Prng(5);
    const draws = 4000;
    const sum = { tp: 0, fp: 0, fn: 0, tn: 0 };
    let tpSquares = 0;
    for (let b = 0; b < draws; b++) {
      const d = resampleCounts(c, prng);
      expect(d.tp + d.fp + d.fn + d.tn).toBe(100);
      expect(d.fn).toBe(0); // an empty cell stays empty: no row of it exists to draw
      sum.tp += d.tp;
      sum.fp += d.fp;
      sum.tn += d.tn;
      tpSquares += d.tp * d.tp;
    }
    // Means: n p with standard error sqrt(n p (1 - p) / draws), about 0.05 for tp; 0.25 is five of those.
    expect(Math.abs(sum.tp / draws - 10)).toBeLessThan(0.25);
    expect(Math.abs(sum.fp / draws - 30)).toBeLessThan(0.4);
    expect(Math.abs(sum.tn / draws - 60)).toBeLessThan(0.4);
    // Variance of a multinomial cell: n p (1 - p) = 9 for tp; a sampler that drew without replacement would give 0.
    const variance = tpSquares / draws - (sum.tp / draws) ** 2;
    expect(variance).toBeGreaterThan(8);
    expect(variance).toBeLessThan(10);
  });

  it('replays the same resample from the same seed', () => {
    const c = { tp: 3, fp: 4, fn: 5, tn: 6 };
    expect(resampleCounts(c, new Prng(11))).toEqual(resampleCounts(c, new Prng(11)));
  });
});

describe('percentile interval', () => {
  it("interpolates between order statistics as numpy.percentile's default does", () => {
    // numpy.percentile([1, 2, 3, 4], [2.5, 97.5]) == [1.075, 3.925]
    const sorted = Float64Array.from([1, 2, 3, 4]);
    expect(percentileOfSorted(sorted, 0.025)).toBeCloseTo(1.075, 12);
    expect(percentileOfSorted(sorted, 0.975)).toBeCloseTo(3.925, 12);
    expect(percentileOfSorted(Float64Array.from([7]), 0.5)).toBe(7);
  });

  it('sorts the values, leaves undefined resamples out, and gives null when none is defined', () => {
    expect(percentileInterval([4, null, 1, 3, 2], 0.95)).toEqual({ low: expect.closeTo(1.075, 12), high: expect.closeTo(3.925, 12) });
    expect(percentileInterval([null, null], 0.95)).toBeNull();
  });
});
