// The losses boosting fits, as sklearn 1.2's HalfBinomial, HalfMultinomial and HalfSquaredError: baseline, mean loss, gradients and hessians.
import type { Task } from './model-types';

/** Keeps log(prior) finite when a class is absent from the training rows (sklearn clips the same way). */
const EPS = 2.220446049250313e-16;

export type Labels = ArrayLike<number>;

/** Score outputs per row: one for binary and regression, one per class for multiclass. */
export function outputsFor(task: Task, classes: number): number {
  return task === 'multiclass' ? classes : 1;
}

/** The constant scores before any tree: log-odds of the positive rate, log class priors, or the mean target. */
export function baselineScores(task: Task, y: Labels, rows: number, outputs: number): number[] {
  if (task === 'regression') {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += y[r];
    return [sum / rows];
  }
  const counts = new Float64Array(task === 'binary' ? 2 : outputs);
  for (let r = 0; r < rows; r++) counts[y[r]]++;
  const prior = (c: number) => Math.min(Math.max(counts[c] / rows, EPS), 1 - EPS);
  if (task === 'binary') return [Math.log(prior(1) / (1 - prior(1)))];
  return Array.from(counts, (_, c) => Math.log(prior(c)));
}

/**
 * Mean loss of the scores (rows x outputs, row-major): log-loss for classifiers, mean squared error for regression
 * (what a user expects to see on the curve; sklearn's half of it only rescales the early-stopping tolerance).
 * When gradHess is given it is filled in the same pass (saving the second exp() per row a separate loss pass
 * would cost): per class a block of 2 * rows floats, each row's gradient then hessian, as the tree grower reads them.
 * The loss itself is averaged over every lossStride-th row (rows 0, k, 2k...): on a million rows its log() would cost
 * as much as the gradients, and a 1-in-k sample moves the curve by far less than its line width (sklearn scores a
 * sample too). sampledLoss + fillGradients give the same numbers in two passes that threads can share.
 */
export function lossAndGradients(
  task: Task,
  scores: Float64Array,
  y: Labels,
  rows: number,
  outputs: number,
  gradHess: Float32Array | null,
  lossStride = 1,
): number {
  let total = 0;
  let sampled = 0;
  let countdown = 1;
  if (task === 'regression') {
    for (let r = 0; r < rows; r++) {
      const d = scores[r] - y[r];
      if (--countdown === 0) {
        countdown = lossStride;
        sampled++;
        total += d * d;
      }
      if (gradHess) {
        gradHess[2 * r] = d;
        gradHess[2 * r + 1] = 1;
      }
    }
  } else if (task === 'binary') {
    return gradHess ? binaryLossAndGradients(scores, y, rows, gradHess, lossStride) : sampledLoss(task, scores, y, rows, outputs, lossStride);
  } else {
    for (let r = 0; r < rows; r++) {
      const o = r * outputs;
      const max = rowMax(scores, o, outputs);
      const sum = expSum(scores, o, outputs, max);
      const t = y[r];
      if (--countdown === 0) {
        countdown = lossStride;
        sampled++;
        total += Math.log(sum) + max - scores[o + t];
      }
      if (gradHess) multiclassGradients(scores, o, outputs, max, sum, t, gradHess, rows, r);
    }
  }
  return total / sampled;
}

/** lossAndGradients' loss alone: the same rows summed in the same order, so the same number. */
export function sampledLoss(task: Task, scores: Float64Array, y: Labels, rows: number, outputs: number, lossStride: number): number {
  let total = 0;
  let sampled = 0;
  for (let r = 0; r < rows; r += lossStride, sampled++) total += rowLoss(task, scores, y, outputs, r);
  return total / sampled;
}

/**
 * sampledLoss's term of each sampled row in [from, to) (rows 0, k, 2k... for lossStride k), at terms[r / k]: threads
 * each fill the terms of their own rows, then sumLossTerms adds them in sampledLoss's order, so to the same number.
 */
export function fillLossTerms(task: Task, scores: Float64Array, y: Labels, outputs: number, lossStride: number, terms: Float64Array, from: number, to: number): void {
  for (let r = Math.ceil(from / lossStride) * lossStride; r < to; r += lossStride) terms[r / lossStride] = rowLoss(task, scores, y, outputs, r);
}

