// The standard normal's erf, CDF and log-CDF, and the truncated normal's quantile and log-density that the Parzen estimators draw from.

// JavaScript has no Math.erf. These are FreeBSD msun's s_erf.c rational approximations (the same constants
// Optuna ports to numpy in samplers/_tpe/_erf.py), accurate to about one ulp, with erfc kept accurate in the tails.
const ERX = 8.45062911510467529297e-1;
const EFX = 1.28379167095512586316e-1;
const PP = [1.28379167095512558561e-1, -3.25042107247001499370e-1, -2.84817495755985104766e-2, -5.77027029648944159157e-3, -2.37630166566501626084e-5];
const QQ = [1, 3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3, 1.32494738004321644526e-4, -3.96022827877536812320e-6];
const PA = [-2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1, 3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2, -2.16637559486879084300e-3];
const QA = [1, 1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2, 1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.19844998467991074170e-2];
const RA = [-9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1, -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2, -8.12874355063065934246e1, -9.81432934416914548592];
const SA = [1, 1.96512716674392571292e1, 1.37657754143519042600e2, 4.34565877475229228821e2, 6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2, 6.57024977031928170135, -6.04244152148580987438e-2];
const RB = [-9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1, -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3, -4.83519191608651397019e2];
const SB = [1, 3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3, 3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2, -2.24409524465858183362e1];

function poly(c: readonly number[], x: number): number {
  let y = 0;
  for (let i = c.length - 1; i >= 0; i--) y = y * x + c[i];
  return y;
}

const view = new DataView(new ArrayBuffer(8));

/** exp(-x^2) / x * (1 + R/S) for x >= 1.25, i.e. erfc(x), splitting x^2 so the exponent keeps full precision */
function erfcTail(ax: number): number {
  const s = 1 / (ax * ax);
  const rs = ax < 1 / 0.35 ? poly(RA, s) / poly(SA, s) : poly(RB, s) / poly(SB, s);
  view.setFloat64(0, ax);
  view.setUint32(4, 0); // z = ax with the low 32 bits cleared, so z*z is exact
  const z = view.getFloat64(0);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + rs)) / ax;
}

export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -28) return x + EFX * x;
    const z = x * x;
    return x + x * (poly(PP, z) / poly(QQ, z));
  }
  if (ax < 1.25) return Math.sign(x) * (ERX + poly(PA, ax - 1) / poly(QA, ax - 1));
  if (ax >= 6) return Math.sign(x);
  return Math.sign(x) * (1 - erfcTail(ax));
}

export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 0.84375) return 1 - erf(x);
  if (ax < 1.25) {
    const pq = poly(PA, ax - 1) / poly(QA, ax - 1);
    return x >= 0 ? 1 - ERX - pq : 1 + ERX + pq;
  }
  if (ax < 28) return x > 0 ? erfcTail(ax) : 2 - erfcTail(ax);
  return x > 0 ? 0 : 2;
}

/** standard normal CDF, using erfc on the side where 0.5 + 0.5*erf would cancel */
export function ndtr(a: number): number {
  const x = a / Math.SQRT2;
  if (x < -Math.SQRT1_2) return 0.5 * erfc(-x);
  if (x < Math.SQRT1_2) return 0.5 + 0.5 * erf(x);
  return 1 - 0.5 * erfc(x);
}

/**
 * log of the standard normal CDF, as Optuna's _log_ndtr_single except that a > 0 goes through log1p of the upper
 * tail, keeping the precision that log(1 - tiny) (and Optuna's -tail beyond 6) gives up. Below -20 the CDF
 * underflows, so the asymptotic series takes over.
 */
export function logNdtr(a: number): number {
  if (a > 0) return Math.log1p(-ndtr(-a));
  if (a > -20) return Math.log(ndtr(a));
  const logLhs = -0.5 * a * a - Math.log(-a) - 0.5 * Math.log(2 * Math.PI);
  let last = 0;
  let rhs = 1;
  let numerator = 1;
  let denomFactor = 1;
  const denomCons = 1 / (a * a);
  let sign = 1;
  for (let i = 1; Math.abs(last - rhs) > Number.EPSILON; i++) {
    last = rhs;
    sign = -sign;
    denomFactor *= denomCons;
    numerator *= 2 * i - 1;
    rhs += sign * numerator * denomFactor;
  }
  return logLhs + Math.log(rhs);
}

function logAddExp(p: number, q: number): number {
  const m = Math.max(p, q);
  return m === -Infinity ? -Infinity : m + Math.log(Math.exp(p - m) + Math.exp(q - m));
}

/** log(exp(p) - exp(q)) for p >= q */
function logDiff(p: number, q: number): number {
  return p + Math.log1p(-Math.exp(q - p));
}

/** log of the standard normal mass in [a, b], computed in whichever tail keeps it accurate */
export function logGaussMass(a: number, b: number): number {
  if (b <= 0) return logDiff(logNdtr(b), logNdtr(a));
  if (a > 0) return logDiff(logNdtr(-a), logNdtr(-b));
  return Math.log1p(-ndtr(a) - ndtr(-b));
}

/** x with logNdtr(x) = y, by bisection on [-100, 100] (100 halvings reach double precision) */
function ndtriExp(y: number): number {
  let lo = -100;
  let hi = 100;
  let mid = 0;
  for (let i = 0; i < 100; i++) {
    mid = (lo + hi) / 2;
    if (logNdtr(mid) < y) lo = mid;
    else hi = mid;
  }
  return mid;
}

/** quantile q of the standard normal truncated to [a, b] */
export function truncnormPpf(q: number, a: number, b: number): number {
  if (q === 0) return a;
  if (q === 1) return b;
  const mass = logGaussMass(a, b);
  if (a < 0) return ndtriExp(logAddExp(logNdtr(a), Math.log(q) + mass));
  return -ndtriExp(logAddExp(logNdtr(-b), Math.log1p(-q) + mass));
}

/** log-density of the standard normal at x */
export function logPhi(x: number): number {
  return -(x * x) / 2 - 0.5 * Math.log(2 * Math.PI);
}

/** log-density at standardised x of the standard normal truncated to [a, b] */
export function truncnormLogPdf(x: number, a: number, b: number): number {
  if (x < a || x > b) return -Infinity;
  return logPhi(x) - logGaussMass(a, b);
}
