// Linear models on a dense or sparse (CSR) matrix: L2-regularised logistic regression by L-BFGS, ridge / least squares by Cholesky.
import { fail } from '../../shared/errors';
import { checkCsr, type CsrMatrix, type DenseMatrix, type FeatureMatrix } from './feature-matrix';
import type { ModelBody, TrainerHooks } from './model-types';

export interface LogisticParams {
  /** inverse regularisation strength, as sklearn's C (default 1); Infinity fits without a penalty */
  C?: number;
  /** L-BFGS iterations at most (default 100, as sklearn) */
  maxIter?: number;
  /** stop once no gradient component exceeds this (default 1e-4, sklearn's tol, on the same objective) */
  tol?: number;
  /**
   * stop once an iteration lowers the objective by less than this fraction (default scipy's factr=1e7 epsilons, which
   * sklearn keeps); on large data this, not tol, ends training, since the objective sums over rows. 0 runs to tol.
   */
  ftol?: number;
}

export interface RidgeParams {
  /** L2 penalty on the weights (default 1, as sklearn's Ridge); 0 is ordinary least squares */
  alpha?: number;
}

/** Writes the gradient at w into grad and returns the objective. */
type Objective = (w: Float64Array, grad: Float64Array) => number;

interface LossFunction {
  evaluate: Objective;
  /** summed log-loss over the rows at the last evaluated point, without the penalty */
  lastLoss: () => number;
  /** the weights and intercepts of each output from the parameter vector, however the loss lays it out */
  unpack: (w: Float64Array) => { weights: number[][]; intercepts: number[] };
}

/** The usual layout: one block [weights..., intercept] per output. */
function classBlocks(outputs: number, features: number): LossFunction['unpack'] {
  const width = features + 1;
  return (w) => ({
    weights: Array.from({ length: outputs }, (_, k) => Array.from(w.subarray(k * width, k * width + features))),
    intercepts: Array.from({ length: outputs }, (_, k) => w[k * width + features]),
  });
}

// scipy's L-BFGS-B defaults as sklearn calls it: 10 correction pairs, at most 20 trial steps a line search.
const MEMORY = 10;
const MAX_TRIAL_STEPS = 20;
// Armijo sufficient-decrease constant: accept a step that achieves this fraction of the predicted decrease.
const ARMIJO = 1e-4;

function checkShape(m: FeatureMatrix, labels: ArrayLike<number>): void {
  if (m.kind === 'csr') checkCsr(m);
  else if (m.X.length !== m.rows * m.features) fail('BAD_INPUT', `The matrix holds ${m.X.length} values, not ${m.rows} x ${m.features}.`);
  if (labels.length !== m.rows) fail('BAD_INPUT', `There are ${labels.length} targets for ${m.rows} rows.`);
  if (m.rows === 0) fail('BAD_INPUT', 'There are no rows to train on.');
}

/**
 * Called once a result came out NaN or infinite: names the first bad value. Scanning only then keeps a pass over
 * the whole matrix out of every training run.
 */
function failOnNonFinite(m: FeatureMatrix, y: ArrayLike<number>): void {
  const badFeature = (row: number, feature: number) => fail('BAD_INPUT', `Feature ${feature} of row ${row} is missing or infinite; impute it first.`);
  if (m.kind === 'dense') {
    for (let i = 0; i < m.X.length; i++) if (!Number.isFinite(m.X[i])) badFeature(Math.floor(i / m.features), i % m.features);
  } else {
    for (let r = 0; r < m.rows; r++) {
      for (let p = m.indptr[r]; p < m.indptr[r + 1]; p++) if (!Number.isFinite(m.values[p])) badFeature(r, m.indices[p]);
    }
  }
  for (let r = 0; r < y.length; r++) if (!Number.isFinite(y[r])) fail('BAD_INPUT', `The target of row ${r} is missing or infinite.`);
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** d = (d - a x) c, then returns next . d: one pass over d where two passes would do the same arithmetic. */
function updateThenDot(d: Float64Array, a: number, x: Float64Array, c: number, next: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    const v = (d[i] - a * x[i]) * c;
    d[i] = v;
    s += next[i] * v;
  }
  return s;
}

