// The seeded bootstrap of one group's confusion counts, and the percentile interval read from the resampled figures.
import type { Prng } from '../tuning/prng';
import type { ConfusionCounts } from './group-metrics';

/**
 * One bootstrap resample of a group's rows, drawn with replacement, returned as its confusion counts. Every figure
 * depends on the rows only through their cell, so drawing a row index over the rows laid out cell by cell is
 * resampling the rows themselves, without touching them: O(rows) draws and no memory per resample.
 */
export function resampleCounts(c: ConfusionCounts, prng: Prng): ConfusionCounts {
  const n = c.tp + c.fp + c.fn + c.tn;
  const tpEnd = c.tp;
  const fpEnd = tpEnd + c.fp;
  const fnEnd = fpEnd + c.fn;
  const out: ConfusionCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < n; i++) {
    // One 32-bit draw per row instead of Prng.int's 53 bits halves the cost of the hot loop; an index's chance is off
    // by at most n / 2^32 of itself (0.02% at a million rows), far below the bootstrap's own Monte Carlo noise.
    const row = Math.floor((prng.nextUint32() / 4294967296) * n);
    if (row < tpEnd) out.tp++;
    else if (row < fpEnd) out.fp++;
    else if (row < fnEnd) out.fn++;
    else out.tn++;
  }
  return out;
}

/** numpy.percentile's default (linear interpolation between order statistics) at q in [0, 1], on sorted values. */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

/**
 * The equal-tailed percentile interval at `level` of the resamples' figures. A resample where the figure is undefined
 * (a group's resample drew none of its positives) is left out; with none defined there is no interval.
 */
export function percentileInterval(values: (number | null)[], level: number): { low: number; high: number } | null {
  const defined = Float64Array.from(values.filter((v): v is number => v !== null)).sort();
  if (defined.length === 0) return null;
  const tail = (1 - level) / 2;
  return { low: percentileOfSorted(defined, tail), high: percentileOfSorted(defined, 1 - tail) };
}
