import { describe, expect, it } from 'vitest';
import optunaFixture from './fixtures/optuna-fixtures.json';
import { RandomSampler } from './random-sampler';
import type { SearchSpace } from './search-space';
import { Study } from './study';
import { gamma, rankFinished, TpeSampler } from './tpe-sampler';
import type { Sampler, TrialRecord } from './trial';

// The same toy objective as fixtures/make-optuna-fixtures.py.
const space: SearchSpace = {
  x: { type: 'float', low: -10, high: 10, log: false },
  y: { type: 'float', low: -10, high: 10, log: false },
};
const quadratic = (p: Record<string, unknown>) => ((p.x as number) - 2) ** 2 + ((p.y as number) + 1) ** 2;

function bestAfter(sampler: Sampler, nTrials: number): number {
  const study = new Study({ space, direction: 'minimize', sampler });
  for (let i = 0; i < nTrials; i++) {
    const t = study.ask()!;
    study.tell(t.number, quadratic(t.params));
  }
  return study.bestTrial()!.value!;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const seeds = optunaFixture.seeds;

describe('TpeSampler', () => {
  const tpe = seeds.map((seed) => bestAfter(new TpeSampler({ seed }), optunaFixture.nTrials));
  const random = seeds.map((seed) => bestAfter(new RandomSampler(seed), optunaFixture.nTrials));

  it('finds a better minimum than random search on a 2-D quadratic, on average over fixed seeds, by a clear margin', () => {
    // About 0.58 against 3.2 with these seeds.
    expect(mean(tpe)).toBeLessThan(0.3 * mean(random));
  });

  it('does about as well as Optuna 3.1 on the same objective, seeds and budget', () => {
    // Different generators, so only averages compare (ours 0.58 vs Optuna's 0.56; random 3.2 vs 2.3).
    expect(mean(tpe)).toBeGreaterThan(0.5 * mean(optunaFixture.tpeBest));
    expect(mean(tpe)).toBeLessThan(1.5 * mean(optunaFixture.tpeBest));
    expect(mean(random)).toBeGreaterThan(0.5 * mean(optunaFixture.randomBest));
    expect(mean(random)).toBeLessThan(2 * mean(optunaFixture.randomBest));
  });

  it('replays the same sequence of parameters from the same seed, and another from another seed', () => {
    const run = (seed: number) => {
      const study = new Study({ space, direction: 'minimize', sampler: new TpeSampler({ seed }) });
      for (let i = 0; i < 20; i++) {
        const t = study.ask()!;
        study.tell(t.number, quadratic(t.params));
      }
      return study.trials.map((t) => t.params);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it('ignores running trials, as Optuna does without constant_liar', () => {
    const finished: TrialRecord[] = Array.from({ length: 12 }, (_, i) => ({
      number: i,
      params: { x: i - 6, y: 6 - i },
      state: 'complete',
      value: quadratic({ x: i - 6, y: 6 - i }),
      intermediate: new Map(),
    }));
    const running: TrialRecord[] = [12, 13, 14].map((number) => ({ number, params: { x: 9, y: 9 }, state: 'running', value: null, intermediate: new Map() }));
    const withRunning = new TpeSampler({ seed: 3 }).sample(space, [...finished, ...running], 'minimize');
    const without = new TpeSampler({ seed: 3 }).sample(space, finished, 'minimize');
    expect(withRunning).toEqual(without);
  });

  it('keeps sampling at random until 10 trials have finished, whatever is running', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new TpeSampler({ seed: 1 }) });
    const asked = Array.from({ length: 16 }, () => study.ask()!);
    const reference = new Study({ space, direction: 'minimize', sampler: new RandomSampler(1 ^ 0x5bd1e995) });
    expect(asked.map((t) => t.params)).toEqual(Array.from({ length: 16 }, () => reference.ask()!.params));
  });

  it('works when maximising: it climbs the negated objective as well as it descends the original', () => {
    const study = new Study({ space, direction: 'maximize', sampler: new TpeSampler({ seed: 0 }) });
    for (let i = 0; i < optunaFixture.nTrials; i++) {
      const t = study.ask()!;
      study.tell(t.number, -quadratic(t.params));
    }
    expect(-study.bestTrial()!.value!).toBe(tpe[0]);
  });
});

describe('gamma and ranking', () => {
  it('counts ceil(10%) of finished trials as good, at most 25', () => {
    expect([1, 10, 11, 100, 250, 1000].map(gamma)).toEqual([1, 1, 2, 10, 25, 25]);
  });

  it('ranks complete trials by value, then pruned ones by how far they got, then by their last value', () => {
    const t = (number: number, state: TrialRecord['state'], value: number | null, steps: [number, number][] = []): TrialRecord => ({
      number,
      params: {},
      state,
      value,
      intermediate: new Map(steps),
    });
    const trials = [
      t(0, 'pruned', null, [[0, 0.1], [1, 0.5]]),
      t(1, 'complete', 0.9),
      t(2, 'pruned', null, [[0, 0.05]]),
      t(3, 'complete', 0.3),
      t(4, 'failed', null),
      t(5, 'running', null),
      t(6, 'pruned', null, [[0, 0.2], [1, 0.4]]),
      t(7, 'pruned', null),
    ];
    expect(rankFinished(trials, 'minimize').map((r) => r.number)).toEqual([3, 1, 6, 0, 2, 7]);
    expect(rankFinished(trials, 'maximize').map((r) => r.number)).toEqual([1, 3, 0, 6, 2, 7]);
  });
});
