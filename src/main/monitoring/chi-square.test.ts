import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, chiSquareTest, logGamma } from './chi-square';
import { expectClose, fixture, fixtureNumber } from './fixtures/distance-fixture';

// Checked against scipy 1.10.1's chisquare with Evidently's expected counts (fixtures/make-distance-fixtures.py), to
// 1e-9 relative: the statistic is the same arithmetic; the p-value comes from another evaluation of the incomplete
// gamma function than Cephes' and measures within 1e-13 of it on every case.

describe('chi-squared test against scipy.stats.chisquare', () => {
  const tested = fixture.chiSquare.filter((c) => c.pValue !== 'NaN');

  it.each(tested.map((c) => [c.name, c] as const))('%s: statistic and p-value match scipy', (_name, c) => {
    const result = chiSquareTest(c.current, c.reference);
    expectClose(result.statistic, fixtureNumber(c.statistic));
    expectClose(result.pValue, fixtureNumber(c.pValue));
  });

  it.each(fixture.chiSquare.filter((c) => c.pValue === 'NaN').map((c) => [c.name, c] as const))('%s, where we return p-value 1 (nothing to test)', (_name, c) => {
    expect(chiSquareTest(c.current, c.reference)).toEqual({ statistic: 0, pValue: 1, degreesOfFreedom: 0 });
  });

  it('counts only categories seen on either side as degrees of freedom', () => {
    expect(chiSquareTest([0, 4, 0, 9], [0, 6, 0, 5]).degreesOfFreedom).toBe(1);
  });

  it('rejects counts that are not aligned', () => {
    expect(() => chiSquareTest([1, 2], [1, 2, 3])).toThrow(RangeError);
  });
});

describe('chi-squared survival function', () => {
  it('equals the closed forms exp(-x/2) for 2 degrees of freedom and erfc(√(x/2)) for 1', () => {
    for (const x of [0.01, 0.5, 1, 3, 10, 50, 300]) {
      expectClose(chiSquareSurvival(x, 2), Math.exp(-x / 2));
    }
    // erfc(√(0.5)) and erfc(√5) from scipy.special.erfc
    expectClose(chiSquareSurvival(1, 1), 0.31731050786291415);
    expectClose(chiSquareSurvival(10, 1), 0.001565402258002548);
  });

  it('is 1 at 0 and 0 at infinity', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareSurvival(Infinity, 3)).toBe(0);
  });

  it('takes log-gamma from the Lanczos series accurately at integers and half-integers', () => {
    expectClose(logGamma(0.5), 0.5 * Math.log(Math.PI));
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expectClose(logGamma(10), Math.log(362880));
    // scipy.special.gammaln(250.5)
    expectClose(logGamma(250.5), 1131.2840013322552);
  });
});
