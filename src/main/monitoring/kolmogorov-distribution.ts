// Survival function of the two-sided one-sample Kolmogorov-Smirnov statistic D_n (scipy 1.10's kstwo.sf), which
// ks_2samp's asymptotic method evaluates at n = round(n1*n2/(n1+n2)).

// scipy's _ksstats.py rescales by 2^128 to keep intermediate products inside double range.
const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;
const MIN_LOG = -745.13321910194110842; // cephes MINLOG: exp() of anything smaller underflows
const SQRT2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const MIN_PELZ_GOOD_LOG = -708;
const PI2 = Math.PI ** 2;
const PI4 = Math.PI ** 4;
const PI6 = Math.PI ** 6;
// B_{2j}/(2j)/(2j-1) for j = 8..1, the Stirling series scipy uses for log(n!/n^n).
const STIRLING = [
  -2.955065359477124183e-2, 6.4102564102564102564e-3, -1.9175269175269175269e-3, 8.4175084175084175084e-4,
  -5.952380952380952381e-4, 7.9365079365079365079e-4, -2.7777777777777777778e-3, 8.3333333333333333333e-2,
];

const clip01 = (p: number): number => Math.min(Math.max(p, 0), 1);

/** x * 2^e without overflowing or underflowing on the way (2^e alone may not be representable). */
function ldexp(x: number, e: number): number {
  let r = x;
  let k = e;
  for (; k > 512; k -= 512) r *= 2 ** 512;
  for (; k < -512; k += 512) r *= 2 ** -512;
  return r * 2 ** k;
}

function logNFactorialDivNPowN(n: number): number {
  const rn = 1 / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * (rn / n) + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Dekker's split of a double into two halves whose products are exact. */
function split(a: number): [number, number] {
  const c = 134217729 * a;
  const hi = c - (c - a);
  return [hi, a - hi];
}

/**
 * floor(n*x) and its fractional part from the exact product, as cephes' modNX does in double-double: the rounded
 * product may land on an integer (30 * 0.1 === 3) when the exact one is just above it, which changes the sum's range.
 */
function floorAndFraction(n: number, x: number): [number, number] {
  const p = n * x;
  const [nh, nl] = split(n);
  const [xh, xl] = split(x);
  const err = nh * xh - p + nh * xl + nl * xh + nl * xl;
  let fl = Math.floor(p);
  let alpha = p - fl + err;
  if (alpha < 0) {
    fl -= 1;
    alpha += 1;
  }
  return alpha >= 1 ? [fl + 1, 0] : [fl, alpha];
}

/**
 * One-sided Smirnov survival P(D_n+ >= x), cephes smirnov() as scipy 1.10 ships it, with its special cases. Its
 * general case sums the Birnbaum-Tingey/Smirnov lower series in double-double; here each term is formed in logs
 * (log1p for the (1-x-v/n) base), which keeps about 1e-12 relative on the p-values kstwo asks of it (measured up to
 * n = 150,000 against scipy and a 40-digit mpmath sum). Where cephes sums the few upper terms instead (x <= 0.5/sqrt(n),
 * never reached from kstwo) the lower series gives the same value.
 */
export function smirnovSf(n: number, x: number): number {
  if (n === 1) return 1 - x;
  if (x === 0) return 1;
  if (x === 1) return 0;
  const [nxfl, alpha] = floorAndFraction(n, x);
  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) return clip01(1 - x * (1 + x) ** (n - 1));
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxfl >= n - 1) return clip01((1 - x) ** n);
  if (n > 1_000_000) {
    // cephes' approximation p ~ exp(-(6nx+1)^2 / 18n) beyond the sizes it computes exactly
    const logp = -((6 * n * x + 1) ** 2) / 18 / n;
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp));
  }
  const nTerms = n - nxfl - (alpha === 0 ? 2 : 1) + 1;
  let sum = (1 - x) ** n / x;
  // log C(n, v) runs into the thousands for large n; carrying its rounding error (Neumaier) keeps 1e-12 relative
  // where a plain running sum drifted to 1e-9 at n = 1e5.
  let logC = Math.log(n);
  let logCErr = 0;
  for (let v = 1; v < nTerms; v++) {
    const term = Math.exp(logC + (n - v) * Math.log1p(-(x + v / n)) + (v - 1) * Math.log(x + v / n) + logCErr);
    sum += term;
    // cephes stops once the remaining terms cannot move the sum by an ulp
    if (4 * (nTerms - v) * term < Number.EPSILON * sum && v !== nTerms - 1) break;
    const step = Math.log((n - v) / (v + 1));
    const next = logC + step;
    logCErr += Math.abs(logC) >= Math.abs(step) ? logC - next + step : step - next + logC;
    logC = next;
  }
  return clip01(x * sum);
}

/** P(D_n <= d) by Durbin's matrix method as Marsaglia, Tsang and Wang compute it (scipy _kolmogn_DMTW). */
function cdfDurbinMatrix(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  v[m - 1] = (1 + (Math.max(2 * h - 1, 0) ** m - 2 * h ** m)) * fac;
  let hm: Float64Array[] = Array.from({ length: m }, () => new Float64Array(m));
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) hm[r][i] = w[r - i + 1];
  for (let r = 0; r < m; r++) hm[r][0] = v[r];
  for (let c = 0; c < m; c++) hm[m - 1][c] = v[m - 1 - c];
  let pw: Float64Array[] = Array.from({ length: m }, (_, r) => Float64Array.from({ length: m }, (_, c) => (r === c ? 1 : 0)));
  let expnt = 0;
  let hExpnt = 0;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      pw = matmul(pw, hm);
      expnt += hExpnt;
    }
    hm = matmul(hm, hm);
    hExpnt *= 2;
    if (Math.abs(hm[k - 1][k - 1]) > P128) {
      for (const row of hm) for (let c = 0; c < m; c++) row[c] /= P128;
      hExpnt += E128;
    }
  }
  let p = pw[k - 1][k - 1];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      expnt -= E128;
    }
  }
  return clip01(ldexp(p, expnt));
}

