import { describe, expect, it } from 'vitest';
import { binFeatures, fitColumnThresholds, MISSING_BIN } from './gbdt-binning';

describe('gbdt binning', () => {
  it('puts bin edges midway between distinct values when there are few of them', () => {
    expect(Array.from(fitColumnThresholds(Float64Array.from([1, 1, 2, 4, 4, 4]), 255))).toEqual([1.5, 3]);
    expect(Array.from(fitColumnThresholds(Float64Array.from([7, 7]), 255))).toEqual([]);
  });

  it('uses at most maxBins bins, at quantiles, when values are all distinct', () => {
    const sorted = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const edges = fitColumnThresholds(sorted, 255);
    expect(edges.length).toBe(254);
    // numpy.percentile(arange(10000), linspace(0, 100, 256)[1:-1], method='midpoint') gives these
    expect([edges[0], edges[126], edges[253]]).toEqual([39.5, 4979.5, 9959.5]);
    for (let i = 1; i < edges.length; i++) expect(edges[i]).toBeGreaterThan(edges[i - 1]);
  });

  it('codes each value by the first upper edge at or above it, and NaN as the missing bin', () => {
    const X = Float64Array.from([3, 0.5, NaN, 1, 2, Infinity, -Infinity, 1.5]);
    const binned = binFeatures(X, 8, 1, 255);
    const edges = binned.thresholds[0];
    expect(Array.from(edges)).toEqual([-Number.MAX_VALUE, 0.75, 1.25, 1.75, 2.5, Number.MAX_VALUE]);
    expect(binned.hasMissing[0]).toBe(1);
    for (let r = 0; r < 8; r++) {
      const code = binned.codes[r];
      expect(binned.byColumn[r]).toBe(code);
      if (Number.isNaN(X[r])) expect(code).toBe(MISSING_BIN);
      else {
        if (code < edges.length) expect(X[r]).toBeLessThanOrEqual(edges[code]);
        if (code > 0) expect(X[r]).toBeGreaterThan(edges[code - 1]);
      }
    }
  });

  it('codes every cell of a matrix longer than one coding block as the count of its edges below it, and marks only features with NaN', () => {
    const rows = 20_000;
    const features = 3;
    const X = Float64Array.from({ length: rows * features }, (_, i) => {
      const f = i % features;
      if (f === 1 && i % 997 === 0) return NaN;
      return f === 2 ? Math.round(Math.sin(i) * 4) : Math.sin(i * 0.37) * 1e3;
    });
    const binned = binFeatures(X, rows, features, 255);
    expect(Array.from(binned.hasMissing)).toEqual([0, 1, 0]);
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < features; f++) {
        const v = X[r * features + f];
        const below = binned.thresholds[f].filter((edge) => edge < v).length;
        const code = binned.codes[r * features + f];
        expect(code).toBe(Number.isNaN(v) ? MISSING_BIN : below);
        expect(binned.byColumn[f * rows + r]).toBe(code);
      }
    }
  });

  it('keeps row-major and column-major codes of a wide matrix in agreement', () => {
    const rows = 50;
    const features = 3;
    const X = Float64Array.from({ length: rows * features }, (_, i) => Math.sin(i) * (i % features));
    const binned = binFeatures(X, rows, features, 16);
    expect(Math.max(...binned.nonMissingBins)).toBeLessThanOrEqual(16);
    for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) expect(binned.byColumn[f * rows + r]).toBe(binned.codes[r * features + f]);
  });
});
