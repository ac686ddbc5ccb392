import { describe, expect, it } from 'vitest';
import fixture from './fixtures/anderson-bins-fixtures.json';
import { alignCategoryCounts, commonHistograms, countCategories, histogramBinEdges, histogramCounts, MAX_BINS, type BinRule } from './common-bins';

// Checked against numpy 1.24's histogram_bin_edges on the union and histogram on those edges
// (fixtures/make-anderson-bins-fixtures.py). Edges follow numpy's arithmetic (percentile, estimator width, linspace),
// so they are held to 1e-9 relative; counts are integers and must be equal.
const TOLERANCE = 1e-9;

function binRule(bins: string | number): BinRule {
  if (bins === 'fd' || bins === 'sturges' || typeof bins === 'number') return bins;
  throw new Error(`unknown bin rule in the fixture: ${bins}`);
}

describe('common bins against numpy 1.24', () => {
  it.each(fixture.histograms.map((c) => [c.name, c] as const))('%s: edges and both counts match numpy.histogram', (_name, c) => {
    const ours = commonHistograms(c.reference, c.current, binRule(c.bins));
    expect(ours.edges.length).toBe(c.edges.length);
    c.edges.forEach((e, i) => expect(Math.abs(ours.edges[i] - e), `edge ${i}: ${ours.edges[i]} vs ${e}`).toBeLessThanOrEqual(TOLERANCE * Math.abs(e)));
    expect([...ours.reference]).toEqual(c.referenceCounts);
    expect([...ours.current]).toEqual(c.currentCounts);
    if (c.currentCountsFastPath !== null) expect([...ours.current]).toEqual(c.currentCountsFastPath);
  });

  it('counts a value on an inner edge in the bin to its right and the last edge in the last bin', () => {
    const edges = Float64Array.from([0, 1, 2]);
    expect([...histogramCounts([0, 0.5, 1, 1.5, 2], edges)]).toEqual([2, 3]);
  });

  it('leaves out values outside the edges, as numpy does', () => {
    expect([...histogramCounts([-1, 0.5, 3], Float64Array.from([0, 1, 2]))]).toEqual([1, 0]);
  });

  it('refuses a bin count that is not a positive integer and an estimator asking for more than MAX_BINS bins', () => {
    expect(() => histogramBinEdges([1, 2], 0)).toThrow(RangeError);
    expect(() => histogramBinEdges([1, 2], 2.5)).toThrow(RangeError);
    const outlier = [...Array.from({ length: 1000 }, (_v, i) => i * 1e-9), 1e9];
    expect(() => histogramBinEdges(outlier, 'fd')).toThrow(new RegExp(`more than ${MAX_BINS}`));
  });
});

describe('category alignment over the union of categories', () => {
  it.each(fixture.categories.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const ours = alignCategoryCounts(countCategories(c.reference), countCategories(c.current));
    expect(ours.categories).toEqual(c.categories);
    expect([...ours.reference]).toEqual(c.referenceCounts);
    expect([...ours.current]).toEqual(c.currentCounts);
    expect(ours.onlyInCurrent).toEqual(c.onlyInCurrent);
  });

  it('keeps numbers and their string forms as different categories', () => {
    const ours = alignCategoryCounts(countCategories<string | number>([1, '1']), countCategories<string | number>([1]));
    expect(ours.categories).toEqual([1, '1']);
    expect([...ours.current]).toEqual([1, 0]);
  });
});
