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
 * The frame for a column from its reference and every current-side sample the report will draw (the whole current
 * data and, for per-version windows, each version), so all of them fit the same edges or category list.
 */
export function histogramFrame(reference: ColumnSample, currents: readonly ColumnSample[]): HistogramFrame {
  if (reference.kind === 'numeric') {
    const numbers = currents.flatMap((c) => (c.kind === 'numeric' ? [c.values] : []));
    const edges = numericEdges([reference.values, ...numbers]);
    const referenceCounts = Array.from(histogramCounts(reference.values, edges));
    const edgeList = Array.from(edges);
    return {
      histogram: (current) => ({ kind: 'numeric', edges: edgeList, reference: referenceCounts, current: current.kind === 'numeric' ? Array.from(histogramCounts(current.values, edges)) : [] }),
    };
  }
  const referenceCounts = reference.counts ?? countCategories(reference.values);
  const totals = new Map(referenceCounts);
  for (const c of currents) if (c.kind === 'categorical') for (const [k, n] of c.counts ?? countCategories(c.values)) totals.set(k, (totals.get(k) ?? 0) + n);
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
 * Edges over the union range of finite values: one bin per integer when every value is an integer and there are at
 * most HISTOGRAM_BINS of them (bars centred on the values, not split across bin edges), else HISTOGRAM_BINS equal
 * widths (numpy's linspace, as common-bins does); a single value gets one bin of width 1 around it, as numpy widens it.
 */
export function numericEdges(samples: readonly Float64Array[]): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  let integers = true;
  for (const values of samples) {
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (x < min) min = x;
      if (x > max) max = x;
      if (integers && !Number.isInteger(x)) integers = false;
    }
  }
  if (min === Infinity) return Float64Array.of(0, 1);
  if (min === max) return Float64Array.of(min - 0.5, max + 0.5);
  if (integers && max - min < HISTOGRAM_BINS) return Float64Array.from({ length: max - min + 2 }, (_, i) => min - 0.5 + i);
  const step = (max - min) / HISTOGRAM_BINS;
  const edges = Float64Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => i * step + min);
  edges[HISTOGRAM_BINS] = max;
  return edges;
}

function drawn(categories: readonly string[], counts: ReadonlyMap<string, number>, total: number): { counts: number[]; other: number } {
  const shown = categories.map((c) => counts.get(c) ?? 0);
  return { counts: shown, other: total - shown.reduce((s, n) => s + n, 0) };
}