function matmul(a: Float64Array[], b: Float64Array[]): Float64Array[] {
  const m = a.length;
  const out = Array.from({ length: m }, () => new Float64Array(m));
  for (let r = 0; r < m; r++) {
    const ar = a[r];
    const or = out[r];
    for (let t = 0; t < m; t++) {
      const art = ar[t];
      if (art === 0) continue;
      const bt = b[t];
      for (let c = 0; c < m; c++) or[c] += art * bt[c];
    }
  }
  return out;
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilf - 1;
        j2 = n + ll + ceilf - 1;
      } else {
        j1 = half - 1 - ll - roundf - 1;
        j2 = half + ll - 1 + ceilf - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundf - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(D_n <= x) by Pomeranz's recursion (scipy _kolmogn_Pomeranz), for n <= 140 and moderate n*x^2. */
function cdfPomeranz(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilf = f > 0 ? 1 : 0;
  const roundf = f > 0.5 ? 1 : 0;
  const npwrs = 2 * (ll + 1);
  const gpower = new Float64Array(npwrs);
  const twogpower = new Float64Array(npwrs);
  const onem2gpower = new Float64Array(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1;
  const [gn, twoGn, oneM2gn] = [g / n, (2 * g) / n, (1 - 2 * g) / n];
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gn) / m;
    twogpower[m] = (twogpower[m - 1] * twoGn) / m;
    onem2gpower[m] = (onem2gpower[m - 1] * oneM2gn) / m;
  }
  let v0 = new Float64Array(npwrs);
  let v1 = new Float64Array(npwrs);
  v1[0] = 1;
  let v0s = 0;
  let v1s = 0;
  let expnt = 0;
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf);
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0s, v1s] = [v1s, v0s];
    v1.fill(0);
    [j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf);
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower;
    const ln2 = j2 - k1 + 1;
    if (ln2 > 0) {
      // the entries conv[j1-k1 .. j2-k1] of the full convolution of V0's window with the first ln2 powers
      // (numpy's slices stop at the row's end, so either factor may be shorter than ln2)
      const base = k1 - v0s;
      const la = Math.min(ln2, npwrs - base);
      const lb = Math.min(ln2, npwrs);
      for (let c = j1 - k1, out = 0; c <= j2 - k1; c++, out++) {
        let s = 0;
        for (let q = Math.max(0, c - lb + 1); q <= Math.min(c, la - 1); q++) s += v0[base + q] * pwrs[c - q];
        v1[out] = s;
      }
      let max = -Infinity;
      for (const e of v1) if (e > max) max = e;
      if (max > 0 && max < M128) {
        for (let q = 0; q < npwrs; q++) v1[q] *= P128;
        expnt -= E128;
      }
      v1s = v0s + j1 - k1;
    }
  }
  let ans = v1[n - v1s];
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > P128) {
      ans *= M128;
      expnt += E128;
    }
    ans *= m;
  }
  return clip01(ldexp(ans, expnt));
}

/** The Pelz-Good asymptotic series for P(D_n <= x) (scipy _kolmogn_PelzGood), for large n. */
function cdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const [z2, z3, z4, z6] = [z ** 2, z ** 3, z ** 4, z ** 6];
  const qlog = -PI2 / 8 / z2;
  if (qlog < MIN_PELZ_GOOD_LOG) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const kk = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1;
    const [m2, m4, m6] = [m ** 2, m ** 4, m ** 6];
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let r = 0; r < 4; r++) kk[r] = kk[r] * qpower + coeffs[r];
  }
  const div = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let r = 0; r < 4; r++) kk[r] = (kk[r] * q * SQRT2PI) / div[r];
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = Math.sqrt(3) * z;
  let k2extra = 0;
  let k3extra = 0;
  for (let k = maxk; k > 0; k--) {
    const qp = q ** (k * k);
    k2extra += k * k * qp;
    k3extra += (sqrt3z + Math.PI * k) * (sqrt3z - Math.PI * k) * k * k * qp;
  }
  kk[2] += k2extra * ((PI2 * SQRT2PI) / (-36 * z3));
  kk[3] += k3extra * ((PI2 * SQRT2PI) / (216 * z6));
  return kk[0] + kk[1] / n ** 0.5 + kk[2] / n + kk[3] / n ** 1.5;
}

/**
 * P(D_n >= x) for the two-sided statistic, choosing the method by Simard and L'Ecuyer's (2011) rules exactly as
 * scipy 1.10's _kolmogn does for the survival function. n is a positive integer, x finite.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben-Gambino: exact for 1/2n <= x <= 1/n
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else prob = Math.exp(logNFactorialDivNPowN(n) + n * Math.log(2 * t - 1));
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n);
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1 - cdfDurbinMatrix(n, x));
    if (nx2 <= 4) return clip01(1 - cdfPomeranz(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  const cdf = n <= 100000 && n * x ** 1.5 <= 1.4 ? cdfDurbinMatrix(n, x) : cdfPelzGood(n, x);
  return clip01(1 - cdf);
}
