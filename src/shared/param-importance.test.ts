import { describe, expect, it } from 'vitest';
import { paramImportance, type ImportanceSample } from './param-importance';

/** a small seeded generator, so every run of the test draws the same trials */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('paramImportance', () => {
  const space = { lr: { type: 'float' }, noise: { type: 'float' }, leaves: { type: 'int' }, booster: { type: 'categorical' } };

  /** 200 trials drawn like a random search over the space, scored by `objective` */
  function trials(objective: (p: Record<string, number | string>) => number): ImportanceSample[] {
    const next = seeded(11);
    return Array.from({ length: 200 }, () => {
      const params = { lr: 10 ** (-3 + 3 * next()), noise: next(), leaves: 2 + Math.floor(4 * next()), booster: next() < 0.5 ? 'a' : 'b' };
      return { state: 'complete', value: objective(params), params };
    });
  }

  it('ranks a parameter that drives the objective above ones that do not, with shares summing to 1', () => {
    const imp = paramImportance(space, trials((p) => Math.log10(p.lr as number) ** 2 + (p.booster === 'a' ? 1 : 0)));
    expect(imp.lr).toBeGreaterThan(0.8);
    expect(imp.booster).toBeGreaterThan(imp.noise);
    expect(imp.booster).toBeGreaterThan(imp.leaves);
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('credits an int parameter with few values through its own values', () => {
    const imp = paramImportance(space, trials((p) => (p.leaves as number) * 10));
    expect(imp.leaves).toBeGreaterThan(0.9);
  });

  it('gives zeros rather than NaN when the objective is constant or there are too few trials', () => {
    expect(Object.values(paramImportance(space, trials(() => 1)))).toEqual([0, 0, 0, 0]);
    expect(paramImportance(space, [])).toEqual({ lr: 0, noise: 0, leaves: 0, booster: 0 });
  });

  it('leaves out trials that are not complete or have no finite value', () => {
    const all = trials((p) => p.noise as number);
    const noisy = [...all, ...all.map((t) => ({ ...t, state: 'pruned', value: 1e9 })), { state: 'complete', value: Number.NaN, params: all[0].params }];
    expect(paramImportance(space, noisy)).toEqual(paramImportance(space, all));
  });

  it('groups the runs that lack a numeric parameter apart, so a param only one model has is credited for the gap', () => {
    // compared runs of two models: only the gbdt runs have max_depth, and they score far better
    const runs: ImportanceSample[] = Array.from({ length: 40 }, (_, i) => {
      const gbdt = i % 2 === 0;
      return { state: 'complete', value: (gbdt ? 0.2 : 0.9) + (i % 5) * 0.001, params: gbdt ? { max_depth: 3 + (i % 4), seed: i } : { seed: i } };
    });
    const imp = paramImportance({ max_depth: { type: 'int' }, seed: { type: 'int' } }, runs);
    expect(imp.max_depth).toBeGreaterThan(0.95);
    expect(imp.seed).toBeLessThan(0.05);
  });
});
