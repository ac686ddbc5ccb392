// Pearson's chi-squared test of current category counts against the reference's proportions, as Evidently's chi-squared drift test runs scipy.stats.chisquare.

/** Counts per category (or common bin), aligned so index i is the same category on both sides. */
export type Counts = Float64Array | readonly number[];

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  degreesOfFreedom: number;
}

/**
 * Finite, non-negative counts only (nulls are the caller's). Like Evidently's _chi_stat_test, the expected count of a
 * category is its reference count scaled to the current total, then scipy.stats.chisquare(f_obs, f_exp) with ddof=0.
 * A category with current counts but none in the reference gives an infinite statistic and p-value 0, as scipy does.
 * Categories empty on both sides are left out (scipy would return NaN; Evidently's union of seen categories never has
 * them, common histogram bins can). With fewer than two categories left there is nothing to test: scipy's chi2 with 0
 * degrees of freedom returns NaN, and we return p-value 1 instead so the verdict (no drift) survives JSON.
 */
export function chiSquareTest(current: Counts, reference: Counts): ChiSquareResult {
  if (current.length !== reference.length) throw new RangeError(`chiSquareTest: ${current.length} current categories vs ${reference.length} reference ones`);
  let currentTotal = 0;
  let referenceTotal = 0;
  let categories = 0;
  for (let i = 0; i < current.length; i++) {
    currentTotal += current[i];
    referenceTotal += reference[i];
    if (current[i] !== 0 || reference[i] !== 0) categories++;
  }
  const scale = currentTotal / referenceTotal;
  let statistic = 0;
  for (let i = 0; i < current.length; i++) {
    if (current[i] === 0 && reference[i] === 0) continue;
    const expected = reference[i] * scale;
    statistic += ((current[i] - expected) * (current[i] - expected)) / expected;
  }
  const degreesOfFreedom = categories - 1;
  if (degreesOfFreedom < 1) return { statistic, pValue: 1, degreesOfFreedom };
  return { statistic, pValue: chiSquareSurvival(statistic, degreesOfFreedom), degreesOfFreedom };
}

/** P(X > x) for X ~ chi2(k): scipy's chi2.sf is cephes chdtrc(k, x) = igamc(k/2, x/2). */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  return regularizedUpperGamma(degreesOfFreedom / 2, x / 2);
}

const EPSILON = 2 ** -53;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularized upper incomplete gamma function. Below x = a + 1 it is 1 - P(a, x) with P
 * from its power series; there Q stays above 0.08 for the a >= 1/2 a chi-squared test asks about, so the subtraction
 * costs at most about one digit. Above, it is Legendre's continued fraction by the modified Lentz method, which
 * converges fast there and keeps relative precision deep in the tail (Numerical Recipes 6.2). Cephes' igamc, which
 * scipy 1.10's chi2.sf calls, picks among this series, this fraction, a series for Q itself at small x, and a uniform
 * asymptotic expansion for large a near x = a; the two agree to about 1e-13 relative on the fixture.
 */
function regularizedUpperGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  // x^a e^-x / Γ(a) in log space, so neither factor overflows on its own
  const logPrefactor = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(logPrefactor) * h;
}

// Lanczos approximation with g = 7 and 9 terms (the coefficients Boost and numerical texts tabulate), relative error
// about 1e-15 for a > 0; the chi-squared test only ever asks for half-integers k/2 >= 0.5.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(a) for a > 0. JavaScript has no lgamma. */
export function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const z = a - 1;
  let series = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) series += LANCZOS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(series);
}
