// Tree-structured Parzen Estimator sampling as Optuna 3.1's default TPESampler: independent per parameter, random for the first trials.
import { CategoricalParzenEstimator, NumericParzenEstimator, type ParzenEstimator } from './parzen-estimator';
import { Prng } from './prng';
import { sampleSpace, startupPrng } from './random-sampler';
import type { ParamSpec, ParamValue, Params, SearchSpace } from './search-space';
import type { Direction, Sampler, TrialRecord } from './trial';

export interface TpeOptions {
  seed: number;
  /** trials sampled at random before the estimators take over (Optuna: 10) */
  nStartupTrials?: number;
  /** candidates drawn from l(x), of which the one maximising l(x)/g(x) is kept (Optuna: 24) */
  nEiCandidates?: number;
}

/** Optuna's default_gamma: how many of n finished trials count as "good". */
export function gamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

/**
 * Orders finished trials best first, as Optuna's _get_observation_pairs/_split_observation_pairs: complete trials
 * by value, then pruned trials, deepest last-reported step first and by that step's value (a trial pruned later
 * got further, so it ranks above one pruned earlier). Running and failed trials are left out: a running trial has
 * nothing to learn from yet, which is Optuna's default (constant_liar=False).
 */
export function rankFinished(trials: readonly TrialRecord[], direction: Direction): TrialRecord[] {
  const sign = direction === 'minimize' ? 1 : -1;
  const keyed = trials.flatMap((t) => {
    if (t.state === 'complete') return [{ t, step: -Infinity, score: sign * (t.value as number) }];
    if (t.state !== 'pruned') return [];
    if (t.intermediate.size === 0) return [{ t, step: 1, score: 0 }];
    const last = Math.max(...t.intermediate.keys());
    const v = t.intermediate.get(last) as number;
    return [{ t, step: -last, score: Number.isNaN(v) ? Infinity : sign * v }];
  });
  // Array.prototype.sort is stable, so equal keys keep trial order, as numpy's stable argsort does.
  keyed.sort((x, y) => (x.step !== y.step ? x.step - y.step : x.score - y.score));
  return keyed.map((k) => k.t);
}

export class TpeSampler implements Sampler {
  private readonly rng: Prng;
  private readonly startupRng: Prng;
  private readonly nStartupTrials: number;
  private readonly nEiCandidates: number;

  constructor({ seed, nStartupTrials = 10, nEiCandidates = 24 }: TpeOptions) {
    this.rng = new Prng(seed);
    this.startupRng = startupPrng(seed);
    this.nStartupTrials = nStartupTrials;
    this.nEiCandidates = nEiCandidates;
  }

  sample(space: SearchSpace, trials: readonly TrialRecord[], direction: Direction): Params {
    const ranked = rankFinished(trials, direction);
    const n = ranked.length;
    if (n < this.nStartupTrials) {
      return sampleSpace(space, this.startupRng);
    }
    const nBelow = gamma(n);
    // Both groups back in trial order, which the age-based observation weights rely on.
    const byNumber = (a: TrialRecord, b: TrialRecord) => a.number - b.number;
    const below = ranked.slice(0, nBelow).sort(byNumber);
    const above = ranked.slice(nBelow).sort(byNumber);
    return Object.fromEntries(Object.entries(space).map(([name, spec]) => [name, this.sampleOne(name, spec, below, above)]));
  }

  private sampleOne(name: string, spec: ParamSpec, below: TrialRecord[], above: TrialRecord[]): ParamValue {
    if (spec.type === 'categorical') {
      const indexOf = (t: TrialRecord) => spec.choices.findIndex((c) => c === t.params[name]);
      const pick = this.maximiseRatio(new CategoricalParzenEstimator(spec, below.map(indexOf)), new CategoricalParzenEstimator(spec, above.map(indexOf)));
      return spec.choices[pick];
    }
    const values = (ts: TrialRecord[]) => ts.map((t) => t.params[name] as number);
    return this.maximiseRatio(new NumericParzenEstimator(spec, values(below)), new NumericParzenEstimator(spec, values(above)));
  }

  /** draws candidates from l (good trials) and keeps the first with the highest log l(x) - log g(x) */
  private maximiseRatio(l: ParzenEstimator<number>, g: ParzenEstimator<number>): number {
    const candidates = l.sample(this.rng, this.nEiCandidates);
    let best = 0;
    let bestScore = -Infinity;
    candidates.forEach((c, i) => {
      const score = l.logPdf(c) - g.logPdf(c);
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    });
    return candidates[best];
  }
}
