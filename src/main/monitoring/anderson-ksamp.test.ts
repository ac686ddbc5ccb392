import { describe, expect, it } from 'vitest';
import fixture from './fixtures/anderson-bins-fixtures.json';
import { andersonKSample, pairwiseSum } from './anderson-ksamp';

// Checked against scipy 1.10.1's anderson_ksamp(samples, midrank=True) (fixtures/make-anderson-bins-fixtures.py).
// Statistic, critical values and p-value follow scipy's arithmetic in double, so 1e-9 relative is a tight bound.
const TOLERANCE = 1e-9;

function expectClose(ours: number, theirs: number, what: string): void {
  expect(Math.abs(ours - theirs), `${what}: ${ours} vs ${theirs}`).toBeLessThanOrEqual(TOLERANCE * Math.abs(theirs));
}

describe('Anderson-Darling k-sample test against scipy 1.10', () => {
  it.each(fixture.anderson.map((c) => [c.name, c] as const))('%s: statistic, critical values and p-value match scipy', (_name, c) => {
    const ours = andersonKSample(c.samples);
    expectClose(ours.statistic, c.statistic, 'statistic');
    c.criticalValues.forEach((v, i) => expectClose(ours.criticalValues[i], v, `critical value ${i}`));
    expectClose(ours.pValue, c.pValue, 'p-value');
    expect(ours.pValueCapped).toBe(c.pValueCapped);
    expect(ours.pValueFloored).toBe(c.pValueFloored);
  });

  it('takes Float64Array samples as well as number arrays', () => {
    const c = fixture.anderson[1];
    expect(andersonKSample(c.samples.map((s) => Float64Array.from(s))).statistic).toBe(andersonKSample(c.samples).statistic);
  });

  it('refuses fewer than two samples, an empty sample, a single distinct value and fewer than four observations', () => {
    expect(() => andersonKSample([[1, 2, 3]])).toThrow(RangeError);
    expect(() => andersonKSample([[1, 2, 3], []])).toThrow(RangeError);
    expect(() => andersonKSample([[1, 1], [1, 1]])).toThrow(RangeError);
    expect(() => andersonKSample([[1, 2], [3]])).toThrow(/at least 4 observations/);
  });

  it('sums in numpy pairwise order, which differs from a left-to-right sum on long arrays', () => {
    const { values, numpySum, leftToRight } = fixture.pairwiseSum;
    expect(numpySum).not.toBe(leftToRight);
    expect(pairwiseSum(Float64Array.from(values))).toBe(numpySum);
  });
});