/**
 * Minimises `objective` from w (updated in place) by L-BFGS: two-loop recursion for the direction, backtracking line
 * search with quadratic interpolation for the step. Stops as sklearn does: gradient small, progress stalled, maxIter, or
 * no acceptable step (at the optimum the objective's rounding hides any further decrease).
 * Returns false, without moving, when the objective at the start is not finite (a bad input value).
 */
function minimizeLbfgs(
  objective: Objective,
  w: Float64Array,
  { maxIter, tol, ftol }: { maxIter: number; tol: number; ftol: number },
  onIteration: (iteration: number) => void,
): boolean {
  const n = w.length;
  let g = new Float64Array(n);
  let gNext = new Float64Array(n);
  const wNext = new Float64Array(n);
  const d = new Float64Array(n);
  const S = Array.from({ length: MEMORY }, () => new Float64Array(n));
  const Y = Array.from({ length: MEMORY }, () => new Float64Array(n));
  const rho = new Float64Array(MEMORY);
  const alpha = new Float64Array(MEMORY);
  let stored = 0;
  let newest = -1;
  let gamma = 1;
  let f = objective(w, g);
  if (!Number.isFinite(f)) return false;
  for (let iteration = 1; iteration <= maxIter; iteration++) {
    let gMax = 0;
    for (let i = 0; i < n; i++) gMax = Math.max(gMax, Math.abs(g[i]));
    if (gMax <= tol) return true;

    // The two-loop recursion, each update of d fused with the dot product the next step takes of it: the same sums in
    // the same order as separate passes, with one pass over d fewer per pair (on 180,000 parameters that is most of its time).
    const pair = (m: number) => (newest - m + MEMORY) % MEMORY;
    d.set(g);
    let next = stored > 0 ? dot(S[pair(0)], d) : 0;
    for (let m = 0; m < stored; m++) {
      const k = pair(m);
      alpha[k] = rho[k] * next;
      const last = m === stored - 1;
      next = updateThenDot(d, alpha[k], Y[k], last ? -gamma : 1, last ? Y[k] : S[pair(m + 1)]);
    }
    if (stored === 0) for (let i = 0; i < n; i++) d[i] *= -gamma;
    for (let m = stored - 1; m >= 0; m--) {
      const k = pair(m);
      // d holds -H q here, hence the sign: d -= s (alpha - rho y.(-d)).
      const beta = -rho[k] * next;
      next = updateThenDot(d, alpha[k] - beta, S[k], 1, m > 0 ? Y[pair(m - 1)] : g);
    }
    let slope = stored > 0 ? next : dot(d, g);
    if (!(slope < 0)) {
      // Not a descent direction (only from rounding): forget the curvature pairs and go down the gradient.
      for (let i = 0; i < n; i++) d[i] = -g[i];
      stored = 0;
      slope = -dot(g, g);
    }
    // Without curvature information the gradient's scale is arbitrary, so the first trial moves a unit distance, as scipy does.
    let step = stored === 0 ? 1 / Math.sqrt(dot(d, d)) : 1;
    let fNext = NaN;
    for (let trial = 1; ; trial++) {
      for (let i = 0; i < n; i++) wNext[i] = w[i] + step * d[i];
      fNext = objective(wNext, gNext);
      if (fNext <= f + ARMIJO * step * slope) break;
      if (trial === MAX_TRIAL_STEPS) return true;
      const q = (-slope * step * step) / (2 * (fNext - f - slope * step));
      step = Number.isFinite(q) ? Math.min(Math.max(q, 0.1 * step), 0.5 * step) : 0.5 * step;
    }

    let sy = 0;
    let yy = 0;
    for (let i = 0; i < n; i++) {
      const s = wNext[i] - w[i];
      const y = gNext[i] - g[i];
      sy += s * y;
      yy += y * y;
    }
    // Keep the pair only when it carries positive curvature, so the implied Hessian stays positive definite.
    if (sy > Number.EPSILON * yy) {
      newest = (newest + 1) % MEMORY;
      const s = S[newest];
      const y = Y[newest];
      for (let i = 0; i < n; i++) {
        s[i] = wNext[i] - w[i];
        y[i] = gNext[i] - g[i];
      }
      rho[newest] = 1 / sy;
      gamma = sy / yy;
      stored = Math.min(stored + 1, MEMORY);
    }
    const fPrevious = f;
    w.set(wNext);
    const gPrevious = g;
    g = gNext;
    gNext = gPrevious;
    f = fNext;
    onIteration(iteration);
    if (fPrevious - f <= ftol * Math.max(Math.abs(fPrevious), Math.abs(f), 1)) return true;
  }
  return true;
}

