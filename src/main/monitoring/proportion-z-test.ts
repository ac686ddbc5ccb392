// The two-proportion Z-test Evidently runs on binary columns (its proportions_diff_z_stat_ind), two-sided.

import { erfc } from '../tuning/normal-distribution';

export interface ProportionZTestResult {
  statistic: number;
  pValue: number;
}

/**
 * Finite counts only (nulls are the caller's), 0 <= successes <= total, total >= 1. z = (p_ref - p_cur) / sqrt(P(1-P)
 * (1/n_ref + 1/n_cur)) with the pooled rate P. The p-value is 2·norm.sf(|z|) = erfc(|z|/√2); Evidently writes
 * 2·(1 - norm.cdf(|z|)), the same number except that it rounds to 0 below about 1e-16 where the survival function
 * keeps the tail. When both samples hold one and the same value the pooled variance is 0 and z is 0/0; Evidently
 * returns p-value 1 there (no drift), and so do we, with statistic 0.
 */
export function proportionZTest(referenceSuccesses: number, referenceTotal: number, currentSuccesses: number, currentTotal: number): ProportionZTestResult {
  const referenceRate = referenceSuccesses / referenceTotal;
  const currentRate = currentSuccesses / currentTotal;
  const pooled = (referenceRate * referenceTotal + currentRate * currentTotal) / (referenceTotal + currentTotal);
  const variance = pooled * (1 - pooled) * (1 / referenceTotal + 1 / currentTotal);
  if (variance === 0) return { statistic: 0, pValue: 1 };
  const statistic = (referenceRate - currentRate) / Math.sqrt(variance);
  return { statistic, pValue: erfc(Math.abs(statistic) / Math.SQRT2) };
}
