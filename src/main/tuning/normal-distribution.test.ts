import { describe, expect, it } from 'vitest';
import optunaFixture from './fixtures/optuna-fixtures.json';
import { erf, erfc, logNdtr, ndtr, truncnormLogPdf, truncnormPpf } from './normal-distribution';

const { x, erf: erfRef, erfc: erfcRef, logNdtr: logNdtrRef } = optunaFixture.special;

/** Relative, except below 1e-300 where scipy flushes erfc(27) ~ 5e-319 to 0 and any subnormal counts as agreeing. */
function expectRelClose(actual: number, expected: number, rel: number, what: string): void {
  if (Math.abs(actual - expected) < 1e-300) return;
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  expect(Math.abs(actual - expected) / scale, `${what}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(rel);
}

describe('normal distribution functions', () => {
  it('match scipy.special erf, erfc and log_ndtr to 1e-12 relative, tails included', () => {
    x.forEach((v, i) => {
      expectRelClose(erf(v), erfRef[i], 1e-12, `erf(${v})`);
      expectRelClose(erfc(v), erfcRef[i], 1e-12, `erfc(${v})`);
      expectRelClose(logNdtr(v), logNdtrRef[i], 1e-12, `logNdtr(${v})`);
    });
  });

  it('inverts the truncated normal CDF: the ppf of q lands where the mass below is q', () => {
    for (const [a, b] of [[-1, 2], [0.5, 3], [-30, -29], [-2, 40]]) {
      for (const q of [0.01, 0.3, 0.5, 0.97]) {
        const z = truncnormPpf(q, a, b);
        expect(z).toBeGreaterThanOrEqual(a);
        expect(z).toBeLessThanOrEqual(b);
        if (a > -8) expect((ndtr(z) - ndtr(a)) / (ndtr(b) - ndtr(a))).toBeCloseTo(q, 9);
      }
    }
  });

  it('gives the truncated density zero outside its interval and integrates to one inside', () => {
    expect(truncnormLogPdf(3, -1, 2)).toBe(-Infinity);
    let mass = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) mass += Math.exp(truncnormLogPdf(-1 + (3 * (i + 0.5)) / n, -1, 2)) * (3 / n);
    expect(mass).toBeCloseTo(1, 6);
  });
});
