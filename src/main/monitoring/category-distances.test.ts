import { describe, expect, it } from 'vitest';
import { hellingerDistance, jensenShannonDistance, klDivergence, populationStabilityIndex, smoothEmptyBins } from './category-distances';
import { expectClose, fixture } from './fixtures/distance-fixture';

// Checked against scipy 1.10.1's jensenshannon and entropy and Evidently's PSI, smoothing and Hellinger formulas
// (fixtures/make-distance-fixtures.py), to 1e-9 relative.
describe('category distances against scipy and Evidently', () => {
  it.each(fixture.categories.map((c) => [c.name, c] as const))('%s: Jensen-Shannon, PSI, KL and Hellinger match', (_name, c) => {
    expectClose(jensenShannonDistance(c.reference, c.current), c.jensenShannon);
    expectClose(populationStabilityIndex(c.reference, c.current), c.psi);
    expectClose(klDivergence(c.reference, c.current), c.kl);
    expectClose(hellingerDistance(c.reference, c.current), c.hellinger);
  });

  it.each(fixture.categories.map((c) => [c.name, c] as const))('%s: empty bins are smoothed exactly as Evidently does', (_name, c) => {
    expect(Array.from(smoothEmptyBins(c.reference))).toEqual(c.referenceSmoothed);
    expect(Array.from(smoothEmptyBins(c.current))).toEqual(c.currentSmoothed);
  });

  it('fills empty bins with 1e-4 unless the smallest non-empty bin is at most 1e-4, then with a millionth of it', () => {
    expect(Array.from(smoothEmptyBins([0, 0.5, 0.5]))).toEqual([1e-4, 0.5, 0.5]);
    expect(Array.from(smoothEmptyBins([0, 1e-4, 1 - 1e-4]))).toEqual([1e-4 / 1e6, 1e-4, 1 - 1e-4]);
  });

  it('rejects a side whose bins are all empty instead of inventing proportions for it', () => {
    expect(() => smoothEmptyBins([0, 0, 0])).toThrow(RangeError);
  });

  it('gives Jensen-Shannon the same value for counts as for proportions, since scipy normalises both', () => {
    expectClose(jensenShannonDistance([10, 30], [5, 5]), jensenShannonDistance([0.25, 0.75], [0.5, 0.5]));
  });

  it('reaches the upper bounds √ln 2 (Jensen-Shannon) and 1 (Hellinger) on disjoint supports', () => {
    expectClose(jensenShannonDistance([1, 0], [0, 1]), Math.sqrt(Math.LN2));
    expectClose(hellingerDistance([1, 0], [0, 1]), 1);
  });

  it('rejects distributions over different numbers of bins', () => {
    expect(() => hellingerDistance([1], [0.5, 0.5])).toThrow(RangeError);
  });
});
