// A Gaussian process over the unit cube: a Matern 5/2 kernel with one length scale per dimension, fitted to a few
// hundred points at most (a study's trials), as scikit-learn's GaussianProcessRegressor with normalize_y computes it.
import { fail } from '../../shared/errors';
import type { Prng } from './prng';

export interface GpHyperparameters {
  /** one per input dimension, in the unit cube's units */
  lengthScales: number[];
  /** the kernel's variance, in units of the standardised target */
  signalVariance: number;
  /** added to the diagonal: observation noise, in the same units */
  noiseVariance: number;
}

export interface GpPrediction {
  /** in the target's own units */
  mean: number;
  /** of the latent function, without observation noise, in the target's own units */
  variance: number;
}

const SQRT5 = Math.sqrt(5);

/** Matern 5/2 between two points: variance * (1 + sqrt5 r + 5 r^2 / 3) exp(-sqrt5 r), r the scaled distance. */
export function matern52(a: readonly number[], b: readonly number[], h: GpHyperparameters): number {
  let r2 = 0;
  for (let d = 0; d < a.length; d++) {
    const t = (a[d] - b[d]) / h.lengthScales[d];
    r2 += t * t;
  }
  return maternAt(r2, h.signalVariance);
}

/** Matern 5/2 at squared scaled distance r2 */
function maternAt(r2: number, variance: number): number {
  const r = Math.sqrt(r2);
  return variance * (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/**
 * The pairwise differences of the points, dimension by dimension, pair (i, j < i) after pair (i, j - 1): the kernel
 * matrices of a fit's hundreds of kernels come from them without a subtraction (the same numbers as matern52's).
 */
function pairDifferences(x: readonly number[][]): Float64Array {
  const dims = x[0].length;
  const out = new Float64Array(((x.length * (x.length - 1)) / 2) * dims);
  let at = 0;
  for (let i = 1; i < x.length; i++) for (let j = 0; j < i; j++) for (let d = 0; d < dims; d++) out[at++] = x[i][d] - x[j][d];
  return out;
}

/** K + noise I for the n points of the differences, into k (n x n, row-major): matern52 of each pair, the same bits. */
function kernelMatrix(differences: Float64Array, n: number, h: GpHyperparameters, k: Float64Array): Float64Array {
  const { lengthScales, signalVariance, noiseVariance } = h;
  const dims = lengthScales.length;
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      let r2 = 0;
      for (let d = 0; d < dims; d++) {
        const t = differences[at++] / lengthScales[d];
        r2 += t * t;
      }
      k[i * n + j] = k[j * n + i] = maternAt(r2, signalVariance);
    }
    // matern52 at distance 0 is the signal variance itself
    k[i * n + i] = signalVariance + noiseVariance;
  }
  return k;
}

/** The targets standardised by their mean and population standard deviation (1 when they are all equal), as scikit-learn's normalize_y does. */
function standardise(y: readonly number[]): { offset: number; scale: number; z: number[] } {
  const n = y.length;
  const offset = y.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(y.reduce((s, v) => s + (v - offset) ** 2, 0) / n);
  const scale = sd > 0 ? sd : 1;
  return { offset, scale, z: y.map((v) => (v - offset) / scale) };
}

/** The Cholesky factor of k, K^-1 z and the log marginal likelihood of z; null when k is not positive definite. */
function solve(k: Float64Array, n: number, z: readonly number[], l?: Float64Array): { chol: Float64Array; alpha: Float64Array; lml: number } | null {
  const chol = cholesky(k, n, l);
  if (chol === null) return null;
  const alpha = backward(chol, n, forward(chol, n, z));
  let lml = -0.5 * n * Math.log(2 * Math.PI);
  for (let i = 0; i < n; i++) lml += -0.5 * z[i] * alpha[i] - Math.log(chol[i * n + i]);
  return { chol, alpha, lml };
}

