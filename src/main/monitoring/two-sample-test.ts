// What the two-sample tests with an exact and an asymptotic p-value (Kolmogorov-Smirnov, Cramér-von Mises) share.

/** The statistic, its p-value, and which of scipy's methods gave the p-value. */
export interface TwoSampleTestResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Greatest common divisor of two sample sizes: their exact distributions walk the lattice of steps 1/n1, 1/n2. */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
