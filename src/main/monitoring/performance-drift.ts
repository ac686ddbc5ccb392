// Realised performance (accuracy or RMSE) on labelled rows, and whether the current figure is worse than the
// sampling spread of both figures: a seeded bootstrap of the reference at both sides' sample sizes.
import type { PerformanceFigure } from '../../shared/monitoring';
import { mulberry32 } from '../training/splits';
import type { Scores } from './model-scoring';

export type PerformanceMetric = 'accuracy' | 'rmse';

/**
 * Per-row scores whose mean gives the metric: 1/0 for a right/wrong class (accuracy = mean), squared errors for
 * regression (RMSE = sqrt of the mean). One array per side, for the labelled rows only.
 */
export interface RowScores {
  metric: PerformanceMetric;
  values: Float64Array;
}

/** Bootstrap resamples of the reference; enough for a stable 5th percentile. */
const RESAMPLES = 1000;
/** draws per resample at most (a mean of 5,000 draws is as normal as a mean of more); larger samples rescale the spread (see performanceFigure) */
export const MAX_DRAWS = 5_000;
/** one fixed seed, so the same data gives the same verdict in every report */
export const BOOTSTRAP_SEED = 1013;

function mean(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** The metric from its per-row scores; NaN for no rows. */
export function aggregate(metric: PerformanceMetric, values: Float64Array): number {
  const m = mean(values);
  return metric === 'rmse' ? Math.sqrt(m) : m;
}

/**
 * Each row's truth, indexed by row like the scores: a class index (UNSEEN for a class the model never saw, NO_LABEL
 * for a missing label), or a number (NaN for a missing label). Per row, so a window's figures cost its rows only.
 */
export type Truth = { kind: 'classes'; classes: Int32Array } | { kind: 'values'; values: Float64Array };
export const UNSEEN = -1;
export const NO_LABEL = -2;

/** The rows that have a label, ascending. */
export function labelledRows(classes: Int32Array): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < classes.length; r++) if (classes[r] !== NO_LABEL) rows.push(r);
  return Int32Array.from(rows);
}

/**
 * The per-row scores of the labelled rows among `rows` (null = all): 1/0 for a right/wrong class, squared errors for
 * values. A prediction on a labelled row is never dropped, so a NaN prediction makes the RMSE NaN rather than better.
 */
export function rowScores(scores: Scores, truth: Truth, rows: Int32Array | null): RowScores {
  const n = rows ? rows.length : scores.rows;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    if (scores.task === 'regression') {
      if (truth.kind === 'values' && !Number.isNaN(truth.values[r])) out.push((scores.values[r] - truth.values[r]) ** 2);
    } else if (truth.kind === 'classes' && truth.classes[r] !== NO_LABEL) {
      out.push(scores.predicted[r] === truth.classes[r] ? 1 : 0);
    }
  }
  return { metric: scores.task === 'regression' ? 'rmse' : 'accuracy', values: Float64Array.from(out) };
}

/** numpy.percentile's default (linear) on sorted values. */
function percentile(sorted: Float64Array, q: number): number {
  const at = (sorted.length - 1) * (q / 100);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/**
 * The reference's figure, the current's, and the bound of what chance alone gives when nothing changed. Both figures
 * are estimates from samples, so each bootstrap draw moves the reference's mean by two independent errors: drawing as
 * many rows as the current has (the current's sampling spread; a small current sample gets a wide band) and, with the
 * opposite sign, as many as the reference has (how uncertain the reference's own figure is). The bound is the 5th
 * percentile for accuracy, the 95th for RMSE; a current figure worse than it is drift. Past MAX_DRAWS rows a draw takes
 * MAX_DRAWS rows and scales its deviation by sqrt(MAX_DRAWS / n), the spread of a mean of n draws, at a fixed cost.
 */
export function performanceFigure(reference: RowScores, current: RowScores, seed = BOOTSTRAP_SEED): PerformanceFigure {
  const metric = reference.metric;
  const refMean = mean(reference.values);
  const random = mulberry32(seed);
  const size = reference.values.length;
  const deviation = (n: number): number => {
    const draws = Math.min(n, MAX_DRAWS);
    let s = 0;
    for (let i = 0; i < draws; i++) s += reference.values[Math.floor(random() * size)];
    return (s / draws - refMean) * Math.sqrt(draws / n);
  };
  const figures = new Float64Array(RESAMPLES);
  for (let b = 0; b < RESAMPLES; b++) {
    const m = refMean + deviation(current.values.length) - deviation(size);
    figures[b] = metric === 'rmse' ? Math.sqrt(Math.max(0, m)) : m;
  }
  figures.sort();
  const bound = percentile(figures, metric === 'rmse' ? 95 : 5);
  const ref = aggregate(metric, reference.values);
  const cur = aggregate(metric, current.values);
  const worse = metric === 'rmse' ? cur > bound : cur < bound;
  return { metric, reference: ref, current: cur, delta: cur - ref, drift: worse, lowerBound: Number.isFinite(bound) ? bound : null };
}
