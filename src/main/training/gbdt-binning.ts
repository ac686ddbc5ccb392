// Quantile binning of numeric features into uint8 codes, as scikit-learn 1.2's _BinMapper does, so boosting works on histograms.
import { codeBlock, type CodeTask, type HistogramThreads } from './gbdt-histogram-threads';
import { HistogramKernel, KernelMemory } from './gbdt-histogram-wasm';

/** Code of a missing (NaN) value; real values get codes 0 .. nonMissingBins - 1, at most 254. */
export const MISSING_BIN = 255;
/** Histogram slots per feature: up to 255 value bins and the missing bin. */
export const BINS_PER_FEATURE = 256;
/** sklearn fits its thresholds on a 200 000-row subsample: quantiles barely move, sorting gets 5x cheaper at 1M rows. */
const THRESHOLD_SAMPLE_ROWS = 200_000;
/**
 * Features whose sampled values one pass over the sampled rows gathers: a row's values share cache lines, so one pass
 * for 4 features instead of one each took 45 -> 22 ms at 1M x 20 (measured).
 */
const SAMPLE_FEATURES_A_PASS = 4;
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

/** Below this many values the built-in sort is as quick as setting up the radix passes. */
const RADIX_MIN_VALUES = 4_096;
/** The radix sort reads an f64's two u32 halves low word first. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Sorts NaN-free values in place into the order Float64Array.prototype.sort gives (-0 before +0), and returns them.
 * Large arrays go by an LSD radix sort on their bits (six digits of 10-11 bits): the built-in sort took 16-25 ms for each
 * feature's 200,000 sampled values, most of the binning (measured, 1M x 20); this takes 7. Two values in the
 * same place of both orders have the same bits, so the sorted arrays are identical.
 */
export function sortValues(values: Float64Array, sorter: RadixSorter = new RadixSorter(values.length)): Float64Array {
  if (values.length < RADIX_MIN_VALUES || !LITTLE_ENDIAN) return values.sort();
  sorter.sort(values);
  return values;
}

/** The radix sort's digits: [word (0: low, 1: high), shift, bits]; 11 bits keep the 2,048 write cursors of a pass in cache. */
const DIGITS: readonly (readonly [number, number, number])[] = [
  [0, 0, 11],
  [0, 11, 11],
  [0, 22, 10],
  [1, 0, 11],
  [1, 11, 11],
  [1, 22, 10],
];
const DIGIT_SLOTS = 2_048;
/** The sign bit of an f64's high word, read as an i32 (the sort keeps words as i32 so V8 never boxes them). */
const SIGN_BIT = -0x80000000;

/** The buffers of a radix sort of up to `capacity` f64 values, reused for every feature of a fit. */
export class RadixSorter {
  private hi: Int32Array;
  private lo: Int32Array;
  private hiSpare: Int32Array;
  private loSpare: Int32Array;
  /** one count per value of each digit, lowest digit first */
  private readonly counts = new Int32Array(DIGITS.length * DIGIT_SLOTS);

  constructor(capacity: number) {
    this.hi = new Int32Array(capacity);
    this.lo = new Int32Array(capacity);
    this.hiSpare = new Int32Array(capacity);
    this.loSpare = new Int32Array(capacity);
  }

