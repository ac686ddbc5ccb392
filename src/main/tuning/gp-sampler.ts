// Bayesian optimisation with a Gaussian process: random for the first trials, then the point of highest expected
// improvement under a GP fitted to the complete trials (parameters in the unit cube, log ranges on their log scale).
// Trials still running count as the GP expects them to end (the "kriging believer"), so two trials started together
// do not both go to the same place, and no proposal repeats a trial's parameters. It learns from complete trials only:
// pruned ones, which TPE ranks by how far they got, are left out.
import { logPhi, ndtr } from './normal-distribution';
import { fitGaussianProcess, GaussianProcess, type GpHyperparameters } from './gaussian-process';
import { fromInternal, samplingBounds, toInternal } from './param-scale';
import { Prng } from './prng';
import { sampleSpace, startupPrng } from './random-sampler';
import type { ParamSpec, Params, SearchSpace } from './search-space';
import type { Direction, Sampler, TrialRecord } from './trial';

export interface GpOptions {
  seed: number;
  /** trials sampled at random before the GP takes over (as the TPE sampler: 10) */
  nStartupTrials?: number;
  /** random points the acquisition is scored at before the best few are refined */
  nCandidates?: number;
}

/**
 * The GP learns from at most this many complete trials, the most recent: a fit costs the cube of their number (300: about
 * a second), and recent trials say most about where the search now is (Optuna's TPE weighs them higher too).
 */
const MAX_OBSERVED = 300;
/**
 * How hard each fit searches the kernel: up to 100 trials from 3 starts (the last kernel when there is one, a
 * neutral one, a random one) of 300 steps each, about 150 ms at 50 trials; above that from the last kernel alone in
 * 100 steps, 0.1-0.6 s from 100 to 300 trials. Refits of 150 steps saved no time on the study bench (69-71 s of CPU
 * for 50 trials, against 66-68 s with these) and ended a little worse (0.4751-0.4766 in 6 studies, against
 * 0.4747-0.4764 in 10, 8 of them at 0.4750 or below).
 */
function fitEffort(observed: number, previous: GpHyperparameters | undefined): { previous?: GpHyperparameters; starts: number; evaluations: number } {
  return observed <= 100 || previous === undefined ? { previous, starts: 3, evaluations: 300 } : { previous, starts: 1, evaluations: 100 };
}

/** how many of the best random candidates a local search refines */
const REFINED = 5;
/** local search steps per refined candidate */
const LOCAL_STEPS = 40;

/** Where each parameter sits in the unit cube: one coordinate for a number, one per choice for a categorical. */
interface Coordinates {
  name: string;
  spec: ParamSpec;
  at: number;
}

function layout(space: SearchSpace): { coords: Coordinates[]; dims: number } {
  let at = 0;
  const coords = Object.entries(space).map(([name, spec]) => {
    const c = { name, spec, at };
    at += spec.type === 'categorical' ? spec.choices.length : 1;
    return c;
  });
  return { coords, dims: at };
}

function encode(coords: readonly Coordinates[], dims: number, params: Params): number[] {
  const u = new Array<number>(dims).fill(0);
  for (const { name, spec, at } of coords) {
    const value = params[name];
    if (spec.type === 'categorical') u[at + Math.max(0, spec.choices.indexOf(value))] = 1;
    else {
      const { low, high } = samplingBounds(spec);
      u[at] = high > low ? (toInternal(spec, value as number) - low) / (high - low) : 0.5;
    }
  }
  return u;
}

function decode(coords: readonly Coordinates[], u: readonly number[]): Params {
  return Object.fromEntries(
    coords.map(({ name, spec, at }) => {
      if (spec.type === 'categorical') {
        let best = 0;
        for (let i = 1; i < spec.choices.length; i++) if (u[at + i] > u[at + best]) best = i;
        return [name, spec.choices[best]];
      }
      const { low, high } = samplingBounds(spec);
      return [name, fromInternal(spec, low + Math.min(Math.max(u[at], 0), 1) * (high - low))];
    }),
  );
}

/** z below which log h(z) comes from its asymptotic series: phi(z) would soon underflow, and the series is exact to 1e-7 */
const SERIES_BELOW = -25;

/**
 * log of the expected improvement below `best` for a normal prediction: log(sigma) + log h(z), h(z) = z Phi(z) + phi(z),
 * z = (best - mean) / sigma. Far below the best, h is taken from its asymptotic series phi(z) / z^2 (1 - 3/z^2 +
 * 15/z^4 - 105/z^6), where the closed form underflows to zero, so candidates there still rank by how close they come.
 */
export function logExpectedImprovement(mean: number, variance: number, best: number): number {
  const sigma = Math.sqrt(variance);
  if (!(sigma > 0)) return mean < best ? Math.log(best - mean) : -Infinity;
  const z = (best - mean) / sigma;
  const w = 1 / (z * z);
  const logH = z > SERIES_BELOW ? Math.log(z * ndtr(z) + Math.exp(logPhi(z))) : logPhi(z) + Math.log(w) + Math.log1p(w * (-3 + w * (15 - 105 * w)));
  return Math.log(sigma) + logH;
}

