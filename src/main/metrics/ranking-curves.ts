// Threshold curves of one score against one positive class (ROC and precision-recall) and their areas, as scikit-learn 1.2 computes them.

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

function countsByThreshold(positive: Uint8Array, scores: Float64Array): Counts {
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  const counts: Counts = { tps: [], fps: [], thresholds: [] };
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    tp += positive[order[i]];
    // A run of tied scores is one threshold: every row in it flips at once.
    if (i === order.length - 1 || scores[order[i + 1]] !== scores[order[i]]) {
      counts.tps.push(tp);
      counts.fps.push(i + 1 - tp);
      counts.thresholds.push(scores[order[i]]);
    }
  }
  return counts;
}

/** The full curve (no point dropped); null when one of the two classes is absent and the rates are undefined. */
export function rocCurve(positive: Uint8Array, scores: Float64Array): RocCurve | null {
  const { tps, fps, thresholds } = countsByThreshold(positive, scores);
  const p = tps[tps.length - 1];
  const n = fps[fps.length - 1];
  if (!(p > 0 && n > 0)) return null;
  return {
    fpr: [0, ...fps.map((f) => f / n)],
    tpr: [0, ...tps.map((t) => t / p)],
    thresholds: [thresholds[0] + 1, ...thresholds],
  };
}

/** Null when there is no positive row: recall is undefined. */
export function precisionRecallCurve(positive: Uint8Array, scores: Float64Array): PrCurve | null {
  const { tps, fps, thresholds } = countsByThreshold(positive, scores);
  const p = tps[tps.length - 1];
  if (!(p > 0)) return null;
  return {
    precision: [...tps.map((t, i) => t / (t + fps[i])).reverse(), 1],
    recall: [...tps.map((t) => t / p).reverse(), 0],
    thresholds: [...thresholds].reverse(),
  };
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
