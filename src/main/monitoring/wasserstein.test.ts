import { describe, expect, it } from 'vitest';
import { expectClose, fixture } from './fixtures/distance-fixture';
import { normedWassersteinDistance, wassersteinDistance } from './wasserstein';

// Checked against scipy 1.10.1's wasserstein_distance and Evidently's normed variant (fixtures/make-distance-fixtures.py),
// to 1e-9 relative: the same sums of non-negative terms, in another order.
describe('Wasserstein distance against scipy.stats.wasserstein_distance', () => {
  it.each(fixture.samples.map((c) => [c.name, c] as const))('%s: distance and normed distance match', (_name, c) => {
    expectClose(wassersteinDistance(c.reference, c.current), c.wasserstein);
    expectClose(normedWassersteinDistance(c.reference, c.current), c.wassersteinNormed);
  });

  it('takes Float64Array and number[] alike and does not reorder the caller\'s samples', () => {
    const reference = Float64Array.of(3, 1, 2);
    const current = [2.5, 0.5];
    expect(wassersteinDistance(reference, current)).toBe(wassersteinDistance([3, 1, 2], Float64Array.of(2.5, 0.5)));
    expect(Array.from(reference)).toEqual([3, 1, 2]);
    expect(current).toEqual([2.5, 0.5]);
  });

  it('is symmetric in its samples, and the normed variant floors a constant reference\'s spread at 0.001', () => {
    const a = [0, 1, 2, 3];
    const b = [10, 10];
    expect(wassersteinDistance(a, b)).toBe(wassersteinDistance(b, a));
    expect(normedWassersteinDistance(b, a)).toBe(wassersteinDistance(a, b) / 0.001);
  });

  it('rejects an empty sample', () => {
    expect(() => wassersteinDistance([], [1])).toThrow(RangeError);
  });
});
