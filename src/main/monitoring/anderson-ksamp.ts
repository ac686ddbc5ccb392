// Anderson-Darling k-sample test (midrank version), matching scipy.stats.anderson_ksamp(samples, midrank=True) of scipy 1.10.

/** Result of the k-sample Anderson-Darling test; pValue is scipy's interpolated figure, clipped to [0.001, 0.25]. */
export interface AndersonKSampleResult {
  /** normalized statistic T = (A2akN - (k - 1)) / sigma (Scholz & Stephens 1987, eq. 7 and the variance of eq. 4) */
  statistic: number;
  /** critical values for the significance levels in ANDERSON_SIGNIFICANCE_LEVELS, for this k */
  criticalValues: number[];
  pValue: number;
  /** true when the statistic is below every critical value: the true p-value is larger than the 0.25 reported */
  pValueCapped: boolean;
  /** true when the statistic is above every critical value: the true p-value is smaller than the 0.001 reported */
  pValueFloored: boolean;
}

/** Significance levels of the critical values, in scipy's order (Scholz & Stephens 1987, Table 2). */
export const ANDERSON_SIGNIFICANCE_LEVELS: readonly number[] = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];

// Interpolation coefficients b0, b1, b2 of Scholz & Stephens' Table 2, as scipy stores them.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/**
 * numpy's pairwise summation (what ndarray.sum() does on a contiguous float64 array), so sums agree with scipy's to the
 * last bit and the cancellation in A2akN - (k - 1) does not magnify a summation-order difference.
 */
