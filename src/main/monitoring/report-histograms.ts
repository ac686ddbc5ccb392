// The histograms a drift report draws: one frame per column (numeric edges or a category list) fixed once, so the whole-report histogram and every window's count on the same bins.
import type { DriftHistogram } from '../../shared/monitoring';
import type { ColumnSample } from './column-drift';
import { countCategories, histogramCounts } from './common-bins';

/** Equal-width bins on the union range of numbers, and categories drawn before the rest are summed as "other". */
export const HISTOGRAM_BINS = 30;
export const HISTOGRAM_CATEGORIES = 30;

/** Fixed bins for one column: counts any sample of it, with the reference's counts computed once. */
export interface HistogramFrame {
  histogram(current: ColumnSample): DriftHistogram;
}

/**
 * What a frame needs of a sample it must fit: the range and integer-ness of its numbers and, when it has at most
 * HISTOGRAM_BINS of them, its distinct values ascending (else null); or its category counts.
 */
export type SampleOutline = { kind: 'numeric'; min: number; max: number; integers: boolean; distinct: number[] | null } | { kind: 'categorical'; counts: ReadonlyMap<string, number> };

/** A sample's outline, so a report can fit a frame to a large sample it has already let go of (one version of many). */
export function outline(sample: ColumnSample): SampleOutline {
  if (sample.kind === 'categorical') return { kind: 'categorical', counts: sample.counts ?? countCategories(sample.values) };
  const values = sample.values;
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x < min) min = x;
    if (x > max) max = x;
    if (integers && !Number.isInteger(x)) integers = false;
  }
  return { kind: 'numeric', min, max, integers, distinct: fewDistinct(values, sample.ascending === true) };
}

/** The distinct values ascending while there are at most HISTOGRAM_BINS, null past that (a sorted sample needs no Set). */
function fewDistinct(values: Float64Array, ascending: boolean): number[] | null {
  if (ascending) {
    const distinct: number[] = [];
    for (let i = 0; i < values.length; i++) {
      if (i > 0 && values[i] === values[i - 1]) continue;
      if (distinct.push(values[i]) > HISTOGRAM_BINS) return null;
    }
    return distinct;
  }
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    seen.add(values[i]);
    if (seen.size > HISTOGRAM_BINS) return null;
  }
  return [...seen].sort((a, b) => a - b);
}

/**
 * The frame for a column from its reference and every current-side sample the report will draw that is not a subset
 * of another (the whole current data and, for per-version windows, each other version; as samples or outlines), so
 * all of them fit the same edges or category list.
 */
export function histogramFrame(reference: ColumnSample, currents: readonly (ColumnSample | SampleOutline)[]): HistogramFrame {
  const outlines = currents.map((c) => ('values' in c ? outline(c) : c));
  if (reference.kind === 'numeric') {
    const edges = numericEdges([outline(reference), ...outlines]);
    const referenceCounts = Array.from(histogramCounts(reference.values, edges));
    const edgeList = Array.from(edges);
    return {
      histogram: (current) => ({ kind: 'numeric', edges: edgeList, reference: referenceCounts, current: current.kind === 'numeric' ? Array.from(histogramCounts(current.values, edges)) : [] }),
    };
  }
  const referenceCounts = reference.counts ?? countCategories(reference.values);
  const totals = new Map(referenceCounts);
  for (const o of outlines) if (o.kind === 'categorical') for (const [k, n] of o.counts) totals.set(k, (totals.get(k) ?? 0) + n);
  // most frequent first over both sides, ties by name, so the same data always draws the same bars
  const categories = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, HISTOGRAM_CATEGORIES)
    .map(([k]) => k);
  const ref = drawn(categories, referenceCounts, reference.values.length);
  return {
    histogram(current) {
      const cur = current.kind === 'categorical' ? drawn(categories, current.counts ?? countCategories(current.values), current.values.length) : { counts: [], other: 0 };
      return { kind: 'categorical', categories, reference: ref.counts, current: cur.counts, otherReference: ref.other, otherCurrent: cur.other };
    },
  };
}

/**
 * Edges over the union range of the outlined numbers, every bar centred on a value where values are few: one unit
 * bin per integer when every value is an integer and their range spans at most HISTOGRAM_BINS; else, when all sides
 * together hold at most HISTOGRAM_BINS distinct values, one bin per value with edges halfway between neighbours;
 * else HISTOGRAM_BINS equal widths (numpy's linspace, as common-bins does). A single value gets one bin of width 1
 * around it, as numpy widens it; no values at all the bin [0, 1].
 */
export function numericEdges(outlines: readonly SampleOutline[]): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  let distinct: Set<number> | null = new Set<number>();
  for (const o of outlines) {
    if (o.kind !== 'numeric' || o.min > o.max) continue;
    if (o.min < min) min = o.min;
    if (o.max > max) max = o.max;
    integers &&= o.integers;
    if (distinct && o.distinct) for (const v of o.distinct) distinct.add(v);
    if (!o.distinct || (distinct && distinct.size > HISTOGRAM_BINS)) distinct = null;
  }
  if (min === Infinity) return Float64Array.of(0, 1);
  if (min === max) return Float64Array.of(min - 0.5, max + 0.5);
  if (integers && max - min < HISTOGRAM_BINS) return Float64Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  if (distinct) {
    const v = [...distinct].sort((a, b) => a - b);
    const k = v.length - 1;
    return Float64Array.from({ length: v.length + 1 }, (_, i) => (i === 0 ? v[0] - (v[1] - v[0]) / 2 : i === v.length ? v[k] + (v[k] - v[k - 1]) / 2 : (v[i - 1] + v[i]) / 2));
  }
  const step = (max - min) / HISTOGRAM_BINS;
  const edges = Float64Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => i * step + min);
  edges[HISTOGRAM_BINS] = max;
  return edges;
}

function drawn(categories: readonly string[], counts: ReadonlyMap<string, number>, total: number): { counts: number[]; other: number } {
  const shown = categories.map((c) => counts.get(c) ?? 0);
  return { counts: shown, other: total - shown.reduce((s, n) => s + n, 0) };
}