/**
 * Lower Cholesky factor of a symmetric positive definite matrix (row-major n x n), or null when it is not; into l
 * when given (its upper triangle is left as it was and never read).
 */
function cholesky(a: Float64Array, n: number, l: Float64Array = new Float64Array(n * n)): Float64Array | null {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j];
      }
    }
  }
  return l;
}

/** Solves L x = b (forward) for lower-triangular L. */
function forward(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * n + k] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

/** Solves L^T x = b (backward) for lower-triangular L. */
function backward(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * x[k];
    x[i] = s / l[i * n + i];
  }
  return x;
}

export class GaussianProcess {
  private readonly offset: number;
  private readonly scale: number;
  private readonly chol: Float64Array;
  /** K^-1 (y - offset) / scale */
  private readonly alpha: Float64Array;
  /** log marginal likelihood of the standardised targets */
  readonly logMarginalLikelihood: number;

  private constructor(
    private readonly x: readonly number[][],
    readonly hyper: GpHyperparameters,
    standard: { offset: number; scale: number },
    chol: Float64Array,
    alpha: Float64Array,
    lml: number,
  ) {
    this.offset = standard.offset;
    this.scale = standard.scale;
    this.chol = chol;
    this.alpha = alpha;
    this.logMarginalLikelihood = lml;
  }

  /**
   * The posterior given the points, their targets and the kernel; null when the kernel matrix is not positive
   * definite (a noise too small for points that coincide). Targets are standardised by their mean and population
   * standard deviation (1 when they are all equal), as scikit-learn's normalize_y does.
   */
  static condition(x: readonly number[][], y: readonly number[], hyper: GpHyperparameters): GaussianProcess | null {
    const n = x.length;
    const { offset, scale, z } = standardise(y);
    const solved = solve(kernelMatrix(pairDifferences(x), n, hyper, new Float64Array(n * n)), n, z);
    return solved && new GaussianProcess(x, hyper, { offset, scale }, solved.chol, solved.alpha, solved.lml);
  }

  predict(point: readonly number[]): GpPrediction {
    const n = this.x.length;
    const ks = new Float64Array(n);
    let mean = 0;
    for (let i = 0; i < n; i++) {
      ks[i] = matern52(point, this.x[i], this.hyper);
      mean += ks[i] * this.alpha[i];
    }
    const v = forward(this.chol, n, ks);
    let explained = 0;
    for (let i = 0; i < n; i++) explained += v[i] * v[i];
    const latent = Math.max(this.hyper.signalVariance - explained, 0);
    return { mean: this.offset + this.scale * mean, variance: latent * this.scale * this.scale };
  }
}

/** log-space bounds of the fitted hyperparameters: inputs live in the unit cube, targets are standardised */
const BOUNDS = { lengthScale: [Math.log(0.01), Math.log(10)], signal: [Math.log(0.05), Math.log(20)], noise: [Math.log(1e-6), Math.log(0.5)] } as const;

type Theta = number[];

/** the bounds of theta[i]: the length scales, then the signal variance, then the noise */
const boundsAt = (i: number, dims: number): readonly [number, number] => (i < dims ? BOUNDS.lengthScale : i === dims ? BOUNDS.signal : BOUNDS.noise);

const clampTheta = (theta: Theta, dims: number): Theta =>
  theta.map((t, i) => {
    const [lo, hi] = boundsAt(i, dims);
    return Math.min(Math.max(t, lo), hi);
  });

const hyperOf = (theta: Theta, dims: number): GpHyperparameters => ({
  lengthScales: theta.slice(0, dims).map(Math.exp),
  signalVariance: Math.exp(theta[dims]),
  noiseVariance: Math.exp(theta[dims + 1]),
});

/**
 * The kernel that maximises the log marginal likelihood within BOUNDS: Nelder-Mead over the log hyperparameters from
 * `starts` points (`previous` when given, a neutral kernel, then random ones from `rng`), `evaluations` each.
 */
