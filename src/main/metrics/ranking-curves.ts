// Threshold curves of one score against one positive class (ROC and precision-recall) and their areas, as scikit-learn 1.2 computes them.
import { fail } from '../../shared/errors';

export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /** descending; the first is the top score + 1, as sklearn 1.2 marks "nothing predicted positive" */
  thresholds: number[];
}

export interface PrCurve {
  /** ordered by increasing threshold, ending with the point (recall 0, precision 1), as sklearn returns it */
  precision: number[];
  recall: number[];
  thresholds: number[];
}

/** Cumulative true/false positives at each distinct score, highest score first (sklearn's _binary_clf_curve). */
interface Counts {
  tps: number[];
  fps: number[];
  thresholds: number[];
}

/**
 * The positive and the negative rows' scores each sorted as numbers (the typed arrays' own sort, about 10x faster
 * than sorting row indices through a comparator), then merged from the top; a run of tied scores, on either side, is
 * one threshold: every row in it flips at once.
 */
function countsByThreshold(positive: Uint8Array, scores: Float64Array): Counts {
  let positives = 0;
  for (let r = 0; r < positive.length; r++) positives += positive[r];
  const pos = new Float64Array(positives);
  const neg = new Float64Array(scores.length - positives);
  for (let r = 0, a = 0, b = 0; r < scores.length; r++) {
    // A NaN has no rank: a comparator sort would place it anywhere, so it is refused rather than counted somewhere.
    if (Number.isNaN(scores[r])) fail('BAD_INPUT', `ranking curves need a score for every row; row ${r} has none (NaN)`);
    if (positive[r] === 1) pos[a++] = scores[r];
    else neg[b++] = scores[r];
  }
  pos.sort();
  neg.sort();
  const counts: Counts = { tps: [], fps: [], thresholds: [] };
  let i = pos.length - 1;
  let j = neg.length - 1;
  let tp = 0;
  let fp = 0;
  while (i >= 0 || j >= 0) {
    const t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
    for (; i >= 0 && pos[i] === t; i--) tp++;
    for (; j >= 0 && neg[j] === t; j--) fp++;
    counts.tps.push(tp);
    counts.fps.push(fp);
    counts.thresholds.push(t);
  }
  return counts;
}

// Plain loops rather than map and spread: at tens of thousands of thresholds the copies were half a report's time.
function rocFromCounts({ tps, fps, thresholds }: Counts): RocCurve | null {
  const m = tps.length;
  const p = tps[m - 1];
  const n = fps[m - 1];
  if (!(p > 0 && n > 0)) return null;
  const curve: RocCurve = { fpr: [0], tpr: [0], thresholds: [thresholds[0] + 1] };
  for (let i = 0; i < m; i++) {
    curve.fpr.push(fps[i] / n);
    curve.tpr.push(tps[i] / p);
    curve.thresholds.push(thresholds[i]);
  }
  return curve;
}

function prFromCounts({ tps, fps, thresholds }: Counts): PrCurve | null {
  const m = tps.length;
  const p = tps[m - 1];
  if (!(p > 0)) return null;
  const curve: PrCurve = { precision: [], recall: [], thresholds: [] };
  for (let i = m - 1; i >= 0; i--) {
    curve.precision.push(tps[i] / (tps[i] + fps[i]));
    curve.recall.push(tps[i] / p);
    curve.thresholds.push(thresholds[i]);
  }
  curve.precision.push(1);
  curve.recall.push(0);
  return curve;
}

/** The full curve (no point dropped); null when one of the two classes is absent and the rates are undefined. positive: 1 for a positive row, else 0. */
export function rocCurve(positive: Uint8Array, scores: Float64Array): RocCurve | null {
  return rocFromCounts(countsByThreshold(positive, scores));
}

/** Null when there is no positive row: recall is undefined. */
export function precisionRecallCurve(positive: Uint8Array, scores: Float64Array): PrCurve | null {
  return prFromCounts(countsByThreshold(positive, scores));
}

/** Both curves of one score from one ranking of the rows: what rocCurve() and precisionRecallCurve() return. */
export function rankingCurves(positive: Uint8Array, scores: Float64Array): { roc: RocCurve | null; pr: PrCurve | null } {
  const counts = countsByThreshold(positive, scores);
  return { roc: rocFromCounts(counts), pr: prFromCounts(counts) };
}

/** Trapezoidal area, as sklearn.metrics.auc. */
export function rocAuc(curve: RocCurve): number {
  let area = 0;
  for (let i = 1; i < curve.fpr.length; i++) area += ((curve.fpr[i] - curve.fpr[i - 1]) * (curve.tpr[i] + curve.tpr[i - 1])) / 2;
  return area;
}

/**
 * Average precision: the step integral sum((R_k - R_k-1) * P_k), not the trapezoid, which would reward
 * interpolating between operating points that no threshold reaches.
 */
export function averagePrecision(curve: PrCurve): number {
  let area = 0;
  for (let i = 0; i < curve.recall.length - 1; i++) area += (curve.recall[i] - curve.recall[i + 1]) * curve.precision[i];
  return area;
}
