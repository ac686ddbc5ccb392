import { describe, expect, it } from 'vitest';
import fixture from './fixtures/cvm-fixtures.json';
import { cramerVonMisesTwoSample, scaledBesselK14 } from './cramer-von-mises';

function expectClose(actual: number, expected: number, rel: number, abs: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected) + abs);
}

describe('two-sample Cramér-von Mises test', () => {
  for (const c of fixture.cases) {
    it(`matches scipy 1.10 cramervonmises_2samp statistic and ${c.method} p-value: ${c.name}`, () => {
      const res = cramerVonMisesTwoSample(c.x, c.y);
      expect(res.method).toBe(c.method);
      expectClose(res.statistic, c.statistic, 1e-9, 0, 'statistic');
      // The asymptotic p-value is 1 - CDF, a sum of terms near 1 built on scipy.special.kv, whose AMOS values are
      // off by up to ~4e-15 relative (checked against 30-digit mpmath, which our quadrature matches more closely):
      // scipy's p-value itself carries that as an absolute error, which dominates once p is below about 1e-6.
      expectClose(res.pValue, c.pValue, 1e-9, c.method === 'asymptotic' ? 1e-14 : 0, 'p-value');
    });
  }

  it('gives the same statistic whichever sample comes first, and a p-value that does not depend on the order', () => {
    const [c] = fixture.cases.filter((k) => k.name === 'exact, 12 against 18 with rounded ties');
    const ab = cramerVonMisesTwoSample(c.x, c.y);
    const ba = cramerVonMisesTwoSample(c.y, c.x);
    expectClose(ba.statistic, ab.statistic, 1e-12, 0, 'statistic');
    expectClose(ba.pValue, ab.pValue, 1e-12, 0, 'p-value');
  });

  for (const k of fixture.kv) {
    it(`computes exp(-q) K_1/4(q) as scipy.special.kv gives it, to 1e-12 relative, at q = ${k.q}`, () => {
      expectClose(scaledBesselK14(k.q), k.scaled, 1e-12, 0, 'exp(-q) kv(1/4, q)');
    });
  }
});
