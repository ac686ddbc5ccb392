import { describe, expect, it } from 'vitest';
import { binFeatures, fitColumnThresholds, MISSING_BIN, RadixSorter, sortValues } from './gbdt-binning';
import { HistogramThreads } from './gbdt-histogram-threads';

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
  it("reuses a kept binning's thresholds for features whose sample is unchanged, and refits one whose sample changed to what a fresh fit gives", () => {
    const rows = 5_000;
    const features = 6;
    const X = Float64Array.from({ length: rows * features }, (_, i) => Math.round(Math.sin(i * 0.61) * 1e4) / 7);
    const first = binFeatures(X, rows, features, 255, { keep: true });
    // the next trial on the thread: the same rows, so every feature's thresholds are the kept ones themselves
    const again = binFeatures(X, rows, features, 255, { keep: true });
    for (let f = 0; f < features; f++) expect(again.thresholds[f]).toBe(first.thresholds[f]);
    // one value of feature 4 changed (row 0 is in every sample): feature 4 is refitted, the others still reused
    const changed = X.slice();
    changed[4] = 1e9;
    const third = binFeatures(changed, rows, features, 255, { keep: true });
    const fresh = binFeatures(changed, rows, features, 255);
    for (let f = 0; f < features; f++) {
      if (f === 4) expect(third.thresholds[f]).not.toBe(first.thresholds[f]);
      else expect(third.thresholds[f]).toBe(first.thresholds[f]);
      expect(third.thresholds[f]).toEqual(fresh.thresholds[f]);
    }
    // another maxBins is another binning
    const coarse = binFeatures(changed, rows, features, 16, { keep: true });
    for (let f = 0; f < features; f++) expect(coarse.thresholds[f]).toEqual(binFeatures(changed, rows, features, 16).thresholds[f]);
  });

  it('keeps no binning whose samples would pass 64 MB (wide data), so the next fit sorts again', () => {
    // 200,000 sampled rows x 42 features: 67 MB of samples
    const rows = 200_000;
    const features = 42;
    const X = Float64Array.from({ length: rows * features }, (_, i) => (i * 7919) % 1_000);
    const first = binFeatures(X, rows, features, 255, { keep: true });
    const again = binFeatures(X, rows, features, 255, { keep: true });
    expect(again.thresholds[0]).not.toBe(first.thresholds[0]);
    expect(again.thresholds[0]).toEqual(first.thresholds[0]);
  });

  it('sorts values by their bits into the same order as the built-in sort, -0 before +0, repeats and infinities included', () => {
    // mulberry32, so a failure reproduces
    let seed = 20_261_128;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
    };
    const special = [0, -0, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1, -1];
    const draws: (() => number)[] = [
      () => (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20),
      () => Math.round((random() - 0.5) * 100),
      () => special[Math.floor(random() * special.length)],
      () => Math.fround(random() * 3),
    ];
    const sorter = new RadixSorter(50_000);
    for (const length of [50_000, 20_000, 4_096]) {
      const values = Float64Array.from({ length }, () => draws[Math.floor(random() * draws.length)]());
      const expected = values.slice().sort();
      const sorted = sortValues(values, sorter);
      expect(sorted).toBe(values);
      expect(new Uint8Array(sorted.buffer)).toEqual(new Uint8Array(expected.buffer));
    }
    // one value repeated: every digit shared, so no pass moves anything
    const same = new Float64Array(10_000).fill(-2.5);
    expect(Array.from(new Set(sortValues(same, sorter)))).toEqual([-2.5]);
  });

  it('codes every value on two and three threads into exactly the bytes it codes alone, missing flags included', () => {
    const rows = 100_000;
    const features = 20;
    const X = new Float64Array(rows * features);
    for (let i = 0; i < X.length; i++) {
      const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
      const u = s - Math.floor(s);
      // features 0-4 never missing; the others now and then
      X[i] = i % features >= 5 && u < 0.05 ? NaN : Math.round(u * 1e4) / 7;
    }
    // A result lives in this thread's kernel memory until the next binning: keep copies.
    const snapshot = (threads: HistogramThreads | null) => {
      const b = binFeatures(X, rows, features, 255, { threads });
      return { codes: b.codes.slice(), byColumn: b.byColumn.slice(), hasMissing: b.hasMissing.slice(), thresholds: b.thresholds.map((t) => t.slice()) };
    };
    const alone = snapshot(null);
    expect(Array.from(alone.hasMissing.subarray(4, 6))).toEqual([0, 1]);
    for (const threadCount of [2, 3]) {
      const threads = HistogramThreads.start(alone.codes, features, threadCount);
      expect(threads?.isReady()).toBe(true);
      try {
        const got = snapshot(threads);
        // Buffer.compare: toEqual walks 2M codes one by one (15 s)
        expect([Buffer.compare(got.codes, alone.codes), Buffer.compare(got.byColumn, alone.byColumn)]).toEqual([0, 0]);
        expect({ hasMissing: got.hasMissing, thresholds: got.thresholds }).toEqual({ hasMissing: alone.hasMissing, thresholds: alone.thresholds });
      } finally {
        threads?.close();
      }
    }
  });
});
