import { describe, expect, it } from 'vitest';
import { paramImportance } from './param-importance';
import { RandomSampler } from './random-sampler';
import { parseSearchSpace } from './search-space';
import { Study } from './study';

describe('paramImportance', () => {
  const space = parseSearchSpace({
    lr: { type: 'float', low: 1e-3, high: 1, log: true },
    noise: { type: 'float', low: 0, high: 1 },
    leaves: { type: 'int', low: 2, high: 5 },
    booster: { type: 'categorical', choices: ['a', 'b'] },
  });

  function run(objective: (p: Record<string, unknown>) => number): Study {
    const study = new Study({ space, direction: 'minimize', sampler: new RandomSampler(11) });
    for (let i = 0; i < 200; i++) {
      const t = study.ask()!;
      study.tell(t.number, objective(t.params));
    }
    return study;
  }

  it('ranks a parameter that drives the objective above ones that do not, with shares summing to 1', () => {
    const imp = run((p) => Math.log10(p.lr as number) ** 2 + (p.booster === 'a' ? 1 : 0)).importance();
    expect(imp.lr).toBeGreaterThan(0.8);
    expect(imp.booster).toBeGreaterThan(imp.noise);
    expect(imp.booster).toBeGreaterThan(imp.leaves);
    expect(Object.values(imp).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('credits an int parameter with few values through its own values', () => {
    const imp = run((p) => (p.leaves as number) * 10).importance();
    expect(imp.leaves).toBeGreaterThan(0.9);
  });

  it('gives zeros rather than NaN when the objective is constant or there are too few trials', () => {
    expect(Object.values(run(() => 1).importance())).toEqual([0, 0, 0, 0]);
    expect(paramImportance(space, [])).toEqual({ lr: 0, noise: 0, leaves: 0, booster: 0 });
  });
});
