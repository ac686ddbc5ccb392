import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../training/splits';
import type { FeatureColumn } from '../training/model-types';
import { kmeansBackground } from './kmeans';

function numbers(column: FeatureColumn): Float64Array {
  if (column.kind !== 'numeric') throw new Error(`expected a numeric column, got ${column.kind}`);
  return column.values;
}

/** Three blobs of 50, 30 and 20 rows around (0, 0), (10, 100) and (-10, 200), with a site column per blob. */
function blobs(): FeatureColumn[] {
  const random = mulberry32(4);
  const centers = [[0, 0, 50], [10, 100, 30], [-10, 200, 20]];
  const a: number[] = [];
  const b: number[] = [];
  const site: (string | null)[] = [];
  centers.forEach(([ca, cb, n], blob) => {
    for (let i = 0; i < n; i++) {
      a.push(Math.round((ca + random() - 0.5) * 100) / 100);
      b.push(Math.round(cb + (random() - 0.5) * 10));
      // each blob has a majority site: north, south, and missing
      site.push(i % 5 === 4 ? 'east' : [`north`, `south`, null][blob]);
    }
  });
  return [
    { name: 'a', kind: 'numeric', values: Float64Array.from(a) },
    { name: 'b', kind: 'numeric', values: Float64Array.from(b) },
    { name: 'site', kind: 'categorical', values: site },
  ];
}

describe('kmeansBackground', () => {
  it('finds three separated blobs with weights equal to their shares, centroids near their centres', () => {
    const bg = kmeansBackground(blobs(), { k: 3, seed: 1 });
    const found = Array.from(bg.weights, (w, k) => ({ w, a: bg.columns[0].values[k], b: bg.columns[1].values[k], site: bg.columns[2].values[k] }));
    found.sort((x, y) => Number(x.b) - Number(y.b));
    expect(found.map((f) => f.w)).toEqual([0.5, 0.3, 0.2]);
    expect(found.map((f) => Math.round(Number(f.a)))).toEqual([0, 10, -10]);
    expect(found.map((f) => Math.round(Number(f.b) / 10) * 10)).toEqual([0, 100, 200]);
    expect(found.map((f) => f.site)).toEqual(['north', 'south', null]);
  });

  it('snaps every numeric centroid coordinate to a value the column really holds', () => {
    const data = blobs();
    const bg = kmeansBackground(data, { k: 5, seed: 2 });
    for (const j of [0, 1]) for (const v of numbers(bg.columns[j])) expect(Array.from(numbers(data[j]))).toContain(v);
    expect(bg.weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
  });

  it('returns the rows themselves, equally weighted, when there are no more rows than k', () => {
    const data: FeatureColumn[] = [{ name: 'x', kind: 'numeric', values: Float64Array.from([3, 1, 2]) }];
    expect(kmeansBackground(data, { k: 3, seed: 1 })).toEqual({ columns: data, weights: Float64Array.from([1 / 3, 1 / 3, 1 / 3]) });
  });

  it('is deterministic for a seed, clusters a sample of maxRows rows, and keeps missing values as missing only where a cluster has nothing else', () => {
    const data = blobs();
    expect(kmeansBackground(data, { k: 3, seed: 7 })).toEqual(kmeansBackground(data, { k: 3, seed: 7 }));
    const sampled = kmeansBackground(data, { k: 2, seed: 3, maxRows: 40 });
    // shares of 40 sampled rows, not of all 100
    for (const w of sampled.weights) expect(Math.abs(w * 40 - Math.round(w * 40))).toBeLessThan(1e-9);
    expect(Array.from(sampled.weights).some((w) => Math.abs(w * 100 - Math.round(w * 100)) > 1e-9)).toBe(true);
    const holes: FeatureColumn[] = [{ name: 'x', kind: 'numeric', values: Float64Array.from([1, NaN, 1.2, 50, 51, NaN, 1.1]) }];
    const bg = kmeansBackground(holes, { k: 2, seed: 1 });
    expect(numbers(bg.columns[0]).every((v) => !Number.isNaN(v))).toBe(true);
  });

  it('refuses k below 1 and empty data', () => {
    expect(() => kmeansBackground(blobs(), { k: 0, seed: 1 })).toThrow('k of at least 1');
    expect(() => kmeansBackground([{ name: 'x', kind: 'numeric', values: new Float64Array(0) }], { k: 2, seed: 1 })).toThrow('at least one row');
  });
});