/** Adds ||W||^2 / 2 * lambda to the objective and lambda W to the gradient; each of `outputs` blocks ends in its unpenalised intercept. */
function penalise(w: Float64Array, g: Float64Array, features: number, outputs: number, lambda: number): number {
  let penalty = 0;
  for (let k = 0, base = 0; k < outputs; k++, base += features + 1) {
    for (let j = 0; j < features; j++) {
      penalty += w[base + j] * w[base + j];
      g[base + j] += lambda * w[base + j];
    }
  }
  return 0.5 * lambda * penalty;
}

/** sum(log-loss) + ||w||^2 / (2C) over w = [weights..., intercept], labels 0/1: sklearn 1.2's lbfgs objective exactly. */
function binaryLoss({ X, rows, features }: DenseMatrix, y: Int32Array, lambda: number): LossFunction {
  let loss = 0;
  const evaluate: Objective = (w, g) => {
    g.fill(0);
    const f = features;
    const b = w[f];
    let sum = 0;
    let gb = 0;
    let r = 0;
    // Four rows at a time: each weight load and each gradient update serves four rows, and four independent sums keep
    // the CPU busy; this runs about three times faster in V8 than one row at a time (it does not vectorise for us).
    for (let o = 0; r + 4 <= rows; r += 4, o += 4 * f) {
      const o1 = o + f;
      const o2 = o1 + f;
      const o3 = o2 + f;
      let z0 = b;
      let z1 = b;
      let z2 = b;
      let z3 = b;
      for (let j = 0; j < f; j++) {
        const wj = w[j];
        z0 += wj * X[o + j];
        z1 += wj * X[o1 + j];
        z2 += wj * X[o2 + j];
        z3 += wj * X[o3 + j];
      }
      // log(1 + e^z) = max(z, 0) + log(1 + e^-|z|); one exp a row also gives the sigmoid, and one log serves four rows
      // (each factor is in (1, 2], so the product cannot overflow).
      const e0 = Math.exp(-Math.abs(z0));
      const e1 = Math.exp(-Math.abs(z1));
      const e2 = Math.exp(-Math.abs(z2));
      const e3 = Math.exp(-Math.abs(z3));
      const t0 = y[r];
      const t1 = y[r + 1];
      const t2 = y[r + 2];
      const t3 = y[r + 3];
      sum += Math.log((1 + e0) * (1 + e1) * (1 + e2) * (1 + e3));
      sum += Math.max(z0, 0) + Math.max(z1, 0) + Math.max(z2, 0) + Math.max(z3, 0) - (t0 * z0 + t1 * z1 + t2 * z2 + t3 * z3);
      const r0 = (z0 >= 0 ? 1 / (1 + e0) : e0 / (1 + e0)) - t0;
      const r1 = (z1 >= 0 ? 1 / (1 + e1) : e1 / (1 + e1)) - t1;
      const r2 = (z2 >= 0 ? 1 / (1 + e2) : e2 / (1 + e2)) - t2;
      const r3 = (z3 >= 0 ? 1 / (1 + e3) : e3 / (1 + e3)) - t3;
      gb += r0 + r1 + r2 + r3;
      for (let j = 0; j < f; j++) g[j] += r0 * X[o + j] + r1 * X[o1 + j] + r2 * X[o2 + j] + r3 * X[o3 + j];
    }
    // The last rows % 4 rows, one at a time, with the same formulas.
    for (let o = r * f; r < rows; r++, o += f) {
      let z = b;
      for (let j = 0; j < f; j++) z += w[j] * X[o + j];
      const e = Math.exp(-Math.abs(z));
      const t = y[r];
      sum += Math.log1p(e) + Math.max(z, 0) - t * z;
      const residual = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - t;
      gb += residual;
      for (let j = 0; j < f; j++) g[j] += residual * X[o + j];
    }
    g[f] = gb;
    loss = sum;
    return sum + penalise(w, g, f, 1, lambda);
  };
  return { evaluate, lastLoss: () => loss, unpack: classBlocks(1, features) };
}

