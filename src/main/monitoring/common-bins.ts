// Reference and current data counted on common bins (numbers) or over the union of their categories, for drift tests.

/** 'fd' (Freedman-Diaconis) or 'sturges' as numpy's bin estimators name them, or a fixed number of equal-width bins. */
export type BinRule = 'fd' | 'sturges' | number;

/** Counts of both samples on the same edges; bin i holds edges[i] <= x < edges[i + 1], the last bin also x = its right edge. */
export interface CommonHistogram {
  edges: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/** Counts of both samples over the union of their categories: the reference's in order of appearance, then new ones. */
export interface AlignedCategories<K> {
  categories: K[];
  reference: Float64Array;
  current: Float64Array;
  /** true for a category the reference never has (Evidently drops these silently; the report names them) */
  onlyInCurrent: boolean[];
}

/**
 * More bins than this is refused: an estimator's width on an outlier-heavy column (a tiny interquartile range, a huge
 * range) can ask for millions of bins, which numpy would allocate; a drift report has no use for them.
 */
export const MAX_BINS = 100_000;

/** numpy.percentile(sorted, q) with the default 'linear' method, as numpy 1.24's _quantile and _lerp compute it. */
function percentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  const virtual = (n - 1) * (q / 100);
  // numpy moves both neighbours to the last value (index -1) at or past the end, and takes gamma from that index.
  const atEnd = virtual >= n - 1;
  const previous = atEnd ? n - 1 : Math.floor(virtual);
  const next = atEnd ? n - 1 : previous + 1;
  const gamma = virtual - (atEnd ? -1 : previous);
  const a = sorted[previous];
  const b = sorted[next];
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

/** Bin width of numpy's estimator on sorted, non-empty values (_hist_bin_fd, _hist_bin_sturges). */
function estimatorWidth(sorted: Float64Array, rule: 'fd' | 'sturges'): number {
  const n = sorted.length;
  if (rule === 'fd') return 2.0 * (percentile(sorted, 75) - percentile(sorted, 25)) * n ** (-1.0 / 3.0);
  return (sorted[n - 1] - sorted[0]) / (Math.log2(n) + 1.0);
}

/** numpy.histogram_bin_edges(values, bins) for finite values: equal-width edges over [min, max], widened by 0.5 when min = max. */
export function histogramBinEdges(values: Float64Array | readonly number[], bins: BinRule): Float64Array {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let first = n === 0 ? 0 : sorted[0];
  let last = n === 0 ? 1 : sorted[n - 1];
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let count: number;
  if (typeof bins === 'number') {
    if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`the number of bins must be a positive integer, got ${bins}`);
    count = bins;
  } else {
    const width = n === 0 ? 0 : estimatorWidth(sorted, bins);
    // numpy falls back to one bin when the width is zero (an interquartile range of zero, a single distinct value).
    count = width ? Math.ceil((last - first) / width) : 1;
  }
  if (count > MAX_BINS) throw new RangeError(`${bins} binning asks for ${count} bins, more than ${MAX_BINS}`);
  // numpy.linspace(first, last, count + 1): i * step + first, then the exact last edge.
  const step = (last - first) / count;
  const edges = new Float64Array(count + 1);
  for (let i = 0; i < count; i++) edges[i] = i * step + first;
  edges[count] = last;
  return edges;
}

/** numpy.histogram(values, bins=edges) for finite values and increasing edges; values outside the edges are not counted. */
export function histogramCounts(values: Float64Array | readonly number[], edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const lastEdge = edges[bins];
  for (const x of values) {
    if (x < edges[0] || x > lastEdge) continue;
    // numpy's searchsorted rule: the last edge i with edges[i] <= x, and x = the last edge goes to the last bin.
    let lo = 0;
    let hi = bins;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (edges[mid] <= x) lo = mid;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

/** Both samples counted on edges numpy would choose for their union, so their histograms compare bin by bin. */
export function commonHistograms(reference: Float64Array | readonly number[], current: Float64Array | readonly number[], bins: BinRule): CommonHistogram {
  const union = new Float64Array(reference.length + current.length);
  union.set(reference);
  union.set(current, reference.length);
  const edges = histogramBinEdges(union, bins);
  return { edges, reference: histogramCounts(reference, edges), current: histogramCounts(current, edges) };
}

/** Occurrences of each category, in order of first appearance (a Map, so names like `constructor` are plain keys). */
export function countCategories<K>(values: Iterable<K>): Map<K, number> {
  const counts = new Map<K, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** Reference and current counts over the union of categories, zero where a side lacks one, new categories flagged. */
export function alignCategoryCounts<K>(reference: ReadonlyMap<K, number>, current: ReadonlyMap<K, number>): AlignedCategories<K> {
  const categories = [...reference.keys(), ...[...current.keys()].filter((c) => !reference.has(c))];
  return {
    categories,
    reference: Float64Array.from(categories, (c) => reference.get(c) ?? 0),
    current: Float64Array.from(categories, (c) => current.get(c) ?? 0),
    onlyInCurrent: categories.map((c) => !reference.has(c)),
  };
}
