import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../training/splits';
import { BOOTSTRAP_SEED, MAX_DRAWS, performanceFigure, type RowScores } from './performance-drift';

/** n rows right with probability p: accuracy's per-row scores */
function bernoulli(random: () => number, n: number, p: number): RowScores {
  return { metric: 'accuracy', values: Float64Array.from({ length: n }, () => (random() < p ? 1 : 0)) };
}

describe('performanceFigure', () => {
  it('flags about 5% of unchanged samples: the bound counts the sampling error of both the reference and the current figure', () => {
    const random = mulberry32(99);
    const trials = 200;
    let flagged = 0;
    for (let t = 0; t < trials; t++) {
      const f = performanceFigure(bernoulli(random, 300, 0.8), bernoulli(random, 300, 0.8), t + 1);
      if (f.drift) flagged++;
    }
    // a bound from the current's sampling alone (sd smaller by sqrt 2 here) flags about 12%
    expect(flagged / trials).toBeGreaterThan(0.02);
    expect(flagged / trials).toBeLessThan(0.09);
  });

  it('flags a real drop of a few points, reports the figures, and is deterministic for its seed', () => {
    const random = mulberry32(5);
    const reference = bernoulli(random, 2000, 0.85);
    const current = bernoulli(random, 2000, 0.8);
    const f = performanceFigure(reference, current);
    expect(f.metric).toBe('accuracy');
    expect(f.drift).toBe(true);
    expect(f.current).toBeLessThan(f.lowerBound!);
    expect(f.lowerBound!).toBeLessThan(f.reference);
    expect(f.delta).toBe(f.current - f.reference);
    expect(performanceFigure(reference, current, BOOTSTRAP_SEED)).toEqual(f);
  });

  it('keeps a wide band for a small current sample and a narrow one for a large sample', () => {
    const random = mulberry32(8);
    const reference = bernoulli(random, 5000, 0.9);
    const small = performanceFigure(reference, bernoulli(random, 50, 0.9));
    const large = performanceFigure(reference, bernoulli(random, 5000, 0.9));
    expect(small.reference - small.lowerBound!).toBeGreaterThan(3 * (large.reference - large.lowerBound!));
  });

  it('past MAX_DRAWS rows rescales the spread, matching the normal approximation of a difference of two means', () => {
    const random = mulberry32(21);
    const nRef = 20 * MAX_DRAWS;
    const nCur = 60 * MAX_DRAWS;
    const reference = bernoulli(random, nRef, 0.9);
    const f = performanceFigure(reference, bernoulli(random, nCur, 0.9));
    const p = f.reference;
    const sd = Math.sqrt(p * (1 - p) * (1 / nRef + 1 / nCur));
    const normalBound = p - 1.6449 * sd;
    expect(Math.abs(f.lowerBound! - normalBound)).toBeLessThan(0.1 * 1.6449 * sd);
  });

  it('for RMSE puts the bound above the reference and flags a larger error', () => {
    const random = mulberry32(3);
    const squared = (n: number, sd: number): RowScores => ({ metric: 'rmse', values: Float64Array.from({ length: n }, () => (sd * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())) ** 2) });
    const reference = squared(3000, 1);
    const same = performanceFigure(reference, squared(3000, 1));
    expect(same.lowerBound!).toBeGreaterThan(same.reference);
    expect(same.drift).toBe(false);
    const worse = performanceFigure(reference, squared(3000, 1.15));
    expect(worse.drift).toBe(true);
    expect(worse.current).toBeGreaterThan(worse.lowerBound!);
    expect(Math.abs(worse.current - 1.15)).toBeLessThan(0.05);
  });
});
