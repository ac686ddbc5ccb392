import { describe, expect, it } from 'vitest';
import { expectClose, fixture } from './fixtures/distance-fixture';
import { proportionZTest } from './proportion-z-test';

// Checked against Evidently's z statistic and scipy 1.10.1's 2·norm.sf(|z|) (fixtures/make-distance-fixtures.py), to
// 1e-9 relative; our erfc is msun's, within about one ulp of scipy's.
describe('two-proportion Z-test against Evidently with scipy.stats.norm', () => {
  it.each(fixture.zTest.map((c) => [c.name, c] as const))('%s: statistic and p-value match', (_name, c) => {
    const result = proportionZTest(c.refSuccesses, c.refTotal, c.curSuccesses, c.curTotal);
    expectClose(result.statistic, c.statistic);
    expectClose(result.pValue, c.pValue);
  });

  it('returns p-value 1 when both samples hold only the same value, as Evidently does', () => {
    expect(proportionZTest(50, 50, 20, 20)).toEqual({ statistic: 0, pValue: 1 });
    expect(proportionZTest(0, 50, 0, 20)).toEqual({ statistic: 0, pValue: 1 });
  });

  it('gives a p-value below 0.05 when one sample is all successes and the other none', () => {
    expect(proportionZTest(30, 30, 0, 30).pValue).toBeLessThan(0.05);
  });
});
