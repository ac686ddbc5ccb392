import { describe, expect, it } from 'vitest';
import { GridSampler, gridSize } from './grid-sampler';
import { parseSearchSpace } from './search-space';
import { Study } from './study';

describe('GridSampler', () => {
  const space = parseSearchSpace({
    depth: { type: 'int', low: 2, high: 6, step: 2 },
    l2: { type: 'categorical', choices: [0, 0.1, 1] },
    lr: { type: 'float', low: 0.01, high: 0.3, log: true, grid: [0.01, 0.1] },
  });

  it('hands out every point of the cartesian product exactly once, then nothing', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new GridSampler() });
    const asked = [];
    for (let t = study.ask(); t !== null; t = study.ask()) asked.push(t.params);
    expect(asked.length).toBe(18);
    expect(gridSize(space)).toBe(18);
    expect(new Set(asked.map((p) => JSON.stringify(p))).size).toBe(18);
    expect(asked[0]).toEqual({ depth: 2, l2: 0, lr: 0.01 });
    expect(asked[1]).toEqual({ depth: 2, l2: 0, lr: 0.1 });
    expect(asked[17]).toEqual({ depth: 6, l2: 1, lr: 0.1 });
  });

  it('enumerates a stepped float range without a listed grid', () => {
    const s = parseSearchSpace({ frac: { type: 'float', low: 0.5, high: 1, step: 0.25 } });
    const sampler = new GridSampler();
    expect([sampler.sample(s), sampler.sample(s), sampler.sample(s), sampler.sample(s)]).toEqual([{ frac: 0.5 }, { frac: 0.75 }, { frac: 1 }, null]);
  });

  it('refuses a continuous float that lists no grid', () => {
    const s = parseSearchSpace({ lr: { type: 'float', low: 0.01, high: 0.3 } });
    expect(() => new GridSampler().sample(s)).toThrow('needs a "grid" list for the continuous float "lr"');
  });
});
