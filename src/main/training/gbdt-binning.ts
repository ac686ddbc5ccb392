// Quantile binning of numeric features into uint8 codes, as scikit-learn 1.2's _BinMapper does, so boosting works on histograms.
import { HistogramKernel, KernelMemory } from './gbdt-histogram-wasm';

/** Code of a missing (NaN) value; real values get codes 0 .. nonMissingBins - 1, at most 254. */
export const MISSING_BIN = 255;
/** Histogram slots per feature: up to 255 value bins and the missing bin. */
export const BINS_PER_FEATURE = 256;
/** sklearn fits its thresholds on a 200 000-row subsample: quantiles barely move, sorting gets 5x cheaper at 1M rows. */
const THRESHOLD_SAMPLE_ROWS = 200_000;
/** Rows of X copied into the kernel memory at a time for coding (1.3 MB at 20 features): X itself stays where it is. */
const CODING_BLOCK_ROWS = 8_192;

export interface BinnedFeatures {
  rows: number;
  features: number;
  /**
   * Row-major codes[r * features + f]. Column-major would suit one thread per feature; single-threaded, a node's
   * rows are scattered, and one row's codes sharing a cache line made histograms 1.5-2x faster (measured, 1M x 20).
   */
  codes: Uint8Array;
  /** the shared memory the histogram kernel runs in; codes are its bytes [codesAt, codesAt + rows * features) */
  memory: KernelMemory;
  codesAt: number;
  /** the same codes column-major, byColumn[f * rows + r]: partitioning a node reads one feature of its ascending rows, a forward scan of one column */
  byColumn: Uint8Array;
  /** byColumn's offset in `memory` (the partition kernel reads it there) */
  byColumnAt: number;
  /** per feature, ascending upper edges: a value v has code b when v <= thresholds[b] and v > thresholds[b - 1] */
  thresholds: Float64Array[];
  /** thresholds[f].length + 1 */
  nonMissingBins: Int32Array;
  /** 1 where the feature had a NaN in the training rows: only then is routing missing values worth searching */
  hasMissing: Uint8Array;
}

/** Upper bin edges for one column's non-missing values: midpoints between distinct values, or between quantiles when there are more than maxBins. */
export function fitColumnThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  let distinct = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
  if (distinct <= maxBins) {
    const edges = new Float64Array(Math.max(0, distinct - 1));
    let e = 0;
    for (let i = 1; i < sorted.length; i++) if (sorted[i] !== sorted[i - 1]) edges[e++] = (sorted[i - 1] + sorted[i]) * 0.5;
    return finite(edges);
  }
  // numpy.percentile(..., method='midpoint') at the maxBins - 1 inner points of linspace(0, 100, maxBins + 1).
  const edges = new Float64Array(maxBins - 1);
  const last = sorted.length - 1;
  for (let i = 1; i < maxBins; i++) {
    const at = ((i * (100 / maxBins)) / 100) * last;
    const lo = Math.floor(at);
    edges[i - 1] = at === lo ? sorted[lo] : (sorted[lo] + sorted[Math.min(lo + 1, last)]) * 0.5;
  }
  return finite(edges);
}

/** Edges become tree thresholds, which must survive JSON (Infinity would turn into null); sklearn clips them too. */
function finite(edges: Float64Array): Float64Array {
  for (let i = 0; i < edges.length; i++) edges[i] = Math.min(Math.max(edges[i], -Number.MAX_VALUE), Number.MAX_VALUE);
  return edges;
}

/**
 * Fits thresholds on (a systematic sample of) the row-major matrix X and codes every value. The codes live in this
 * thread's kernel memory, which the next call on the thread starts over (KernelMemory.forFit): a result is for one fit.
 */
export function binFeatures(X: Float64Array, rows: number, features: number, maxBins: number): BinnedFeatures {
  if (maxBins < 2 || maxBins > MISSING_BIN) throw new RangeError(`maxBins must be in [2, ${MISSING_BIN}], got ${maxBins}`);
  // Every k-th row rather than a random draw: deterministic without a seed, and still evenly spread when rows are sorted.
  const stride = Math.ceil(rows / THRESHOLD_SAMPLE_ROWS);
  const sample = new Float64Array(Math.ceil(rows / stride));
  const thresholds: Float64Array[] = [];
  // In the kernel's shared memory: the kernels read codes in place, on every histogram thread. The grower takes its
  // own blocks from the same memory.
  const memory = KernelMemory.forFit();
  // Edges padded with +Infinity to 255 slots a feature, so every search takes the same 8 halving steps.
  const edgesAt = memory.alloc(8 * MISSING_BIN * features);
  const nonMissingBins = new Int32Array(features);
  for (let f = 0; f < features; f++) {
    let n = 0;
    for (let r = 0; r < rows; r += stride) {
      const v = X[r * features + f];
      if (!Number.isNaN(v)) sample[n++] = v;
    }
    const edges = fitColumnThresholds(sample.subarray(0, n).sort(), maxBins);
    const slots = new Float64Array(memory.buffer, edgesAt + 8 * MISSING_BIN * f, MISSING_BIN).fill(Infinity);
    slots.set(edges);
    thresholds.push(edges);
    nonMissingBins[f] = edges.length + 1;
  }
  const codesAt = memory.alloc(rows * features);
  const codes = new Uint8Array(memory.buffer, codesAt, rows * features);
  const byColumnAt = memory.alloc(rows * features);
  const byColumn = new Uint8Array(memory.buffer, byColumnAt, rows * features);
  const missingAt = memory.alloc(features);
  const missing = new Uint8Array(memory.buffer, missingAt, features).fill(0);
  const blockRows = Math.min(rows, CODING_BLOCK_ROWS);
  const valuesAt = memory.alloc(8 * blockRows * features);
  const values = new Float64Array(memory.buffer, valuesAt, blockRows * features);
  const kernel = new HistogramKernel(memory.memory);
  for (let first = 0; first < rows; first += blockRows) {
    const count = Math.min(blockRows, rows - first);
    values.set(X.subarray(first * features, (first + count) * features));
    kernel.code(valuesAt, count, features, edgesAt, codesAt + first * features, byColumnAt, rows, first, missingAt);
  }
  return { rows, features, codes, memory, codesAt, byColumn, byColumnAt, thresholds, nonMissingBins, hasMissing: missing.slice() };
}