/** binaryLoss over CSR rows: each row costs its stored entries only, so TF-IDF rows of a few dozen terms train in O(entries). */
function sparseBinaryLoss({ values, indices, indptr, rows, features }: CsrMatrix, y: Int32Array, lambda: number): LossFunction {
  let loss = 0;
  const evaluate: Objective = (w, g) => {
    g.fill(0);
    const b = w[features];
    let sum = 0;
    let gb = 0;
    for (let r = 0; r < rows; r++) {
      const start = indptr[r];
      const end = indptr[r + 1];
      let z = b;
      for (let p = start; p < end; p++) z += w[indices[p]] * values[p];
      const e = Math.exp(-Math.abs(z));
      const t = y[r];
      sum += Math.log1p(e) + Math.max(z, 0) - t * z;
      const residual = (z >= 0 ? 1 / (1 + e) : e / (1 + e)) - t;
      gb += residual;
      for (let p = start; p < end; p++) g[indices[p]] += residual * values[p];
    }
    g[features] = gb;
    loss = sum;
    return sum + penalise(w, g, features, 1, lambda);
  };
  return { evaluate, lastLoss: () => loss, unpack: classBlocks(1, features) };
}

/** Multinomial (softmax) log-loss + ||W||^2 / (2C); w holds one block [weights..., intercept] per class. */
function multinomialLoss({ X, rows, features }: DenseMatrix, y: Int32Array, classes: number, lambda: number): LossFunction {
  const width = features + 1;
  const z = new Float64Array(classes);
  let loss = 0;
  const evaluate: Objective = (w, g) => {
    g.fill(0);
    let sum = 0;
    for (let r = 0, o = 0; r < rows; r++, o += features) {
      let max = -Infinity;
      for (let k = 0, base = 0; k < classes; k++, base += width) {
        let s = w[base + features];
        for (let j = 0; j < features; j++) s += w[base + j] * X[o + j];
        z[k] = s;
        if (s > max) max = s;
      }
      const t = y[r];
      const zt = z[t];
      let total = 0;
      for (let k = 0; k < classes; k++) total += z[k] = Math.exp(z[k] - max);
      sum += Math.log(total) + max - zt;
      for (let k = 0, base = 0; k < classes; k++, base += width) {
        const residual = z[k] / total - (k === t ? 1 : 0);
        for (let j = 0; j < features; j++) g[base + j] += residual * X[o + j];
        g[base + features] += residual;
      }
    }
    loss = sum;
    return sum + penalise(w, g, features, classes, lambda);
  };
  return { evaluate, lastLoss: () => loss, unpack: classBlocks(classes, features) };
}

/**
 * z[k] = intercept k + the row's entries times their class-k weights (feature-major w), four classes at a time: their
 * sums stay in registers instead of going through z on every entry, which runs about twice as fast in V8. Each sum still
 * adds the entries in column order, so the result does not depend on the blocking.
 */
