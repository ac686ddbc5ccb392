// Per-node gradient histograms: for every feature and bin, the sums of gradients and hessians and the row count.
import { BINS_PER_FEATURE, type BinnedFeatures } from './gbdt-binning';

/** Slots per bin: [gradient sum, hessian sum, count], interleaved so one bin's update touches one cache line. */
export const SLOT = 3;
const FEATURE_SPAN = BINS_PER_FEATURE * SLOT;

export function histogramLength(features: number): number {
  return features * FEATURE_SPAN;
}

/**
 * Histogram of the rows idx[start..end) (all rows in order for the root: pass idx = null).
 * gradHess interleaves each row's gradient and hessian ([g0, h0, g1, h1, ...]) so one row costs one read of
 * them; the row's codes are adjacent too, so a scattered node still reads each row from a single cache line.
 */
export function buildHistogram(
  data: BinnedFeatures,
  idx: Uint32Array | null,
  start: number,
  end: number,
  gradHess: Float32Array,
  hist: Float64Array,
): void {
  hist.fill(0);
  const { codes, features } = data;
  // Four features per step: independent bins let the CPU overlap their read-add-writes (about 10% faster, measured).
  const unrolled = features & ~3;
  const span = FEATURE_SPAN;
  for (let i = start; i < end; i++) {
    const r = idx ? idx[i] : i;
    const g = gradHess[2 * r];
    const h = gradHess[2 * r + 1];
    const row = r * features;
    let f = 0;
    let base = 0;
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
    for (; f < features; f++, base += span) {
      const b = base + codes[row + f] * SLOT;
      hist[b] += g;
      hist[b + 1] += h;
      hist[b + 2] += 1;
    }
  }
}

/** parent -= child, in place: the parent's buffer becomes the sibling's histogram without touching its rows. */
export function subtractHistogram(parent: Float64Array, child: Float64Array): void {
  for (let i = 0; i < parent.length; i++) parent[i] -= child[i];
}
