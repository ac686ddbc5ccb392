import { describe, expect, it } from 'vitest';
import { GpSampler, logExpectedImprovement } from './gp-sampler';
import { ndtr } from './normal-distribution';
import { RandomSampler } from './random-sampler';
import type { Params, SearchSpace } from './search-space';
import { Study } from './study';
import type { Direction, Sampler } from './trial';

const BRANIN_MIN = 0.397887;
const branin = (p: Params): number => {
  const x = p.x as number;
  const y = p.y as number;
  return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10;
};
const braninSpace: SearchSpace = { x: { type: 'float', low: -5, high: 10, log: false }, y: { type: 'float', low: 0, high: 15, log: false } };

/** `n` trials, two at a time as a study on two cores runs them: each trial is told after the next one started. */
function optimise(sampler: Sampler, space: SearchSpace, f: (p: Params) => number, n: number, direction: Direction = 'minimize'): Study {
  const study = new Study({ space, direction, sampler });
  let running = study.ask()!;
  for (let i = 1; i < n; i++) {
    const next = study.ask()!;
    study.tell(running.number, f(running.params));
    running = next;
  }
  study.tell(running.number, f(running.params));
  return study;
}

describe('the GP sampler', () => {
  it('finds the Branin minimum within 30 trials from every seed, where random search does not come close', () => {
    for (const seed of [1, 2, 3]) {
      const gp = optimise(new GpSampler({ seed }), braninSpace, branin, 30).bestTrial()!.value!;
      const random = optimise(new RandomSampler(seed), braninSpace, branin, 30).bestTrial()!.value!;
      expect(gp).toBeLessThan(BRANIN_MIN + 0.05);
      expect(random).toBeGreaterThan(BRANIN_MIN + 0.3);
    }
  });

  it('maximises as well as it minimises', () => {
    const best = optimise(new GpSampler({ seed: 4 }), braninSpace, (p) => -branin(p), 30, 'maximize').bestTrial()!.value!;
    expect(best).toBeGreaterThan(-BRANIN_MIN - 0.05);
  });

  it('sends a trial started beside a running one elsewhere, since it counts on the running one', () => {
    const study = new Study({ space: braninSpace, direction: 'minimize', sampler: new GpSampler({ seed: 5 }) });
    for (let i = 0; i < 15; i++) {
      const t = study.ask()!;
      study.tell(t.number, branin(t.params));
    }
    const first = study.ask()!.params;
    const second = study.ask()!.params;
    const apart = Math.hypot(((first.x as number) - (second.x as number)) / 15, ((first.y as number) - (second.y as number)) / 15);
    expect(apart).toBeGreaterThan(0.05);
  });

  it('takes an infinite loss for the worst one seen, and still finds the minimum around the region that overflows', () => {
    // the left third of the range "diverges": Infinity for minimising, -Infinity when maximising the negated function
    // (two of Branin's three minima lie right of it, so the study can still find one)
    const overflowing = (p: Params) => ((p.x as number) < 0 ? Infinity : branin(p));
    for (const seed of [1, 2, 3]) expect(optimise(new GpSampler({ seed }), braninSpace, overflowing, 40).bestTrial()!.value!).toBeLessThan(BRANIN_MIN + 0.05);
    const maximised = optimise(new GpSampler({ seed: 1 }), braninSpace, (p) => -overflowing(p), 40, 'maximize').bestTrial()!;
    expect(maximised.value!).toBeGreaterThan(-BRANIN_MIN - 0.05);
  });

  it('never proposes parameters a trial already had, even with the optimum in a corner of the range', () => {
    const space: SearchSpace = { depth: { type: 'int', low: 1, high: 4, log: false, step: 1 }, rate: { type: 'float', low: 0, high: 1, log: false } };
    const study = optimise(new GpSampler({ seed: 8 }), space, (p) => (p.depth as number) + (p.rate as number), 25);
    const configs = study.trials.map((t) => `${t.params.depth} ${t.params.rate}`);
    expect(new Set(configs).size).toBe(configs.length);
    expect(study.bestTrial()!.value!).toBeLessThan(1.05);
  });

  it('keeps every proposal inside a mixed space: log ints as integers, steps on their grid, choices from the list', () => {
    const space: SearchSpace = {
      leaves: { type: 'int', low: 8, high: 64, log: true, step: 1 },
      rate: { type: 'float', low: 1e-3, high: 1, log: true },
      frac: { type: 'float', low: 0, high: 1, log: false, step: 0.25 },
      kind: { type: 'categorical', choices: ['a', 'b', null] },
    };
    const f = (p: Params) => Math.abs(Math.log((p.leaves as number) / 20)) + (Math.log10(p.rate as number) + 1.5) ** 2 + (p.frac as number) + (p.kind === 'b' ? 0 : 1);
    const study = optimise(new GpSampler({ seed: 6 }), space, f, 25);
    for (const t of study.trials) {
      expect(Number.isInteger(t.params.leaves) && (t.params.leaves as number) >= 8 && (t.params.leaves as number) <= 64).toBe(true);
      expect(t.params.rate as number).toBeGreaterThanOrEqual(1e-3);
      expect(t.params.rate as number).toBeLessThanOrEqual(1);
      expect([0, 0.25, 0.5, 0.75, 1]).toContain(t.params.frac);
      expect(['a', 'b', null]).toContain(t.params.kind);
    }
    // and it learns the categorical: the GP's proposals after the start-up settle on the better choice
    const proposed = study.trials.slice(10).map((t) => t.params.kind);
    expect(proposed.filter((k) => k === 'b').length).toBeGreaterThan(proposed.length / 2);
  });
});

describe('log expected improvement', () => {
  it('is the log of the closed form where that is representable', () => {
    for (const [mean, variance, best] of [[0, 1, 0], [1, 0.25, 0.2], [-0.3, 4, 0.5], [2, 0.01, 1.5]]) {
      const sigma = Math.sqrt(variance);
      const z = (best - mean) / sigma;
      const ei = (best - mean) * ndtr(z) + sigma * Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
      expect(logExpectedImprovement(mean, variance, best)).toBeCloseTo(Math.log(ei), 10);
    }
  });

  it('matches scipy far below the best, on both sides of where the series takes over, and never underflows', () => {
    // log(phi(z) + z Phi(z)) from scipy 1.10: logphi(z) + log1p(z sqrt(pi/2) erfcx(-z/sqrt2))
    const reference: [number, number][] = [[-3, -7.86968605960303], [-10, -55.553122036122346], [-24, -295.280223234805], [-26, -345.43954672231797], [-30, -457.72465376059813], [-45, -1021.0337424419132]];
    for (const [z, logH] of reference) expect(logExpectedImprovement(-z, 1, 0)).toBeCloseTo(logH, 6);
    expect(logExpectedImprovement(60, 1, 0)).toBeGreaterThan(logExpectedImprovement(61, 1, 0));
    expect(Number.isFinite(logExpectedImprovement(200, 1, 0))).toBe(true);
  });
});