function rowScores(w: Float64Array, values: Float64Array, indices: Int32Array, start: number, end: number, classes: number, intercepts: number, z: Float64Array): void {
  let k = 0;
  for (; k + 4 <= classes; k += 4) {
    let z0 = w[intercepts + k];
    let z1 = w[intercepts + k + 1];
    let z2 = w[intercepts + k + 2];
    let z3 = w[intercepts + k + 3];
    for (let p = start; p < end; p++) {
      const base = indices[p] * classes + k;
      const v = values[p];
      z0 += w[base] * v;
      z1 += w[base + 1] * v;
      z2 += w[base + 2] * v;
      z3 += w[base + 3] * v;
    }
    z[k] = z0;
    z[k + 1] = z1;
    z[k + 2] = z2;
    z[k + 3] = z3;
  }
  for (; k < classes; k++) {
    let s = w[intercepts + k];
    for (let p = start; p < end; p++) s += w[indices[p] * classes + k] * values[p];
    z[k] = s;
  }
}

/** g[j * classes + k] += residual[k] * x[j] over the row's entries, four classes at a time as in rowScores. */
function scatterGradient(g: Float64Array, values: Float64Array, indices: Int32Array, start: number, end: number, classes: number, residual: Float64Array): void {
  let k = 0;
  for (; k + 4 <= classes; k += 4) {
    const r0 = residual[k];
    const r1 = residual[k + 1];
    const r2 = residual[k + 2];
    const r3 = residual[k + 3];
    for (let p = start; p < end; p++) {
      const base = indices[p] * classes + k;
      const v = values[p];
      g[base] += r0 * v;
      g[base + 1] += r1 * v;
      g[base + 2] += r2 * v;
      g[base + 3] += r3 * v;
    }
  }
  for (; k < classes; k++) {
    const r = residual[k];
    for (let p = start; p < end; p++) g[indices[p] * classes + k] += r * values[p];
  }
}

/**
 * multinomialLoss over CSR rows, with the parameters laid out feature-major: w[j * classes + k] is feature j's weight for
 * class k, the intercepts follow all weights. A stored entry then reads and updates its classes' weights side by side,
 * rather than one per class block far apart, which on a vocabulary of tens of thousands of terms is most of the time.
 * L-BFGS and the penalty treat every parameter alike, so the layout changes nothing else. The loops are written out
 * apart from the dense ones on purpose: a shared row accessor would cost the dense hot loop its speed in V8.
 */
function sparseMultinomialLoss({ values, indices, indptr, rows, features }: CsrMatrix, y: Int32Array, classes: number, lambda: number): LossFunction {
  const intercepts = features * classes;
  const z = new Float64Array(classes);
  let loss = 0;
  const evaluate: Objective = (w, g) => {
    g.fill(0);
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const start = indptr[r];
      const end = indptr[r + 1];
      rowScores(w, values, indices, start, end, classes, intercepts, z);
      let max = -Infinity;
      for (let k = 0; k < classes; k++) if (z[k] > max) max = z[k];
      const t = y[r];
      const zt = z[t];
      let total = 0;
      for (let k = 0; k < classes; k++) total += z[k] = Math.exp(z[k] - max);
      sum += Math.log(total) + max - zt;
      // z now holds the residuals: softmax minus the one-hot target.
      for (let k = 0; k < classes; k++) {
        z[k] = z[k] / total - (k === t ? 1 : 0);
        g[intercepts + k] += z[k];
      }
      scatterGradient(g, values, indices, start, end, classes, z);
    }
    loss = sum;
    // All weights form one block of features * classes entries, followed by the unpenalised intercepts.
    return sum + penalise(w, g, intercepts, 1, lambda);
  };
  const unpack = (w: Float64Array) => ({
    weights: Array.from({ length: classes }, (_, k) => Array.from({ length: features }, (_, j) => w[j * classes + k])),
    intercepts: Array.from(w.subarray(intercepts, intercepts + classes)),
  });
  return { evaluate, lastLoss: () => loss, unpack };
}

