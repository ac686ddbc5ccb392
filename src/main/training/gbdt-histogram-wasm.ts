// The boosted trees' kernels (gbdt-histogram-wasm.wat: binning, histograms, partitions, leaf values, binary gradients
// and losses, coding rows and walking trees) and the one shared WebAssembly memory a fit's codes, row indices,
// gradients and histograms live in, so the grower's thread and every histogram thread run them on the same bytes.
import { fail } from '../../shared/errors';
import { HISTOGRAM_KERNEL_WASM } from './gbdt-histogram-wasm-bytes';

const PAGE_BYTES = 65_536;
/** wasm32 addresses at most 4 GiB. A shared memory reserves its maximum address space up front (not RSS), so it never moves. */
const MAX_PAGES = 65_536;
/** Histograms are read as f64x2 pairs: every block starts on a 16-byte boundary. */
const ALIGN = 16;

/**
 * How a build reads the codes. Row by row from the row-major codes, all of a node's features in one pass over its rows,
 * until the matrix outgrows the caches: from COLUMN_MIN_CELLS codes (8 MB), up to WIDE_FEATURES features a build sums
 * one feature at a time from the column-major codes, which keeps the feature's 6 KB of bins in L1 and reads one column
 * (buildColumns). 1M x 20 rows: 11.3-11.9 -> 8.2-8.4 s on one thread, 6.3-6.6 -> 4.5-4.6 s on two; 500,000 x 20:
 * 5.30-5.37 -> 4.74-4.86 s; but 300,000 x 20: 2.61-2.66 against 2.89-2.93 s, and 160,000 x 20 (a study's trial) 1.36-1.45
 * against 1.58-1.68 s, where the row-major matrix still fits and the per-row work (row number, gradients) is shared by
 * every feature. Past WIDE_FEATURES, rows are summed FEATURE_BLOCK features a pass: wide TF-IDF rows touched 740
 * features' bins (4.4 MB, every bin 0 a multiple of 2 KB apart, fighting over a few cache sets: 10.8 s of CPU for
 * 10,000 documents; 16 a pass 4.3 s, 24 4.3 s, 32 6.6 s), and one feature at a time a mostly-zero column is a chain
 * of read-add-writes into its bin 0 (5.5 s).
 */
const COLUMN_MIN_CELLS = 8 * 2 ** 20;
const WIDE_FEATURES = 32;
const FEATURE_BLOCK = 16;

/** Compiled once per thread; instantiating it on a memory is cheap. */
let compiled: WebAssembly.Module | null = null;

function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(Buffer.from(HISTOGRAM_KERNEL_WASM, 'base64'));
  return compiled;
}

/** The kernel's exp or log1p (the ones its binary gradients and losses use), for tests that hold them to Math's. */
export function kernelMath(name: 'exp' | 'log1p'): (x: number) => number {
  return kernelFunction(new WebAssembly.Instance(kernelModule(), { env: { memory: new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }) } }), name);
}

/** The kernel function exported as `name`, called with numbers; its result as a number (NaN for none). */
function kernelFunction(instance: WebAssembly.Instance, name: string): (...args: number[]) => number {
  const f = instance.exports[name];
  if (typeof f !== 'function') throw new Error(`the histogram kernel lacks its ${name} function`);
  return (...args) => Number(f(...args));
}

/** This thread's memory for fits (see KernelMemory.forFit). */
let fitMemory: KernelMemory | null = null;
/** This thread's memory for scoring rows outside a fit (see KernelMemory.forScoring). */
let scoringMemory: KernelMemory | null = null;

/**
 * A shared WebAssembly.Memory handed out in blocks that are never freed one by one: a fit takes its few large blocks
 * once (codes, row indices, gradients) and reuses a pool of histograms; the next fit on the thread starts it over.
 */
export class KernelMemory {
  readonly memory: WebAssembly.Memory;
  private top = 0;