/** The mean of the terms fillLossTerms wrote for every sampled row (ceil(rows / lossStride) of them): sampledLoss's number. */
export function sumLossTerms(terms: Float64Array): number {
  let total = 0;
  for (let i = 0; i < terms.length; i++) total += terms[i];
  return total / terms.length;
}

/** One row's loss, as lossAndGradients adds it for a sampled row. */
function rowLoss(task: Task, scores: Float64Array, y: Labels, outputs: number, r: number): number {
  if (task === 'regression') {
    const d = scores[r] - y[r];
    return d * d;
  }
  if (task === 'binary') {
    const z = scores[r];
    return binaryLoss(z, y[r], Math.exp(-Math.abs(z)));
  }
  const o = r * outputs;
  const max = rowMax(scores, o, outputs);
  return Math.log(expSum(scores, o, outputs, max)) + max - scores[o + y[r]];
}

/** lossAndGradients' gradients of the rows [from, to) alone (the same numbers): each thread fills its own rows. */
export function fillGradients(task: Task, scores: Float64Array, y: Labels, rows: number, outputs: number, gradHess: Float32Array, from: number, to: number): void {
  if (task === 'regression') {
    for (let r = from; r < to; r++) {
      gradHess[2 * r] = scores[r] - y[r];
      gradHess[2 * r + 1] = 1;
    }
  } else if (task === 'binary') {
    for (let r = from; r < to; r++) {
      const z = scores[r];
      binaryGradient(z, y[r], Math.exp(-Math.abs(z)), gradHess, r);
    }
  } else {
    for (let r = from; r < to; r++) {
      const o = r * outputs;
      const max = rowMax(scores, o, outputs);
      multiclassGradients(scores, o, outputs, max, expSum(scores, o, outputs, max), y[r], gradHess, rows, r);
    }
  }
}

/**
 * The binary branch of lossAndGradients, on its own: a loop with no null test on gradHess in it and the sampled
 * rows found by a compare, not a countdown, runs a 120,000-row pass in three quarters of the time (the same
 * arithmetic per row and the same rows summed in the same order).
 */
function binaryLossAndGradients(scores: Float64Array, y: Labels, rows: number, gradHess: Float32Array, lossStride: number): number {
  let total = 0;
  let sampled = 0;
  let next = 0;
  for (let r = 0; r < rows; r++) {
    const z = scores[r];
    const t = y[r];
    const e = Math.exp(-Math.abs(z));
    if (r === next) {
      next += lossStride;
      sampled++;
      total += binaryLoss(z, t, e);
    }
    binaryGradient(z, t, e, gradHess, r);
  }
  return total / sampled;
}

/** log(1 + exp(z)) - t z, written to stay finite for large |z|; e = exp(-|z|) */
function binaryLoss(z: number, t: number, e: number): number {
  return Math.log1p(e) + (z > 0 ? z : 0) - t * z;
}

/**
 * p = sigmoid(z) as 1 / (1 + e) for z >= 0, else e / (1 + e). Only the numerator is chosen, so the compiler emits a
 * select, not a branch: the sign of a row's score is a coin toss to the branch predictor, and the mispredicted
 * branch cost a fifth of a 120,000-row pass. The same division of the same operands, so the same bits.
 */
function binaryGradient(z: number, t: number, e: number, gradHess: Float32Array, r: number): void {
  const p = (z >= 0 ? 1 : e) / (1 + e);
  gradHess[2 * r] = p - t;
  gradHess[2 * r + 1] = p * (1 - p);
}

function rowMax(scores: Float64Array, o: number, outputs: number): number {
  let max = -Infinity;
  for (let k = 0; k < outputs; k++) if (scores[o + k] > max) max = scores[o + k];
  return max;
}

function expSum(scores: Float64Array, o: number, outputs: number, max: number): number {
  let sum = 0;
  for (let k = 0; k < outputs; k++) sum += Math.exp(scores[o + k] - max);
  return sum;
}

function multiclassGradients(scores: Float64Array, o: number, outputs: number, max: number, sum: number, t: number, gradHess: Float32Array, rows: number, r: number): void {
  for (let k = 0; k < outputs; k++) {
    const p = Math.exp(scores[o + k] - max) / sum;
    const at = 2 * (k * rows + r);
    gradHess[at] = p - (k === t ? 1 : 0);
    gradHess[at + 1] = p * (1 - p);
  }
}