/**
 * Logistic regression as sklearn 1.2's LogisticRegression(solver='lbfgs'): one sigmoid output for two classes,
 * multinomial softmax for more; the intercept is not penalised. y holds class indices 0..classes-1.
 * Starting from zeros keeps the multinomial intercepts summing to zero, which is where sklearn's land too.
 * A CSR matrix trains on the same objective as its dense copy, in time proportional to its stored entries.
 */
export function trainLogistic(
  m: FeatureMatrix,
  y: Int32Array,
  classes: number,
  params: LogisticParams = {},
  hooks: TrainerHooks = {},
): ModelBody {
  checkShape(m, y);
  const { rows, features } = m;
  if (!Number.isInteger(classes) || classes < 2) fail('BAD_INPUT', `Logistic regression needs at least 2 classes, got ${classes}.`);
  for (let r = 0; r < rows; r++) {
    if (!(y[r] >= 0 && y[r] < classes)) fail('BAD_INPUT', `Row ${r} has class index ${y[r]}, outside 0..${classes - 1}.`);
  }
  const C = params.C ?? 1;
  if (!(C > 0)) fail('BAD_INPUT', `C must be positive, got ${C}.`);
  const outputs = classes === 2 ? 1 : classes;
  const lambda = 1 / C;
  let lossFunction: LossFunction;
  if (m.kind === 'csr') lossFunction = outputs === 1 ? sparseBinaryLoss(m, y, lambda) : sparseMultinomialLoss(m, y, classes, lambda);
  else lossFunction = outputs === 1 ? binaryLoss(m, y, lambda) : multinomialLoss(m, y, classes, lambda);
  const w = new Float64Array(outputs * (features + 1));
  const stop = { maxIter: params.maxIter ?? 100, tol: params.tol ?? 1e-4, ftol: params.ftol ?? 1e7 * Number.EPSILON };
  const started = minimizeLbfgs(lossFunction.evaluate, w, stop, (step) => {
    hooks.onStep?.({ step, metrics: { loss: lossFunction.lastLoss() / rows } });
    hooks.checkCancelled?.();
  });
  // The loss at w = 0 is finite for any finite data, so this finds the bad value.
  if (!started) failOnNonFinite(m, y);
  return { kind: 'linear', ...lossFunction.unpack(w) };
}

/** In-place Cholesky factor (lower triangle) of a symmetric matrix; false when a pivot shows it is (numerically) singular. */
function choleskyInPlace(A: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let pivot = A[j * n + j];
    for (let k = 0; k < j; k++) pivot -= A[j * n + k] ** 2;
    // A pivot lost to rounding against its own diagonal means a column is a combination of earlier ones.
    if (!(pivot > n * Number.EPSILON * A[j * n + j])) return false;
    const root = Math.sqrt(pivot);
    A[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let s = A[i * n + j];
      for (let k = 0; k < j; k++) s -= A[i * n + k] * A[j * n + k];
      A[i * n + j] = s / root;
    }
  }
  return true;
}

/** Solves G w = b for symmetric positive semi-definite G, adding a growing ridge to the diagonal while it is singular. */
function solveSymmetric(G: Float64Array, b: Float64Array, n: number): Float64Array {
  let meanDiagonal = 0;
  for (let i = 0; i < n; i++) meanDiagonal += G[i * n + i] / n;
  const L = new Float64Array(n * n);
  let jitter = 0;
  for (let attempt = 0; ; attempt++) {
    L.set(G);
    for (let i = 0; i < n; i++) L[i * n + i] += jitter;
    if (choleskyInPlace(L, n)) break;
    if (attempt === 30) fail('BAD_INPUT', 'The features are degenerate: no least-squares solution could be found.');
    jitter = jitter === 0 ? 1e-10 * (meanDiagonal > 0 ? meanDiagonal : 1) : jitter * 10;
  }
  const w = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < i; k++) w[i] -= L[i * n + k] * w[k];
    w[i] /= L[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let k = i + 1; k < n; k++) w[i] -= L[k * n + i] * w[k];
    w[i] /= L[i * n + i];
  }
  return w;
}