  constructor(initialBytes: number) {
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(initialBytes / PAGE_BYTES)), maximum: MAX_PAGES, shared: true });
  }

  /**
   * The memory for a new fit on this thread: the last fit's, emptied, when there was one. V8 frees a shared memory
   * only when a garbage collection happens to come, and does not count it as a reason to collect: with a fresh memory
   * per fit, RSS climbed about 65 MB a fit at 1M x 20 (0.45 -> 1.05 GB over 12 fits, measured; a plateau near 0.6 GB
   * before the kernel). A fit runs synchronously from start to end, so the previous one on this thread is over when
   * the next one asks; the blocks it held (its BinnedFeatures, its grower's) are void from then on.
   */
  static forFit(): KernelMemory {
    fitMemory ??= new KernelMemory(0);
    fitMemory.top = 0;
    return fitMemory;
  }

  /**
   * The memory in which trees score rows outside a fit (tree-walk.ts's addForestScores), emptied: its own, since a
   * scoring runs synchronously from start to end but may come while a fit's blocks are still read (its result's views).
   */
  static forScoring(): KernelMemory {
    scoringMemory ??= new KernelMemory(0);
    scoringMemory.top = 0;
    return scoringMemory;
  }

  /** Byte offset of a new block of `bytes`, growing the memory as needed; it may hold an earlier fit's bytes, so its user writes before reading. */
  alloc(bytes: number): number {
    const at = Math.ceil(this.top / ALIGN) * ALIGN;
    const end = at + bytes;
    if (end > MAX_PAGES * PAGE_BYTES) {
      fail('BAD_INPUT', `boosted trees need ${(end / 2 ** 30).toFixed(1)} GiB of working memory for these rows and features, more than the 4 GiB their histogram kernel can address`, {
        hint: 'train on fewer rows or features',
      });
    }
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE_BYTES));
    this.top = end;
    return at;
  }

  /** The whole memory, for typed-array views (a shared memory's buffer stays valid as it grows; later blocks need a fresh one). */
  get buffer(): SharedArrayBuffer {
    // A shared memory's buffer is always a SharedArrayBuffer; the DOM typings say ArrayBuffer.
    const { buffer } = this.memory;
    if (!(buffer instanceof SharedArrayBuffer)) throw new Error('the kernel memory is not shared');
    return buffer;
  }
}

/** One histogram build, every array given as its byte offset in the kernel memory. */
export interface HistogramTask {
  /** u8 codes, row-major: codes[r * features + f] */
  codes: number;
  /** the same codes column-major: byColumn[f * rows + r] */
  byColumn: number;
  /** the fit's rows (a column's length) */
  rows: number;
  features: number;
  /** the node's rows are the u32 idx[start..end), ascending; null for the root, whose rows are start..end themselves */
  idx: number | null;
  start: number;
  end: number;
  /** [g, h] f32 pairs of every row of the fit, by row: the build reads the node's rows' pairs where it reads their codes */
  gradients: number;
  /** f64 histogram of histogramLength(features) slots (gbdt-histogram.ts) */
  hist: number;
  /**
   * A histogram to subtract this one from, in place, once summed (the parent's, which becomes the larger sibling's),
   * block by block while the block is still in cache and on whichever thread summed it; null for none.
   */
  minuend: number | null;
  /** the features [fromFeature, toFeature) to sum: threads split a node's features between them */
  fromFeature: number;
  toFeature: number;
}

/** Coded trees (tree-walk.ts's layout) scoring coded rows, every array given as its byte offset in the kernel memory. */
export interface TreeWalkTask {
  /** i32 codes, row-major: codes[r * features + f] */
  codes: number;
  features: number;
  rows: number;
  /** four i32 a node: its feature's byte offset in a row, its left child's address, lo and span (tree-walk.ts's CodedTrees) */
  nodes: number;
  /** f64 a node */
  values: number;
  /** i32 a tree: its root node's address, and its depth (the steps of each row's walk) */
  roots: number;
  depths: number;
  trees: number;
  /** the first row's f64 score; the next row's is stride bytes on */
  scores: number;
  stride: number;
}

/** The kernels instantiated on one memory; each thread that sums histograms has its own instance. */
export class HistogramKernel {
  private readonly run: (...args: number[]) => void;
  private readonly runColumns: (...args: number[]) => void;
  private readonly split: (...args: number[]) => number;
  private readonly bin: (...args: number[]) => void;
  private readonly add: (...args: number[]) => void;
  private readonly minus: (...args: number[]) => void;
  private readonly gradients: (...args: number[]) => void;
  private readonly addTrees: (...args: number[]) => void;
  private readonly lossTerms: (...args: number[]) => void;
  private readonly codeValues: (...args: number[]) => void;

  constructor(readonly memory: WebAssembly.Memory) {
    const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
    this.run = kernelFunction(instance, 'build');
    this.runColumns = kernelFunction(instance, 'buildColumns');
    this.split = kernelFunction(instance, 'partition');
    this.bin = kernelFunction(instance, 'code');
    this.add = kernelFunction(instance, 'addLeaf');
    this.minus = kernelFunction(instance, 'subtract');
    this.gradients = kernelFunction(instance, 'binaryGradients');
    this.addTrees = kernelFunction(instance, 'walk');
    this.lossTerms = kernelFunction(instance, 'binaryLossTerms');
    this.codeValues = kernelFunction(instance, 'codeRows');
  }

  /**
   * The i32 code (the count of its feature's cuts below it, 1 << 30 for NaN) of each of `rows` rows of `features` f64
   * values, row-major at `values`, into `out` (the same layout); each feature's cuts padded with +Infinity to
   * 2 half - 1 f64 slots at the address in the i32 at `tables + 4 f`, half in the i32 at `halves + 4 f`.
   */
  codeRows(values: number, rows: number, features: number, tables: number, halves: number, out: number): void {
    this.codeValues(values, rows, features, tables, halves, out);
  }

