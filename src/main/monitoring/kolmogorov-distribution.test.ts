import { describe, expect, it } from 'vitest';
import fixture from './fixtures/ks-fixtures.json';
import { kolmogorovSf, smirnovSf } from './kolmogorov-distribution';

/** Relative, except where scipy's value is subnormal (below 1e-300) and carries only a few significant bits. */
function expectRelClose(actual: number, expected: number, rel: number, what: string): void {
  if (Math.abs(expected) < 1e-300 && Math.abs(actual) < 1e-300) return;
  expect(Math.abs(actual - expected), `${what}: ${actual} vs scipy ${expected}`).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('Kolmogorov-Smirnov distribution', () => {
  for (const k of fixture.kolmogorov) {
    it(`matches scipy 1.10 kstwo.sf and smirnov to 1e-9 relative at n = ${k.n}, x = ${k.x} (${k.branch})`, () => {
      expectRelClose(kolmogorovSf(k.n, k.x), k.sf, 1e-9, 'kstwo.sf');
      expectRelClose(smirnovSf(k.n, k.x), k.smirnov, 1e-9, 'smirnov');
    });
  }
});
