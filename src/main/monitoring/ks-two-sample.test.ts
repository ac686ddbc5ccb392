import { describe, expect, it } from 'vitest';
import fixture from './fixtures/ks-fixtures.json';
import { ksTwoSample } from './ks-two-sample';

function expectRelClose(actual: number | null, expected: number, rel: number, what: string): void {
  expect(actual, what).not.toBeNull();
  const a = actual ?? NaN;
  expect(Math.abs(a - expected), `${what}: ${a} vs scipy ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('two-sample Kolmogorov-Smirnov test', () => {
  for (const c of fixture.cases) {
    it(`matches scipy 1.10 ks_2samp statistic and exact p-value to 1e-9 relative: ${c.name}`, () => {
      const res = ksTwoSample(c.x, c.y);
      expectRelClose(res.statistic, c.statistic, 1e-9, 'statistic');
      expectRelClose(res.pValue, c.pValue, 1e-9, 'p-value');
    });
  }

  it('gives the same result whichever sample comes first', () => {
    const [c] = fixture.cases.filter((k) => k.name === 'coprime sizes, shifted');
    expect(ksTwoSample(c.y, c.x)).toEqual(ksTwoSample(c.x, c.y));
  });

  it('leaves the p-value to the asymptotic method once a sample has more than 10,000 values, as scipy does', () => {
    const big = Array.from({ length: 10001 }, (_, i) => i / 10001);
    const res = ksTwoSample(big, [0.25, 0.5, 0.75]);
    expect(res.pValue).toBeNull();
    expect(res.statistic).toBeCloseTo(0.25, 3);
  });
});
