// Two-sample Kolmogorov-Smirnov test, two-sided, as scipy 1.10's ks_2samp(method='auto') computes it.
import { kolmogorovSf } from './kolmogorov-distribution';
import { gcd, type TwoSampleTestResult } from './two-sample-test';

// scipy's 'auto' tries the exact distribution only while both samples have at most this many values.
const MAX_EXACT_N = 10000;

/**
 * The largest gap between the two empirical CDFs, both evaluated right-continuously at every pooled value,
 * with the same floating-point steps as scipy (count / n1 - count / n2), so D is bit-for-bit scipy's.
 */
function maxEcdfGap(x: Float64Array, y: Float64Array): number {
  let i = 0;
  let j = 0;
  let maxS = 0;
  let minS = 0;
  while (i < x.length || j < y.length) {
    const v = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
    while (i < x.length && x[i] === v) i++;
    while (j < y.length && y[j] === v) j++;
    const diff = i / x.length - j / y.length;
    if (diff > maxS) maxS = diff;
    if (diff < minS) minS = diff;
  }
  return Math.min(-minS, 1) > maxS ? Math.min(-minS, 1) : maxS;
}

/** scipy _compute_prob_outside_square: P(D >= h/n) for equal sizes, a Horner form of the alternating binomial sum. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * scipy _compute_outer_prob_inside_method (its pythran module): 1 - the share of lattice paths from (0,0) to (m,n)
 * staying strictly inside |x/m - y/n| < h/lcm, with Viehmann's (2021) recursion that computes the complement
 * directly, one sliding column window at a time, so no binomial coefficient is ever formed.
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const [m, n] = m0 < n0 ? [n0, m0] : [m0, n0];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1];
}

/** numpy's round: halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * scipy's asymptotic two-sided p-value: the one-sample distribution kstwo at the effective size
 * round(n1*n2/(n1+n2)), the sizes taken larger first as scipy multiplies them.
 */
function asymptoticPValue(n1: number, n2: number, d: number): TwoSampleTestResult {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  return { statistic: d, pValue: kolmogorovSf(roundHalfEven((m * n) / (m + n)), d), method: 'asymptotic' };
}

/**
 * Two-sided two-sample KS as scipy.stats.ks_2samp(x, y, method='auto') computes it: exact while both samples have at
 * most 10,000 values (D then rounded to the lattice h/lcm(n1, n2), as scipy reports it), asymptotic beyond that or
 * where the exact recursion fails. Takes finite numbers only, both samples non-empty (nulls are the caller's to drop).
 */
export function ksTwoSample(x: ArrayLike<number>, y: ArrayLike<number>): TwoSampleTestResult {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const n1 = xs.length;
  const n2 = ys.length;
  const d = maxEcdfGap(xs, ys);
  if (Math.max(n1, n2) > MAX_EXACT_N) return asymptoticPValue(n1, n2, d);
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  const statistic = h / lcm;
  if (h === 0) return { statistic, pValue: 1, method: 'exact' };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  // scipy treats a p-value outside [0, 1] (rounding in the recursion) as a failed exact attempt, keeping D = h/lcm.
  return p >= 0 && p <= 1 ? { statistic, pValue: p, method: 'exact' } : asymptoticPValue(n1, n2, statistic);
}