  sort(values: Float64Array): void {
    const n = values.length;
    if (n > this.hi.length) throw new RangeError(`the sorter holds ${this.hi.length} values, got ${n}`);
    const words = new Int32Array(values.buffer, values.byteOffset, 2 * n);
    const { counts } = this;
    counts.fill(0);
    // Keys whose unsigned order is the numeric order: flip the sign bit of positives, every bit of negatives.
    for (let i = 0; i < n; i++) {
      const negative = words[2 * i + 1] < 0;
      const hi = words[2 * i + 1] ^ (negative ? -1 : SIGN_BIT);
      const lo = words[2 * i] ^ (negative ? -1 : 0);
      this.hi[i] = hi;
      this.lo[i] = lo;
      counts[lo & 0x7ff]++;
      counts[DIGIT_SLOTS + ((lo >>> 11) & 0x7ff)]++;
      counts[2 * DIGIT_SLOTS + (lo >>> 22)]++;
      counts[3 * DIGIT_SLOTS + (hi & 0x7ff)]++;
      counts[4 * DIGIT_SLOTS + ((hi >>> 11) & 0x7ff)]++;
      counts[5 * DIGIT_SLOTS + (hi >>> 22)]++;
    }
    for (let digit = 0; digit < DIGITS.length; digit++) {
      const [word, shift, bits] = DIGITS[digit];
      const base = digit * DIGIT_SLOTS;
      const mask = (1 << bits) - 1;
      // A digit every key shares moves nothing (often the low bits of rounded or integer data).
      let shared = false;
      let sum = 0;
      for (let d = base; d <= base + mask; d++) {
        const c = counts[d];
        if (c === n) shared = true;
        counts[d] = sum;
        sum += c;
      }
      if (shared) continue;
      const { hi, lo, hiSpare, loSpare } = this;
      const keys = word === 0 ? lo : hi;
      // Stable: equal digits keep the order of the previous passes.
      for (let i = 0; i < n; i++) {
        const to = counts[base + ((keys[i] >>> shift) & mask)]++;
        hiSpare[to] = hi[i];
        loSpare[to] = lo[i];
      }
      this.hi = hiSpare;
      this.lo = loSpare;
      this.hiSpare = hi;
      this.loSpare = lo;
    }
    for (let i = 0; i < n; i++) {
      const hi = this.hi[i];
      const positive = hi < 0;
      words[2 * i + 1] = hi ^ (positive ? SIGN_BIT : -1);
      words[2 * i] = this.lo[i] ^ (positive ? 0 : -1);
    }
  }
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
 * The samples and thresholds of the last binning on this thread that asked to keep them. A study's trials fit the same
 * training rows one after another on each trial thread, and sorting each feature's sample is most of binning, so a
 * sample equal to the kept one, value for value, takes the kept thresholds (the same function of the same values).
 */
let kept: { maxBins: number; samples: Float64Array[]; thresholds: Float64Array[] } | null = null;
/**
 * A binning keeps its samples only up to this many bytes of them: 200,000 sampled rows x 20 features is 32 MB, but
 * 40,000 TF-IDF rows x 740 features would be 237 MB a trial thread, more than its sort saves is worth.
 */
const KEEP_MAX_BYTES = 64 * 2 ** 20;

/** Whether the kept binning has this feature's sample, value for value (NaN never reaches a sample). */
function keptThresholds(f: number, sample: Float64Array, maxBins: number): Float64Array | null {
  const old = kept?.maxBins === maxBins ? kept.samples[f] : undefined;
  if (old === undefined || old.length !== sample.length) return null;
  for (let i = 0; i < sample.length; i++) if (old[i] !== sample[i]) return null;
  return kept!.thresholds[f];
}

export interface BinningOptions {
  /** histogram threads that code their share of each block of rows once they are up (the codes are the same either way) */
  threads?: HistogramThreads | null;
  /**
   * Keep this binning's samples and thresholds on this thread for the next call, and reuse the last kept thresholds of
   * any feature whose sample is the same: for a study's trials (costs a copy of the samples, 8 bytes a sampled value;
   * past KEEP_MAX_BYTES of them nothing is kept or reused).
   */
  keep?: boolean;
}

/**
 * Fits thresholds on (a systematic sample of) the row-major matrix X and codes every value. The codes live in this
 * thread's kernel memory, which the next call on the thread starts over (KernelMemory.forFit): a result is for one fit.
 */
export function binFeatures(X: Float64Array, rows: number, features: number, maxBins: number, options: BinningOptions = {}): BinnedFeatures {
  const { threads = null } = options;
  if (maxBins < 2 || maxBins > MISSING_BIN) throw new RangeError(`maxBins must be in [2, ${MISSING_BIN}], got ${maxBins}`);
  // Every k-th row rather than a random draw: deterministic without a seed, and still evenly spread when rows are sorted.
  const stride = Math.ceil(rows / THRESHOLD_SAMPLE_ROWS);
  const samples = Array.from({ length: Math.min(SAMPLE_FEATURES_A_PASS, features) }, () => new Float64Array(Math.ceil(rows / stride)));
  const keep = options.keep === true && 8 * samples[0].length * features <= KEEP_MAX_BYTES;
  const thresholds: Float64Array[] = [];
  // In the kernel's shared memory: the kernels read codes in place, on every histogram thread. The grower takes its
  // own blocks from the same memory.
  const memory = KernelMemory.forFit();
  // Edges padded with +Infinity to 255 slots a feature, so every search takes the same 8 halving steps.
  const edgesAt = memory.alloc(8 * MISSING_BIN * features);
  const nonMissingBins = new Int32Array(features);
  const sorter = samples[0].length >= RADIX_MIN_VALUES ? new RadixSorter(samples[0].length) : undefined;
  const keeping: Float64Array[] = [];
  for (let first = 0; first < features; first += samples.length) {
    const count = Math.min(samples.length, features - first);
    const sampled = sampleFeatures(X, rows, features, stride, first, samples.slice(0, count));
    for (let j = 0; j < count; j++) {
      const f = first + j;
      const sample = samples[j].subarray(0, sampled[j]);
      const reused = keep ? keptThresholds(f, sample, maxBins) : null;
      // copied before the sort sorts it in place: the kept sample is the unsorted one the next fit will compare
      if (keep) keeping.push(reused ? kept!.samples[f] : sample.slice());
      const edges = reused ?? fitColumnThresholds(sortValues(sample, sorter), maxBins);
      const slots = new Float64Array(memory.buffer, edgesAt + 8 * MISSING_BIN * f, MISSING_BIN).fill(Infinity);
      slots.set(edges);
      thresholds.push(edges);
      nonMissingBins[f] = edges.length + 1;
    }
  }
  if (keep) kept = { maxBins, samples: keeping, thresholds };
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
    const task: CodeTask = { values: valuesAt, count, features, edges: edgesAt, codes: codesAt + first * features, byColumn: byColumnAt, rows, firstRow: first, missing: missingAt };
    // The threads join in from the first block they are up for (a process's first fit from source starts them slower).
    if (threads?.isReady()) {
      threads.useMemory(memory.memory);
      threads.code(kernel, task);
    } else codeBlock(kernel, task, 0, 1);
  }
  return { rows, features, codes, memory, codesAt, byColumn, byColumnAt, thresholds, nonMissingBins, hasMissing: missing.slice() };
}

/**
 * Copies the non-missing values of every stride-th row (0, stride, 2 * stride...) of the features first, first + 1...
 * of X, one feature to each of `into`, in one pass over those rows; returns how many each got.
 */
function sampleFeatures(X: Float64Array, rows: number, features: number, stride: number, first: number, into: Float64Array[]): Int32Array {
  const counts = new Int32Array(into.length);
  for (let r = 0; r < rows; r += stride) {
    const at = r * features + first;
    for (let j = 0; j < into.length; j++) {
      const v = X[at + j];
      if (!Number.isNaN(v)) into[j][counts[j]++] = v;
    }
  }
  return counts;
}