/** Column means of the matrix and the mean of y. */
function means(m: FeatureMatrix, y: Float64Array): { xMean: Float64Array; yMean: number } {
  const { rows, features } = m;
  const xMean = new Float64Array(features);
  if (m.kind === 'dense') {
    for (let r = 0, o = 0; r < rows; r++, o += features) for (let j = 0; j < features; j++) xMean[j] += m.X[o + j];
  } else {
    for (let p = 0; p < m.values.length; p++) xMean[m.indices[p]] += m.values[p];
  }
  let yMean = 0;
  for (let r = 0; r < rows; r++) yMean += y[r];
  for (let j = 0; j < features; j++) xMean[j] /= rows;
  return { xMean, yMean: yMean / rows };
}

/** Lower triangle of Xc'Xc into G and Xc'yc into b, centring row by row (rather than subtracting n * mean^2 at the end) against cancellation. */
function denseCentredGram({ X, rows, features }: DenseMatrix, y: Float64Array, xMean: Float64Array, yMean: number, G: Float64Array, b: Float64Array): void {
  const c = new Float64Array(features);
  for (let r = 0, o = 0; r < rows; r++, o += features) {
    for (let j = 0; j < features; j++) c[j] = X[o + j] - xMean[j];
    const yc = y[r] - yMean;
    for (let i = 0; i < features; i++) {
      const ci = c[i];
      b[i] += ci * yc;
      for (let j = 0; j <= i; j++) G[i * features + j] += ci * c[j];
    }
  }
}

/**
 * The same from the stored entries only: X'X - n m m' and X'yc (which equals Xc'yc, since yc sums to zero). Centring a
 * sparse row would fill it in; subtracting at the end loses digits only for features far from zero, which TF-IDF values
 * (in [0, 1]) and the pipeline's standardised numbers are not.
 */
function sparseCentredGram({ values, indices, indptr, rows, features }: CsrMatrix, y: Float64Array, xMean: Float64Array, yMean: number, G: Float64Array, b: Float64Array): void {
  for (let r = 0; r < rows; r++) {
    const yc = y[r] - yMean;
    for (let p = indptr[r]; p < indptr[r + 1]; p++) {
      const i = indices[p];
      const vi = values[p];
      b[i] += vi * yc;
      for (let q = indptr[r]; q <= p; q++) G[i * features + indices[q]] += vi * values[q];
    }
  }
  for (let i = 0; i < features; i++) for (let j = 0; j <= i; j++) G[i * features + j] -= rows * xMean[i] * xMean[j];
}

/**
 * Ridge regression as sklearn's Ridge(alpha) with its cholesky solver: centre X and y so the intercept goes unpenalised,
 * then solve (Xc'Xc + alpha I) w = Xc'yc. alpha = 0 is least squares, with a tiny ridge only if the features are collinear.
 */
export function trainLinearRegression(m: FeatureMatrix, y: Float64Array, params: RidgeParams = {}): ModelBody {
  checkShape(m, y);
  const alpha = params.alpha ?? 1;
  if (!(alpha >= 0)) fail('BAD_INPUT', `alpha must be >= 0, got ${alpha}.`);
  const { features } = m;
  const { xMean, yMean } = means(m, y);
  const G = new Float64Array(features * features);
  const b = new Float64Array(features);
  if (m.kind === 'dense') denseCentredGram(m, y, xMean, yMean, G, b);
  else sparseCentredGram(m, y, xMean, yMean, G, b);
  for (let i = 0; i < features; i++) {
    G[i * features + i] += alpha;
    for (let j = 0; j < i; j++) G[j * features + i] = G[i * features + j];
  }
  if (!G.every(Number.isFinite) || !b.every(Number.isFinite)) failOnNonFinite(m, y);
  const w = solveSymmetric(G, b, features);
  let intercept = yMean;
  for (let j = 0; j < features; j++) intercept -= xMean[j] * w[j];
  return { kind: 'linear', weights: [Array.from(w)], intercepts: [intercept] };
}
