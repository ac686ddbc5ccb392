// Per-node gradient histograms: for every feature and bin, the sums of gradients and hessians and the row count
// (summed by the kernel in gbdt-histogram-wasm.ts; the cheap per-node steps around it stay here).
import { BINS_PER_FEATURE } from './gbdt-binning';

/** Slots per bin: [gradient sum, hessian sum, count], interleaved so one bin's update touches one cache line. */
export const SLOT = 3;
const FEATURE_SPAN = BINS_PER_FEATURE * SLOT;

export function histogramLength(features: number): number {
  return features * FEATURE_SPAN;
}