export function fitGaussianProcess(x: readonly number[][], y: readonly number[], rng: Prng, options: { previous?: GpHyperparameters; starts?: number; evaluations?: number } = {}): GaussianProcess {
  const dims = x[0].length;
  // GaussianProcess.condition's likelihood, with the points' differences, the targets and the matrices made once per fit
  const n = x.length;
  const differences = pairDifferences(x);
  const { z } = standardise(y);
  const k = new Float64Array(n * n);
  const l = new Float64Array(n * n);
  const objective = (theta: Theta): number => -(solve(kernelMatrix(differences, n, hyperOf(clampTheta(theta, dims), dims), k), n, z, l)?.lml ?? -Infinity);
  const neutral: Theta = [...new Array<number>(dims).fill(Math.log(0.5)), 0, Math.log(1e-3)];
  const { previous } = options;
  const count = options.starts ?? 3;
  const starts: Theta[] = (previous ? [[...previous.lengthScales.map(Math.log), Math.log(previous.signalVariance), Math.log(previous.noiseVariance)], neutral] : [neutral]).slice(0, count);
  while (starts.length < count) {
    starts.push(Array.from({ length: dims + 2 }, (_, i) => rng.uniform(...boundsAt(i, dims))));
  }
  let best: { theta: Theta; value: number } = { theta: starts[0], value: Infinity };
  for (const start of starts) {
    const found = nelderMead(objective, start, options.evaluations ?? 300);
    if (found.value < best.value) best = found;
  }
  const gp = GaussianProcess.condition(x, y, hyperOf(clampTheta(best.theta, dims), dims));
  // a neutral kernel with the noise at its largest is positive definite for any points
  return gp ?? GaussianProcess.condition(x, y, hyperOf([...neutral.slice(0, dims + 1), BOUNDS.noise[1]], dims)) ?? fail('INTERNAL', `no Gaussian process kernel fits these ${x.length} trials`);
}

/** Minimises f from x0 with the standard Nelder-Mead simplex (reflection 1, expansion 2, contraction and shrink 1/2). */
function nelderMead(f: (x: Theta) => number, x0: Theta, maxEvaluations: number): { theta: Theta; value: number } {
  const n = x0.length;
  const simplex: { theta: Theta; value: number }[] = [{ theta: x0, value: f(x0) }];
  for (let i = 0; i < n; i++) {
    const p = [...x0];
    p[i] += 0.5;
    simplex.push({ theta: p, value: f(p) });
  }
  let evaluations = n + 1;
  const at = (c: Theta, towards: Theta, t: number): Theta => c.map((v, i) => v + t * (towards[i] - v));
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.value - b.value);
    if (simplex[n].value - simplex[0].value < 1e-7) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < n; d++) centroid[d] += simplex[i].theta[d] / n;
    const worst = simplex[n];
    const reflected = at(centroid, worst.theta, -1);
    const fr = f(reflected);
    evaluations++;
    if (fr < simplex[0].value) {
      const expanded = at(centroid, worst.theta, -2);
      const fe = f(expanded);
      evaluations++;
      simplex[n] = fe < fr ? { theta: expanded, value: fe } : { theta: reflected, value: fr };
    } else if (fr < simplex[n - 1].value) {
      simplex[n] = { theta: reflected, value: fr };
    } else {
      const contracted = fr < worst.value ? at(centroid, reflected, 0.5) : at(centroid, worst.theta, 0.5);
      const fc = f(contracted);
      evaluations++;
      if (fc < Math.min(fr, worst.value)) {
        simplex[n] = { theta: contracted, value: fc };
      } else {
        for (let i = 1; i <= n; i++) {
          const shrunk = at(simplex[0].theta, simplex[i].theta, 0.5);
          simplex[i] = { theta: shrunk, value: f(shrunk) };
        }
        evaluations += n;
      }
    }
  }
  simplex.sort((a, b) => a.value - b.value);
  return simplex[0];
}