export function pairwiseSum(a: Float64Array, start = 0, n = a.length): number {
  if (n < 8) {
    let res = 0;
    for (let i = start; i < start + n; i++) res += a[i];
    return res;
  }
  if (n <= 128) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

function sorted(sample: Float64Array | readonly number[]): Float64Array {
  return Float64Array.from(sample).sort();
}

/** A2akN of Scholz & Stephens' eq. 7 (scipy's _anderson_ksamp_midrank), same arithmetic order as scipy. */
function midrankA2(samples: Float64Array[], zStar: Float64Array, lj: Float64Array, bj: Float64Array, total: number): number {
  let a2 = 0;
  const inner = new Float64Array(zStar.length);
  for (const s of samples) {
    const ni = s.length;
    // One merge walk gives, for every distinct value z, how many of this sample are <= z and how many equal z.
    let below = 0;
    for (let j = 0; j < zStar.length; j++) {
      const z = zStar[j];
      while (below < ni && s[below] < z) below++;
      let upTo = below;
      while (upTo < ni && s[upTo] === z) upTo++;
      const mij = upTo - (upTo - below) / 2;
      below = upTo;
      const l = lj[j];
      const diff = total * mij - bj[j] * ni;
      inner[j] = ((l / total) * (diff * diff)) / (bj[j] * (total - bj[j]) - (total * l) / 4);
    }
    a2 += pairwiseSum(inner) / ni;
  }
  return a2 * ((total - 1) / total);
}

/**
 * Least-squares quadratic through (x, y) as numpy.polyfit(x, y, 2): Vandermonde columns scaled to unit norm, as polyfit
 * does. polyfit solves by SVD (LAPACK gelsd); Householder QR reaches the same solution of this well-conditioned 7 x 3
 * system to rounding (the p-values agree with scipy's to 2e-15 relative on the fixture).
 */
function quadraticFit(x: readonly number[], y: readonly number[]): [number, number, number] {
  const rows = x.length;
  const a = x.map((v) => [v * v, v, 1]);
  const scale = [0, 1, 2].map((c) => Math.sqrt(a.reduce((s, row) => s + row[c] * row[c], 0)));
  for (const row of a) for (let c = 0; c < 3; c++) row[c] /= scale[c];
  const b = [...y];
  for (let c = 0; c < 3; c++) {
    let norm = 0;
    for (let r = c; r < rows; r++) norm += a[r][c] * a[r][c];
    norm = Math.sqrt(norm);
    const alpha = a[c][c] > 0 ? -norm : norm;
    const v = new Array<number>(rows).fill(0);
    for (let r = c; r < rows; r++) v[r] = a[r][c];
    v[c] -= alpha;
    const vv = v.reduce((s, t) => s + t * t, 0);
    for (let cc = c; cc < 3; cc++) {
      let dot = 0;
      for (let r = c; r < rows; r++) dot += v[r] * a[r][cc];
      for (let r = c; r < rows; r++) a[r][cc] -= (2 * dot * v[r]) / vv;
    }
    let dot = 0;
    for (let r = c; r < rows; r++) dot += v[r] * b[r];
    for (let r = c; r < rows; r++) b[r] -= (2 * dot * v[r]) / vv;
  }
  const coef = [0, 0, 0];
  for (let c = 2; c >= 0; c--) {
    let s = b[c];
    for (let cc = c + 1; cc < 3; cc++) s -= a[c][cc] * coef[cc];
    coef[c] = s / a[c][c];
  }
  return [coef[0] / scale[0], coef[1] / scale[1], coef[2] / scale[2]];
}

/**
 * k-sample Anderson-Darling test of scipy.stats.anderson_ksamp(samples, midrank=True); samples hold finite numbers only.
 * Throws RangeError where scipy raises (fewer than 2 samples, an empty sample, one distinct value) and below 4
 * observations in all, where scipy fails (N = 2) or returns NaN (N = 3: the variance's (N-1)(N-2)(N-3) is zero).
 */
export function andersonKSample(samples: readonly (Float64Array | readonly number[])[]): AndersonKSampleResult {
  const k = samples.length;
  if (k < 2) throw new RangeError('the Anderson-Darling k-sample test needs at least two samples');
  const sortedSamples = samples.map(sorted);
  if (sortedSamples.some((s) => s.length === 0)) throw new RangeError('the Anderson-Darling k-sample test got an empty sample');
  const total = sortedSamples.reduce((s, x) => s + x.length, 0);
  if (total < 4) throw new RangeError(`the Anderson-Darling k-sample test needs at least 4 observations in all, got ${total}`);
  const z = new Float64Array(total);
  let offset = 0;
  for (const s of sortedSamples) {
    z.set(s, offset);
    offset += s.length;
  }
  z.sort();
  // Distinct values, their tie counts lj and midranks Bj = (number below) + lj / 2, as scipy's searchsorted calls give them.
  const distinct: number[] = [];
  const ties: number[] = [];
  const midranks: number[] = [];
  for (let i = 0; i < total; ) {
    let j = i + 1;
    while (j < total && z[j] === z[i]) j++;
    distinct.push(z[i]);
    ties.push(j - i);
    midranks.push(i + (j - i) / 2);
    i = j;
  }
  if (distinct.length < 2) throw new RangeError('the Anderson-Darling k-sample test needs more than one distinct observation');
  // scipy uses the scalar lj = 1 when there are no ties: the same arithmetic as an array of ones.
  const a2kn = midrankA2(sortedSamples, Float64Array.from(distinct), Float64Array.from(ties), Float64Array.from(midranks), total);

  // Variance of A2kN under the null (Scholz & Stephens eq. 4), term by term in scipy's order.
  const invN = new Float64Array(k);
  sortedSamples.forEach((s, i) => (invN[i] = 1 / s.length));
  const hH = pairwiseSum(invN);
  const hsCs = new Float64Array(total - 2);
  let acc = 0;
  for (let i = 0; i < total - 2; i++) {
    acc += 1 / (total - 1 - i);
    hsCs[i] = acc;
  }
  const h = hsCs[total - 3] + 1;
  const gTerms = new Float64Array(total - 2);
  for (let i = 0; i < total - 2; i++) gTerms[i] = hsCs[i] / (i + 2);
  const g = pairwiseSum(gTerms);
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * hH;
  const b = (2 * g - 4) * (k * k) + 8 * h * k + (2 * g - 14 * h - 4) * hH - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * (k * k) + (4 * h - 4 * g + 6) * k + (2 * h - 6) * hH + 4 * h;
  const d = (2 * h + 6) * (k * k) - 4 * h * k;
  const sigmaSq = (a * (total * total * total) + b * (total * total) + c * total + d) / ((total - 1) * (total - 2) * (total - 3));
  const m = k - 1;
  const statistic = (a2kn - m) / Math.sqrt(sigmaSq);

  const criticalValues = B0.map((b0, i) => b0 + B1[i] / Math.sqrt(m) + B2[i] / m);
  const pValueCapped = statistic < Math.min(...criticalValues);
  const pValueFloored = !pValueCapped && statistic > Math.max(...criticalValues);
  let pValue: number;
  if (pValueCapped) pValue = 0.25;
  else if (pValueFloored) pValue = 0.001;
  else {
    // scipy interpolates log(significance) by a least-squares quadratic in the critical values (np.polyfit, np.polyval).
    const [p2, p1, p0] = quadraticFit(criticalValues, ANDERSON_SIGNIFICANCE_LEVELS.map(Math.log));
    pValue = Math.exp((p2 * statistic + p1) * statistic + p0);
  }
  return { statistic, criticalValues, pValue, pValueCapped, pValueFloored };
}
