// Two-sample Cramér-von Mises test as scipy 1.10's cramervonmises_2samp(method='auto') computes it.
import { gcd, type TwoSampleTestResult } from './two-sample-test';

// scipy's 'auto' enumerates the exact distribution while both samples have at most this many values.
const MAX_EXACT_N = 20;

/** Midranks (1-based) of the values of `a` then `b` within their pooled sample, as scipy.stats.rankdata('average'). */
function pooledMidranks(a: Float64Array, b: Float64Array): Float64Array {
  const pooled = new Float64Array(a.length + b.length);
  pooled.set(a);
  pooled.set(b, a.length);
  const order = Array.from(pooled.keys()).sort((i, j) => pooled[i] - pooled[j]);
  const ranks = new Float64Array(pooled.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && pooled[order[end]] === pooled[order[start]]) end++;
    // ties share the average of ranks start+1 .. end
    const mid = 0.5 * (start + 1 + end);
    for (let r = start; r < end; r++) ranks[order[r]] = mid;
    start = end;
  }
  return ranks;
}

function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

/** numpy's floor_divide on doubles (npy_divmod): floor of (a - fmod(a, b)) / b, nudged the way numpy does. */
function floorDivide(a: number, b: number): number {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) {
    mod += b;
    div -= 1;
  }
  if (div === 0) return 0;
  const fl = Math.floor(div);
  return div - fl > 0.5 ? fl + 1 : fl;
}

/** A frequency table: distinct values in increasing order, with how many lattice paths reach each. */
interface Freq {
  values: Float64Array;
  counts: Float64Array;
}

/** The union of two tables (counts of equal values added), every value then shifted by `shift`. */
function mergeShifted(p: Freq, q: Freq, shift: number): Freq {
  const values = new Float64Array(p.values.length + q.values.length);
  const counts = new Float64Array(values.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < p.values.length || j < q.values.length) {
    if (j >= q.values.length || (i < p.values.length && p.values[i] < q.values[j])) {
      values[o] = p.values[i];
      counts[o++] = p.counts[i++];
    } else if (i >= p.values.length || q.values[j] < p.values[i]) {
      values[o] = q.values[j];
      counts[o++] = q.counts[j++];
    } else {
      values[o] = p.values[i];
      counts[o++] = p.counts[i++] + q.counts[j++];
    }
  }
  for (let k = 0; k < o; k++) values[k] += shift;
  return { values: values.subarray(0, o), counts: counts.subarray(0, o) };
}

/**
 * scipy _pval_cvm_2samp_exact: the share of the C(m+n, m) rank arrangements whose statistic reaches U, by Xiao,
 * Gordon and Yakovlev's (2006) recursion over frequency tables of partial sums along lattice paths (their eq. 11).
 * Values are integer sums of squares and counts at most C(40, 20), so doubles hold both exactly.
 */
function exactPValue(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = floorDivide(lcm * lcm * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn * mn);
  const empty: Freq = { values: new Float64Array(0), counts: new Float64Array(0) };
  let gs: Freq[] = [{ values: Float64Array.of(0), counts: Float64Array.of(1) }];
  for (let v = 1; v <= m; v++) gs.push(empty);
  for (let u = 0; u <= n; u++) {
    const next: Freq[] = [];
    let tmp = empty;
    for (let v = 0; v <= m; v++) {
      tmp = mergeShifted(tmp, gs[v], (a * v - b * u) ** 2);
      next.push(tmp);
    }
    gs = next;
  }
  const { values, counts } = gs[m];
  let reached = 0;
  for (let k = 0; k < values.length; k++) if (values[k] >= zeta) reached += counts[k];
  return reached / binomial(m + n, m);
}

/**
 * exp(-q) K_{1/4}(q), from K_nu(q) = integral over t >= 0 of exp(-q cosh t) cosh(nu t) by the trapezoidal rule, which
 * converges geometrically for this analytic, doubly exponentially decaying integrand; the step shrinks like
 * 1/sqrt(q) to resolve the peak at t = 0 for large q. Within about 1e-15 of 30-digit mpmath, and of scipy.special.kv
 * (AMOS) within its own ~4e-15.
 */
export function scaledBesselK14(q: number): number {
  const tMax = Math.acosh(1 + 745 / q); // beyond it exp(-q (cosh t - 1)) underflows
  const h = Math.min(0.1, 0.25 / Math.sqrt(q));
  let sum = 0.5; // the t = 0 end, halved
  for (let t = h; t < tMax; t += h) {
    const s = Math.sinh(t / 2);
    sum += Math.exp(-2 * q * s * s) * Math.cosh(0.25 * t);
  }
  return Math.exp(-2 * q) * sum * h;
}

/**
 * scipy _cdf_cvm_inf: the limiting CDF of the one-sample statistic (Csörgő and Faraway 1996, eq. 1.2), summed as
 * scipy sums it: up to and including the first term below 1e-7, so the truncation is the same as scipy's.
 */
function limitingCdf(x: number): number {
  let total = 0;
  let gammaRatio = Math.sqrt(Math.PI); // Gamma(k + 1/2) / Gamma(k + 1) at k = 0
  for (let k = 0; ; k++) {
    if (k > 0) gammaRatio *= (k - 0.5) / k;
    const y = 4 * k + 1;
    const term = (gammaRatio / (Math.PI ** 1.5 * Math.sqrt(x))) * Math.sqrt(y) * scaledBesselK14((y * y) / (16 * x));
    total += term;
    if (Math.abs(term) < 1e-7) return total;
  }
}

/**
 * Two-sample Cramér-von Mises test (Anderson 1962, eq. 9 for T, eq. 10 for U, midranks for ties) with scipy 1.10's
 * 'auto' p-value: exact enumeration while both samples have at most 20 values, else the limiting distribution of the
 * normalised statistic. Takes finite numbers only, at least two values per sample (nulls are the caller's to drop).
 */
export function cramerVonMisesTwoSample(x: ArrayLike<number>, y: ArrayLike<number>): TwoSampleTestResult {
  const xs = Float64Array.from(x).sort();
  const ys = Float64Array.from(y).sort();
  const nx = xs.length;
  const ny = ys.length;
  const ranks = pooledMidranks(xs, ys);
  let sx = 0;
  for (let i = 0; i < nx; i++) sx += (ranks[i] - (i + 1)) ** 2;
  let sy = 0;
  for (let j = 0; j < ny; j++) sy += (ranks[nx + j] - (j + 1)) ** 2;
  const u = nx * sx + ny * sy;
  const k = nx * ny;
  const N = nx + ny;
  const statistic = u / (k * N) - (4 * k - 1) / (6 * N);
  if (Math.max(nx, ny) <= MAX_EXACT_N) return { statistic, pValue: exactPValue(u, nx, ny), method: 'exact' };
  // Anderson's mean and variance of T (eqs. 11 and 14), then his normalisation (eq. 15)
  const et = (1 + 1 / N) / 6;
  const vt = ((N + 1) * (4 * k * N - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * N * N * 4 * k);
  const tn = 1 / 6 + (statistic - et) / Math.sqrt(45 * vt);
  // scipy returns 1 below 0.003, where the limiting CDF is under 1.3e-18
  const pValue = tn < 0.003 ? 1 : Math.max(0, 1 - limitingCdf(tn));
  return { statistic, pValue, method: 'asymptotic' };
}