/**
 * The values the GP learns from, to be minimised: an infinite one (a loss that overflowed) counts as the worst finite
 * one, so its region still looks bad without breaking the fit; null when none is finite.
 */
function observedValues(values: readonly number[]): number[] | null {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  const worst = Math.max(...finite);
  return values.map((v) => (Number.isFinite(v) ? v : worst));
}

export class GpSampler implements Sampler {
  private readonly rng: Prng;
  private readonly startupRng: Prng;
  private readonly nStartupTrials: number;
  private readonly nCandidates: number;
  /** the last fit's kernel, a start for the next fit */
  private previous: GpHyperparameters | undefined;

  constructor({ seed, nStartupTrials = 10, nCandidates = 2048 }: GpOptions) {
    this.rng = new Prng(seed);
    this.startupRng = startupPrng(seed);
    this.nStartupTrials = nStartupTrials;
    this.nCandidates = nCandidates;
  }

  sample(space: SearchSpace, trials: readonly TrialRecord[], direction: Direction): Params {
    const complete = trials.filter((t) => t.state === 'complete').slice(-MAX_OBSERVED);
    if (complete.length < this.nStartupTrials) return sampleSpace(space, this.startupRng);
    const { coords, dims } = layout(space);
    const sign = direction === 'minimize' ? 1 : -1;
    const x = complete.map((t) => encode(coords, dims, t.params));
    const y = observedValues(complete.map((t) => sign * (t.value ?? NaN)));
    if (y === null) return sampleSpace(space, this.startupRng);
    const fitted = fitGaussianProcess(x, y, this.rng, fitEffort(x.length, this.previous));
    this.previous = fitted.hyper;
    const gp = this.believing(fitted, x, y, trials.filter((t) => t.state === 'running').map((t) => encode(coords, dims, t.params)));
    const best = Math.min(...y);
    const score = (u: number[]) => {
      const p = gp.predict(u);
      return logExpectedImprovement(p.mean, p.variance, best);
    };
    const scored = Array.from({ length: this.nCandidates }, () => {
      const u = this.randomPoint(coords, dims);
      return { u, value: score(u) };
    });
    scored.sort((a, b) => b.value - a.value);
    const incumbent = x[y.indexOf(best)];
    const refined = [...scored.slice(0, REFINED), { u: incumbent, value: score(incumbent) }].map((start) => this.localSearch(coords, start, score));
    return this.firstUntried(coords, [...refined, ...scored].sort((a, b) => b.value - a.value), trials) ?? sampleSpace(space, this.rng);
  }

  /**
   * The best-scored candidate whose parameters no trial has had: the objective is deterministic, and near an optimum
   * on the edge of the range (clamped floats, rounded ints) the best candidates decode to one point, which a study of
   * 40 trials on the study bench's data tried 4 times.
   */
  private firstUntried(coords: readonly Coordinates[], ranked: readonly { u: number[] }[], trials: readonly TrialRecord[]): Params | null {
    const key = (params: Params) => JSON.stringify(coords.map((c) => params[c.name]));
    const tried = new Set(trials.map((t) => key(t.params)));
    for (const { u } of ranked) {
      const params = decode(coords, u);
      if (!tried.has(key(params))) return params;
    }
    return null;
  }

  /** The fitted GP, also conditioned on the running trials at the values it predicts for them. */
  private believing(fitted: GaussianProcess, x: number[][], y: number[], running: number[][]): GaussianProcess {
    if (running.length === 0) return fitted;
    const believed = running.map((u) => fitted.predict(u).mean);
    return GaussianProcess.condition([...x, ...running], [...y, ...believed], fitted.hyper) ?? fitted;
  }

  private randomPoint(coords: readonly Coordinates[], dims: number): number[] {
    const u = new Array<number>(dims).fill(0);
    for (const { spec, at } of coords) {
      if (spec.type === 'categorical') u[at + this.rng.int(spec.choices.length)] = 1;
      else u[at] = this.rng.next();
    }
    return u;
  }

  /** Gaussian steps on the numeric coordinates, kept when they raise the score, the step halving after 5 misses. */
  private localSearch(coords: readonly Coordinates[], start: { u: number[]; value: number }, score: (u: number[]) => number): { u: number[]; value: number } {
    const numeric = coords.filter((c) => c.spec.type !== 'categorical').map((c) => c.at);
    if (numeric.length === 0) return start;
    let current = start;
    let step = 0.1;
    let misses = 0;
    for (let i = 0; i < LOCAL_STEPS; i++) {
      const u = [...current.u];
      for (const at of numeric) u[at] = Math.min(Math.max(u[at] + step * this.rng.normal(), 0), 1);
      const value = score(u);
      if (value > current.value) {
        current = { u, value };
        misses = 0;
      } else if (++misses === 5) {
        step /= 2;
        misses = 0;
      }
    }
    return current;
  }
}
