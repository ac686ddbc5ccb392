// Per-node gradient histograms: for every feature and bin, the sums of gradients and hessians and the row count.
import { BINS_PER_FEATURE } from './gbdt-binning';

/** Slots per bin: [gradient sum, hessian sum, count], interleaved so one bin's update touches one cache line. */
export const SLOT = 3;
const FEATURE_SPAN = BINS_PER_FEATURE * SLOT;

export function histogramLength(features: number): number {
  return features * FEATURE_SPAN;
}

/** One histogram build: a node's rows, their gradients, and which features to sum. */
export interface HistogramTask {
  /** row-major codes[r * features + f] */
  codes: Uint8Array;
  features: number;
  /** the node's rows are idx[start..end), ascending; null for the root, whose rows are all rows in order */
  idx: Uint32Array | null;
  start: number;
  end: number;
  /**
   * [g, h] of the node's rows in node order, ordered[2 * (i - start)] for row idx[i] (sklearn's ordered_gradients): each
   * thread then reads them as one forward stream. For the root, all rows' [g, h] as they are.
   */
  ordered: Float32Array;
  hist: Float64Array;
  /** the features [fromFeature, toFeature) to sum: threads split a node's features between them */
  fromFeature: number;
  toFeature: number;
}

/**
 * Histogram of the task's features. Row-major codes make one row's codes share a cache line, which made the scattered
 * rows of a node 1.5-2x faster to read than one column at a time (measured, 1M x 20). Every bin sums its rows in
 * ascending row order whoever builds which features, so a fit split across threads gives bit-identical sums.
 */
export function buildHistogram(t: HistogramTask): void {
  const { codes, features, idx, start, end, ordered, hist, fromFeature, toFeature } = t;
  const span = FEATURE_SPAN;
  hist.fill(0, fromFeature * span, toFeature * span);
  // Four features per step: independent bins let the CPU overlap their read-add-writes (about 10% faster, measured).
  const unrolled = fromFeature + ((toFeature - fromFeature) & ~3);
  for (let i = start, j = 0; i < end; i++, j += 2) {
    const g = ordered[j];
    const h = ordered[j + 1];
    const row = (idx === null ? i : idx[i]) * features;
    let f = fromFeature;
    let base = f * span;
    for (; f < unrolled; f += 4, base += 4 * span) {
      const b0 = base + codes[row + f] * SLOT;
      const b1 = base + span + codes[row + f + 1] * SLOT;
      const b2 = base + 2 * span + codes[row + f + 2] * SLOT;
      const b3 = base + 3 * span + codes[row + f + 3] * SLOT;
      hist[b0] += g;
      hist[b0 + 1] += h;
      hist[b0 + 2] += 1;
      hist[b1] += g;
      hist[b1 + 1] += h;
      hist[b1 + 2] += 1;
      hist[b2] += g;
      hist[b2 + 1] += h;
      hist[b2 + 2] += 1;
      hist[b3] += g;
      hist[b3 + 1] += h;
      hist[b3 + 2] += 1;
    }
    for (; f < toFeature; f++, base += span) {
      const b = base + codes[row + f] * SLOT;
      hist[b] += g;
      hist[b + 1] += h;
      hist[b + 2] += 1;
    }
  }
}

/** Copies the [g, h] pairs of the rows idx[start..end) into `ordered`, in that order (see HistogramTask.ordered). */
export function gatherGradients(gradHess: Float32Array, idx: Uint32Array, start: number, end: number, ordered: Float32Array): void {
  for (let i = start, j = 0; i < end; i++, j += 2) {
    const r = 2 * idx[i];
    ordered[j] = gradHess[r];
    ordered[j + 1] = gradHess[r + 1];
  }
}

/** parent -= child, in place: the parent's buffer becomes the sibling's histogram without touching its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}
