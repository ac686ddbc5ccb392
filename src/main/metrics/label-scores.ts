// Hard-label metrics from class indices: argmax predictions, confusion matrix, accuracy and per-class precision/recall/F1.
import { fail } from '../../shared/errors';

/** Per-class figures indexed by class; `support` counts the true rows of each class. */
export interface ClassScores {
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
}

/** The predicted class of each row; ties go to the lowest class index, as numpy's argmax does. */
export function argmaxRows(probs: Float64Array, k: number): Int32Array {
  const rows = probs.length / k;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[r * k + c] > probs[r * k + best]) best = c;
    out[r] = best;
  }
  return out;
}

/** matrix[true][predicted], over all k classes whether or not they occur. */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, k: number): number[][] {
  if (yTrue.length !== yPred.length) fail('BAD_INPUT', `y_true has ${yTrue.length} rows but predictions have ${yPred.length}`);
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) matrix[yTrue[i]][yPred[i]]++;
  return matrix;
}

export function accuracyOf(matrix: number[][]): number {
  let correct = 0;
  let total = 0;
  matrix.forEach((row, t) => row.forEach((n, p) => {
    total += n;
    if (t === p) correct += n;
  }));
  return correct / total;
}

/** sklearn's zero_division=0: a ratio whose denominator is zero counts as 0, so macro averages still include the class. */
export function classScores(matrix: number[][]): ClassScores {
  const k = matrix.length;
  const scores: ClassScores = { precision: [], recall: [], f1: [], support: [] };
  for (let c = 0; c < k; c++) {
    const tp = matrix[c][c];
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += matrix[t][c];
    const support = matrix[c].reduce((a, b) => a + b, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    scores.precision.push(precision);
    scores.recall.push(recall);
    scores.f1.push(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));
    scores.support.push(support);
  }
  return scores;
}

export function macroAverage(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function weightedAverage(values: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  let total = 0;
  values.forEach((v, i) => {
    sum += v * weights[i];
    total += weights[i];
  });
  return total === 0 ? 0 : sum / total;
}
