import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { RandomSampler } from './random-sampler';
import { parseSearchSpace, type SearchSpace } from './search-space';
import { Study } from './study';
import { TpeSampler } from './tpe-sampler';

describe('parseSearchSpace', () => {
  it('reads the documented JSON shape and fills Optuna\'s defaults', () => {
    const space = parseSearchSpace({
      learning_rate: { type: 'float', low: 0.01, high: 0.3, log: true },
      max_leaf_nodes: { type: 'int', low: 8, high: 64 },
      l2: { type: 'categorical', choices: [0, 0.1, 1] },
    });
    expect(space.max_leaf_nodes).toEqual({ type: 'int', low: 8, high: 64, log: false, step: 1 });
    expect(space.learning_rate).toMatchObject({ log: true });
  });

  it.each([
    [{ lr: { type: 'float', low: 0, high: 1, log: true } }, 'lr: a log-scaled range must have low > 0'],
    [{ n: { type: 'int', low: 5, high: 1 } }, 'n: low must not exceed high'],
    [{ n: { type: 'int', low: 0, high: 10, step: 3 } }, 'n: high - low must be a multiple of step'],
    [{ x: { type: 'float', low: 0, high: 1, lo: 2 } }, 'x'],
    [{ c: { type: 'categorical', choices: [] } }, 'c'],
    [{}, 'declares no parameter'],
  ])('rejects %j, naming the field', (json, message) => {
    expect(() => parseSearchSpace(json)).toThrow(AppFailure);
    expect(() => parseSearchSpace(json)).toThrow(message);
  });
});

describe('samplers respect the declared scale', () => {
  const space: SearchSpace = parseSearchSpace({
    lr: { type: 'float', low: 1e-4, high: 1, log: true },
    leaves: { type: 'int', low: 2, high: 256, log: true },
    depth: { type: 'int', low: 3, high: 15, step: 4 },
    frac: { type: 'float', low: 0.1, high: 0.9, step: 0.2 },
    booster: { type: 'categorical', choices: ['gbtree', 'dart', null] },
  });

  const sampled = (make: () => ConstructorParameters<typeof Study>[0]['sampler']) => {
    const study = new Study({ space, direction: 'minimize', sampler: make() });
    for (let i = 0; i < 200; i++) {
      const t = study.ask()!;
      study.tell(t.number, Math.log(t.params.lr as number) ** 2 + (t.params.depth as number) / 10 + (t.params.booster === 'dart' ? 0 : 1));
    }
    return study.trials.map((t) => t.params);
  };

  for (const [name, make] of [['random', () => new RandomSampler(5)], ['TPE', () => new TpeSampler({ seed: 5 })]] as const) {
    it(`${name} keeps ints on their step grid and every value in range`, () => {
      const all = sampled(make);
      for (const p of all) {
        expect(p.lr).toBeGreaterThanOrEqual(1e-4);
        expect(p.lr).toBeLessThanOrEqual(1);
        expect(Number.isInteger(p.leaves) && (p.leaves as number) >= 2 && (p.leaves as number) <= 256).toBe(true);
        expect([3, 7, 11, 15]).toContain(p.depth);
        expect([0.1, 0.3, 0.5, 0.7, 0.9].some((v) => Math.abs(v - (p.frac as number)) < 1e-12)).toBe(true);
        expect(['gbtree', 'dart', null]).toContain(p.booster);
      }
      // Every discrete value turns up, the end values included (the half-step widening).
      expect(new Set(all.map((p) => p.depth)).size).toBe(4);
      expect(new Set(all.map((p) => Math.round((p.frac as number) * 10))).size).toBe(5);
    });
  }

  it('random search spreads a log range evenly over its decades', () => {
    const lr = sampled(() => new RandomSampler(9)).map((p) => Math.log10(p.lr as number));
    const perDecade = [-4, -3, -2, -1].map((d) => lr.filter((v) => v >= d && v < d + 1).length);
    for (const n of perDecade) expect(n).toBeGreaterThan(30);
  });
});
