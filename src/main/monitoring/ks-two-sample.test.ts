import { describe, expect, it } from 'vitest';
import fixture from './fixtures/ks-fixtures.json';
import { ksTwoSample } from './ks-two-sample';

function expectRelClose(actual: number, expected: number, rel: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('two-sample Kolmogorov-Smirnov test', () => {
  for (const c of fixture.cases) {
    it(`matches scipy 1.10 ks_2samp statistic and ${c.method} p-value to 1e-9 relative: ${c.name}`, () => {
      const res = ksTwoSample(c.x, c.y);
      expect(res.method).toBe(c.method);
      expectRelClose(res.statistic, c.statistic, 1e-9, 'statistic');
      expectRelClose(res.pValue, c.pValue, 1e-9, 'p-value');
    });
  }

  it('gives the same result whichever sample comes first', () => {
    const [c] = fixture.cases.filter((k) => k.name === 'coprime sizes, shifted');
    expect(ksTwoSample(c.y, c.x)).toEqual(ksTwoSample(c.x, c.y));
  });
});
