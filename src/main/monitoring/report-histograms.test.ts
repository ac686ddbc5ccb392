import { describe, expect, it } from 'vitest';
import type { ColumnSample } from './column-drift';
import { histogramCounts } from './common-bins';
import { histogramFrame, numericEdges, outline } from './report-histograms';

const edgesOf = (...samples: Float64Array[]) => numericEdges(samples.map((values) => outline({ kind: 'numeric', values, nulls: 0 })));

const numbers = (...values: number[]): ColumnSample => ({ kind: 'numeric', values: Float64Array.from(values), nulls: 0 });
const words = (...values: string[]): ColumnSample => ({ kind: 'categorical', values, nulls: 0 });

describe('numericEdges', () => {
  it('spans the union of every sample in 30 equal widths when values are many, the last edge exactly the maximum', () => {
    const edges = edgesOf(Float64Array.from({ length: 40 }, (_, i) => 0.5 + i * 0.03), Float64Array.of(-1, 8.25));
    expect(edges).toHaveLength(31);
    expect(edges[0]).toBe(-1);
    expect(edges[30]).toBe(8.25);
    expect(edges[1] - edges[0]).toBeCloseTo(9.25 / 30, 12);
  });

  it('gives integers with at most 30 values one unit bin centred on each, a single value one bin of width 1, and no values the bin [0, 1]', () => {
    expect(Array.from(edgesOf(Float64Array.of(-2, 0), Float64Array.of(1)))).toEqual([-2.5, -1.5, -0.5, 0.5, 1.5]);
    expect(edgesOf(Float64Array.from({ length: 31 }, (_, i) => i))).toHaveLength(31); // 31 integers: 30 equal widths
    expect(Array.from(edgesOf(Float64Array.of(4, 4)))).toEqual([3.5, 4.5]);
    expect(Array.from(edgesOf(new Float64Array(0)))).toEqual([0, 1]);
  });

  it('gives at most 30 distinct non-integer values one bar each, edges halfway between neighbours, whether or not a sample is sorted', () => {
    const sorted: ColumnSample = { kind: 'numeric', values: Float64Array.of(0.5, 0.5, 1.5, 4), nulls: 0, ascending: true };
    const edges = numericEdges([outline(sorted), outline(numbers(4, 2.5, 0.5))]);
    expect(Array.from(edges)).toEqual([0, 1, 2, 3.25, 4.75]);
    expect(Array.from(histogramCounts(Float64Array.of(0.5, 0.5, 1.5, 4, 2.5), edges))).toEqual([2, 1, 1, 1]);
    // 31 distinct values between them: back to 30 equal widths
    const many = Float64Array.from({ length: 31 }, (_, i) => i / 10);
    expect(numericEdges([outline(numbers(...many.slice(0, 16))), outline(numbers(...many.slice(16)))])).toHaveLength(31);
  });
});

describe('histogramFrame', () => {
  it('counts every numeric sample on the same edges, the reference counted once, values at the last edge in the last bin', () => {
    const frame = histogramFrame(numbers(0, 1, 2, 3), [numbers(3, 9), numbers(12)]);
    const a = frame.histogram(numbers(3, 9));
    const b = frame.histogram(numbers(12));
    if (a.kind !== 'numeric' || b.kind !== 'numeric') throw new Error('numeric frames give numeric histograms');
    expect(b.edges).toEqual(a.edges);
    expect(a.edges).toEqual(Array.from({ length: 14 }, (_, i) => i - 0.5));
    expect(a.reference).toEqual(Array.from(histogramCounts(Float64Array.of(0, 1, 2, 3), Float64Array.from(a.edges))));
    expect(b.current.at(-1)).toBe(1);
    expect(a.current.reduce((s, n) => s + n, 0)).toBe(2);
  });

  it('fits the edges to an outline of a sample it was not given, and a category list to outlined counts', () => {
    const frame = histogramFrame(numbers(0, 1), [numbers(2), { kind: 'numeric', min: -100, max: 50, integers: true, distinct: null }]);
    const h = frame.histogram(numbers(-100, 50));
    if (h.kind !== 'numeric') throw new Error('numeric frames give numeric histograms');
    expect([h.edges[0], h.edges.at(-1), h.edges.length]).toEqual([-100, 50, 31]);
    expect([h.current[0], h.current[30 - 1]]).toEqual([1, 1]);
    const words3 = histogramFrame(words('a'), [{ kind: 'categorical', counts: new Map([['z', 5]]) }]).histogram(words('a', 'z'));
    expect(words3).toMatchObject({ categories: ['z', 'a'], reference: [0, 1], current: [1, 1] });
  });

  it('keeps the 30 most frequent categories over reference and current sides, and sums the rest, categories of a later sample included, as other', () => {
    const reference = words(...Array.from({ length: 35 }, (_, i) => `r${String(i).padStart(2, '0')}`), 'r00', 'r00');
    const frame = histogramFrame(reference, [words('late', 'late', 'late')]);
    const h = frame.histogram(words('late', 'r34', 'unseen'));
    if (h.kind !== 'categorical') throw new Error('categorical frames give categorical histograms');
    // 'late' (3) and 'r00' (3) first, by name; then 28 of the single-count categories by name
    expect(h.categories.slice(0, 3)).toEqual(['late', 'r00', 'r01']);
    expect(h.categories).toHaveLength(30);
    expect(h.reference.reduce((s, n) => s + n, 0) + h.otherReference).toBe(37);
    expect(h).toMatchObject({ otherReference: 6, current: [1, ...Array<number>(29).fill(0)], otherCurrent: 2 });
  });
});