  /**
   * Adds each tree's leaf value to each row's score, tree after tree: the same float64 adds in the same order as a walk
   * in JavaScript, in half its time (no bounds check on each of a step's five loads; see tree-walk.ts).
   */
  walk(t: TreeWalkTask): void {
    this.addTrees(t.codes, t.features, t.rows, t.nodes, t.values, t.roots, t.depths, t.trees, t.scores, t.stride);
  }

  /**
   * Codes a block of `count` rows of `features` f64 values (row-major at `values`): each value's code is the number of
   * its feature's edges below it (`edges`: 255 f64 a feature, padded with +Infinity), 255 for NaN, which also sets the
   * feature's byte in `missing`. Codes go to `codes` (row-major, from the block's first row) and to `byColumn`
   * (column-major over all `rows`, the block's rows from `firstRow`).
   */
  code(values: number, count: number, features: number, edges: number, codes: number, byColumn: number, rows: number, firstRow: number, missing: number): void {
    this.bin(values, count, features, edges, codes, byColumn, rows, firstRow, missing);
  }

  /**
   * Fills the task's features of its histogram, row by row from the row-major codes or one feature at a time from the
   * column-major ones (see COLUMN_MIN_CELLS), then subtracts them from the minuend. Every
   * bin sums its rows in ascending row order whichever way and whoever builds which features, so the sums are the same
   * bits on any number of threads.
   */
  build(t: HistogramTask): void {
    const width = t.toFeature - t.fromFeature;
    if (width <= WIDE_FEATURES && t.rows * t.features >= COLUMN_MIN_CELLS) {
      this.runColumns(t.byColumn, t.rows, t.idx ?? 0, t.idx === null ? 0 : 1, t.start, t.end, t.gradients, t.hist, t.fromFeature, t.toFeature);
      if (t.minuend !== null) this.minus(t.minuend, t.hist, t.fromFeature, t.toFeature);
      return;
    }
    const block = width > WIDE_FEATURES ? FEATURE_BLOCK : width;
    for (let from = t.fromFeature; from < t.toFeature; from += block) {
      const to = Math.min(from + block, t.toFeature);
      this.run(t.codes, t.features, t.idx ?? 0, t.idx === null ? 0 : 1, t.start, t.end, t.gradients, t.hist, from, to);
      if (t.minuend !== null) this.minus(t.minuend, t.hist, from, to);
    }
  }

  /**
   * Stable partition of the u32 rows idx[start..end) (offset `idx`): those whose code in `column` (one feature's u8
   * codes by row) is <= bin, or is the missing bin when missingLeft, first; returns the index where the others start.
   * `scratch` holds end - start u32 while it works. Stable, so each child's rows stay ascending.
   */
  partition(column: number, bin: number, missingLeft: boolean, idx: number, start: number, end: number, scratch: number): number {
    return this.split(column, bin, missingLeft ? 1 : 0, idx, start, end, scratch);
  }

  /**
   * The binary log-loss's f32 [gradient, hessian] pairs of the rows [from, to) at `gradHess`, from their f64 scores at
   * `scores` and f64 labels (0 or 1) at `labels`: bit for bit gbdt-loss.ts's fillGradients, in about 60 % of its time
   * (1M rows: 10.3 -> 6.0 ms), since the kernel's exp runs two rows at a time where V8 calls out to C for each Math.exp.
   */
  binaryGradients(scores: number, labels: number, gradHess: number, from: number, to: number): void {
    this.gradients(scores, labels, gradHess, from, to);
  }

  /**
   * gbdt-loss.ts's fillLossTerms for binary rows, bit for bit: the log-loss of every lossStride-th row in [from, to)
   * at terms[r / lossStride], from f64 scores and labels; every array given as its byte offset in the kernel memory.
   * In 70 % of the time of Math.exp and Math.log1p row by row (40,000 rows: 1.07 -> 0.75 ms).
   */
  binaryLossTerms(scores: number, labels: number, lossStride: number, terms: number, from: number, to: number): void {
    const first = Math.ceil(from / lossStride) * lossStride;
    const count = Math.max(0, Math.ceil((to - first) / lossStride));
    this.lossTerms(scores, labels, first, lossStride, count, terms + 8 * (first / lossStride));
  }

  /** Adds `value` to the f64 at byte `scores + row * stride` of each row idx[start..end) (u32 at offset `idx`). */
  addLeaf(idx: number, start: number, end: number, scores: number, stride: number, value: number): void {
    this.add(idx, start, end, scores, stride, value);
  }
}
