// One parameter's Parzen estimator, as Optuna 3.1's univariate _ParzenEstimator with its defaults: a weighted mixture over past values plus a prior.
import { truncnormLogPdf, truncnormPpf, logGaussMass } from './normal-distribution';
import { fromInternal, samplingBounds, toInternal, type NumericParam } from './param-scale';
import type { Prng } from './prng';
import type { CategoricalParam } from './search-space';

/** Optuna's default prior_weight: the prior counts as one more observation. */
const PRIOR_WEIGHT = 1.0;

/**
 * Optuna's default_weights: the newest 25 observations weigh 1 and older ones ramp linearly down toward 1/n,
 * so the estimator follows where the search has moved to.
 */
export function observationWeights(n: number): number[] {
  if (n < 25) return new Array<number>(n).fill(1);
  const rampLength = n - 25;
  const ramp = Array.from({ length: rampLength }, (_, i) => (rampLength === 1 ? 1 / n : 1 / n + (i * (1 - 1 / n)) / (rampLength - 1)));
  return [...ramp, ...new Array<number>(25).fill(1)];
}

/** component weights: observations then the prior, normalised to sum 1 */
function mixtureWeights(n: number): number[] {
  const w = [...observationWeights(n), PRIOR_WEIGHT];
  const total = w.reduce((a, b) => a + b, 0);
  return w.map((v) => v / total);
}

function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
}

export interface ParzenEstimator<V> {
  sample(rng: Prng, size: number): V[];
  logPdf(value: V): number;
}

/**
 * Gaussians centred on each observation (in log space for log ranges), each as wide as the larger gap to its
 * sorted neighbours (end components use their inner gap only: consider_endpoints=False), clipped below by the
 * "magic clip" (range / min(100, 1 + components)) and above by the range; plus a prior centred on the range, as wide as it.
 */
export class NumericParzenEstimator implements ParzenEstimator<number> {
  private readonly weights: number[];
  private readonly mus: number[];
  private readonly sigmas: number[];
  private readonly low: number;
  private readonly high: number;
  private readonly step: number | null;

  constructor(private readonly spec: NumericParam, observations: readonly number[]) {
    ({ low: this.low, high: this.high, step: this.step } = samplingBounds(spec));
    const n = observations.length;
    this.weights = mixtureWeights(n);
    this.mus = [...observations.map((v) => toInternal(spec, v)), 0.5 * (this.low + this.high)];
    const order = this.mus.map((_, i) => i).sort((i, j) => this.mus[i] - this.mus[j]);
    const withEnds = [this.low, ...order.map((i) => this.mus[i]), this.high];
    const sortedSigmas = order.map((_, i) => Math.max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]));
    if (withEnds.length >= 4) {
      sortedSigmas[0] = withEnds[2] - withEnds[1];
      sortedSigmas[sortedSigmas.length - 1] = withEnds[withEnds.length - 2] - withEnds[withEnds.length - 3];
    }
    const range = this.high - this.low;
    const minSigma = range / Math.min(100, 1 + this.mus.length);
    this.sigmas = new Array<number>(this.mus.length);
    order.forEach((componentIndex, sortedIndex) => {
      this.sigmas[componentIndex] = Math.min(Math.max(sortedSigmas[sortedIndex], minSigma), range);
    });
    this.sigmas[n] = range;
  }

  /** declared-scale values, already snapped to the step and clamped, as a trial would receive them */
  sample(rng: Prng, size: number): number[] {
    const active = Array.from({ length: size }, () => rng.choice(this.weights));
    return active.map((k) => {
      const mu = this.mus[k];
      const sigma = this.sigmas[k];
      const z = truncnormPpf(rng.next(), (this.low - mu) / sigma, (this.high - mu) / sigma);
      return fromInternal(this.spec, z * sigma + mu);
    });
  }

  /** a discrete value's probability is the mass of its step-wide cell; a continuous value gets a density */
  logPdf(value: number): number {
    const x = toInternal(this.spec, value);
    const terms = this.mus.map((mu, k) => {
      const sigma = this.sigmas[k];
      const a = (this.low - mu) / sigma;
      const b = (this.high - mu) / sigma;
      let logPdf: number;
      if (this.step === null) {
        // Optuna 3.1's truncnorm.logpdf leaves out the -log(sigma) of a scaled density, which favours candidates
        // under wide components; kept because it is the reference behaviour, and on the 2-D quadratic in
        // tpe-sampler.test.ts it halves the best value after 40 trials compared with the normalised density.
        logPdf = truncnormLogPdf((x - mu) / sigma, a, b);
      } else {
        const upper = Math.min(x + this.step / 2, this.high);
        const lower = Math.max(x - this.step / 2, this.low);
        logPdf = logGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - logGaussMass(a, b);
      }
      return logPdf + Math.log(this.weights[k]);
    });
    return logSumExp(terms);
  }
}

/** Each observation puts weight 1 on its choice over a smoothing of prior_weight/(n+1) on every choice; the prior is that smoothing alone. */
export class CategoricalParzenEstimator implements ParzenEstimator<number> {
  private readonly weights: number[];
  /** rows: components; columns: choice probabilities */
  private readonly table: number[][];

  constructor(spec: CategoricalParam, observedIndices: readonly number[]) {
    const n = observedIndices.length;
    const c = spec.choices.length;
    this.weights = mixtureWeights(n);
    const smoothing = PRIOR_WEIGHT / (n + 1);
    this.table = Array.from({ length: n + 1 }, (_, row) => {
      const cells = new Array<number>(c).fill(smoothing);
      if (row < n) cells[observedIndices[row]] += 1;
      const total = cells.reduce((a, b) => a + b, 0);
      return cells.map((v) => v / total);
    });
  }

  /** choice indices */
  sample(rng: Prng, size: number): number[] {
    const active = Array.from({ length: size }, () => rng.choice(this.weights));
    return active.map((k) => rng.choice(this.table[k]));
  }

  logPdf(choiceIndex: number): number {
    return Math.log(this.table.reduce((s, row, k) => s + row[choiceIndex] * this.weights[k], 0));
  }
}
