// In-process prediction from a TrainedModel's body on an already-preprocessed feature matrix (dense or CSR).
// The ONNX export is checked against exactly these numbers.
import { toDense, type CsrMatrix, type FeatureMatrix } from './feature-matrix';
import type { ModelBody, Task, TrainedModel } from './model-types';
import { addForestScores } from './tree-walk';

export function outputCount(body: ModelBody): number {
  if (body.kind === 'linear') return body.weights.length;
  if (body.kind === 'trees') return body.base.length;
  return body.layers[body.layers.length - 1].bias.length;
}

/** Raw scores, rows x outputs, row-major, of a dense row-major matrix. */
export function predictScores(body: ModelBody, X: Float64Array, rows: number, features: number): Float64Array {
  const k = outputCount(body);
  const out = new Float64Array(rows * k);
  if (body.kind === 'linear') {
    for (let r = 0; r < rows; r++) {
      const o = r * features;
      for (let j = 0; j < k; j++) {
        const w = body.weights[j];
        let s = body.intercepts[j];
        for (let f = 0; f < features; f++) s += w[f] * X[o + f];
        out[r * k + j] = s;
      }
    }
  } else if (body.kind === 'trees') {
    for (let r = 0; r < rows; r++) for (let j = 0; j < k; j++) out[r * k + j] = body.base[j];
    addForestScores(body.trees, X, rows, features, out);
  } else {
    let input = X;
    let width = features;
    body.layers.forEach((layer, li) => {
      const units = layer.bias.length;
      const next = new Float64Array(rows * units);
      const last = li === body.layers.length - 1;
      for (let r = 0; r < rows; r++) {
        for (let u = 0; u < units; u++) {
          const w = layer.weights[u];
          let s = layer.bias[u];
          for (let f = 0; f < width; f++) s += w[f] * input[r * width + f];
          next[r * units + u] = last || s > 0 ? s : 0;
        }
      }
      input = next;
      width = units;
    });
    out.set(input);
  }
  return out;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Scores to probabilities (rows x classes) for classifiers; scores unchanged for regression. */
export function scoresToOutputs(task: Task, scores: Float64Array, rows: number): Float64Array {
  if (task === 'regression') return scores;
  if (task === 'binary') {
    const p = new Float64Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const p1 = sigmoid(scores[r]);
      p[2 * r] = 1 - p1;
      p[2 * r + 1] = p1;
    }
    return p;
  }
  const k = scores.length / rows;
  const p = new Float64Array(scores.length);
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, scores[r * k + j]);
    let sum = 0;
    for (let j = 0; j < k; j++) sum += p[r * k + j] = Math.exp(scores[r * k + j] - max);
    for (let j = 0; j < k; j++) p[r * k + j] /= sum;
  }
  return p;
}

/** W x + b over CSR rows; the stored entries in ascending column order give the dense loop's sums exactly. */
function sparseLinearScores(body: Extract<ModelBody, { kind: 'linear' }>, m: CsrMatrix): Float64Array {
  const k = body.weights.length;
  const out = new Float64Array(m.rows * k);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < k; j++) {
      const w = body.weights[j];
      let s = body.intercepts[j];
      for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) s += w[m.indices[p]] * m.values[p];
      out[r * k + j] = s;
    }
  }
  return out;
}

/** Probabilities (classifiers) or values (regression) for a preprocessed matrix; trees and networks read a dense copy of a CSR one. */
export function predictMatrix(model: TrainedModel, m: FeatureMatrix): Float64Array {
  let scores: Float64Array;
  if (m.kind === 'csr' && model.body.kind === 'linear') scores = sparseLinearScores(model.body, m);
  else {
    const { X, rows, features } = toDense(m);
    scores = predictScores(model.body, X, rows, features);
  }
  return scoresToOutputs(model.task, scores, m.rows);
}

/** The predicted class index per row: the most probable class. */
export function argmaxRows(p: Float64Array, rows: number): Int32Array {
  const k = p.length / rows;
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let j = 1; j < k; j++) if (p[r * k + j] > p[r * k + best]) best = j;
    out[r] = best;
  }
  return out;
}
