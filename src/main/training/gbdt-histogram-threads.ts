// Builds node histograms on several threads at once, each summing its own block of features, synchronously for the grower;
// the same threads code a fit's values into bins, and add the last tree's leaf values to the scores, then fill the
// round's gradients and training-loss terms, each thread its own block of rows.
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { built } from '../jobs/worker-script';
import type { HistogramKernel, HistogramTask } from './gbdt-histogram-wasm';
import { addLeafValues, type LeafValues } from './gbdt-leaf-values';
import { fillGradients, fillLossTerms } from './gbdt-loss';
import type { Task } from './model-types';

/** Slots of the shared control array. */
export const CONTROL = { generation: 0, pending: 1, ready: 2 } as const;

/** What a histogram thread is started with: its feature block stays the same for the whole fit. */
export interface HistogramThreadStart {
  control: SharedArrayBuffer;
  port: MessagePort;
  fromFeature: number;
  toFeature: number;
  /** this thread's share of a gradient pass: rows [rowShare(part, rows), rowShare(part + 1, rows)) */
  part: number;
  parts: number;
}

/** The first row of a thread's block of a gradient pass; the calling thread is part 0. */
export function rowShare(part: number, parts: number, rows: number): number {
  return Math.round((part * rows) / parts);
}

/**
 * One round's gradients and loss terms as a thread receives them (see fillGradients and fillLossTerms): scores, y,
 * gradHess and lossTerms are views on the kernel memory, where the kernel's binary gradients and loss terms read and
 * write them at their byte offsets.
 */
export interface GradientJob {
  kind: 'gradients';
  task: Task;
  scores: Float64Array;
  y: Float64Array;
  rows: number;
  outputs: number;
  gradHess: Float32Array;
  lossStride: number;
  lossTerms: Float64Array;
  /** the last tree's leaves, whose values go into the scores first; null when they are in already */
  leaves: LeafValues | null;
}

/**
 * A thread's share of a gradient job: the leaf values, gradients and loss terms of its block of rows. `kernel` runs on
 * the kernel memory the leaves' rows are in (needed only with leaves).
 */
export function fillGradientBlock(job: GradientJob, part: number, parts: number, kernel: HistogramKernel | null): void {
  const { task, scores, y, rows, outputs, gradHess, lossStride, lossTerms, leaves } = job;
  const from = rowShare(part, parts, rows);
  const to = rowShare(part + 1, parts, rows);
  if (leaves) {
    if (kernel === null) throw new Error('leaf values came before the kernel memory');
    addLeafValues(kernel, new Uint32Array(kernel.memory.buffer, leaves.rows, rows), leaves, from, to);
  }
  // The kernel's binary gradients and loss terms are fillGradients' and fillLossTerms' to the bit, in less time.
  if (task === 'binary' && kernel !== null) {
    kernel.binaryGradients(scores.byteOffset, y.byteOffset, gradHess.byteOffset, from, to);
    kernel.binaryLossTerms(scores.byteOffset, y.byteOffset, lossStride, lossTerms.byteOffset, from, to);
  } else {
    fillGradients(task, scores, y, rows, outputs, gradHess, from, to);
    fillLossTerms(task, scores, y, outputs, lossStride, lossTerms, from, to);
  }
}

/** The kernel memory of a fit, sent once before its first node: the jobs then name only offsets into it. */
export interface MemoryJob {
  kind: 'memory';
  memory: WebAssembly.Memory;
}

/** One node's build as a thread receives it; the thread sums its own feature block of it. */
export interface HistogramJob {
  kind: 'histogram';
  task: HistogramTask;
}

/** A block of rows to code into bins (HistogramKernel.code), every array given as its byte offset in the kernel memory. */
export interface CodeTask {
  /** count x features f64 values, row-major, staged in the kernel memory */
  values: number;
  count: number;
  features: number;
  edges: number;
  /** where the block's row-major codes go */
  codes: number;
  byColumn: number;
  rows: number;
  /** the block's first row in byColumn */
  firstRow: number;
  missing: number;
}

/** A block of rows to code as a thread receives it; the thread codes its own share of the block's rows. */
export interface CodeJob {
  kind: 'code';
  task: CodeTask;
}

/** Codes thread `part`'s share of the task's rows (all of them when parts is 1). */
export function codeBlock(kernel: HistogramKernel, t: CodeTask, part: number, parts: number): void {
  const from = rowShare(part, parts, t.count);
  const to = rowShare(part + 1, parts, t.count);
  kernel.code(t.values + 8 * from * t.features, to - from, t.features, t.edges, t.codes + from * t.features, t.byColumn, t.rows, t.firstRow + from, t.missing);
}

/**
 * Below this many row-feature cells a fit keeps to one thread: starting the others and waking them for every node
 * costs about what they save. Binary fits of 100 rounds x 20 features on 2 cores, from the built bundle, one thread
 * against two: 50,000 rows 381-420 against 375-452 ms of wall time; 80,000 rows 538-575 against 491-556 ms (a
 * twentieth saved for a third more CPU); 100,000 rows 636-701 against 561-607 ms, 120,000 rows 739-743 against
 * 641-644 ms (from here two threads save a seventh), 160,000 rows 1,021-1,024 against 847-867 ms.
 */
export const MIN_FIT_CELLS = 2_000_000;
/** Below this many row-feature cells a node is summed on the calling thread: waking the others would cost more. */
const MIN_SHARED_CELLS = 32_768;
/** A thread that is not running its loop by then (a broken install, a starved machine) is given up on. */
const START_TIMEOUT_MS = 30_000;

const fromSource = (): boolean => import.meta.url.endsWith('.ts');

/** The thread's entry: beside the built bundle, or TypeScript source. */
function threadScript(): URL {
  return fromSource() ? new URL('./gbdt-histogram-worker-from-source.mjs', import.meta.url) : built('gbdt-histogram-worker');
}

/**
 * The calling thread sums the first block of features and `threads - 1` worker threads the others, over codes,
 * row indices, gradients and histograms in SharedArrayBuffers. The caller blocks (Atomics.wait) until all are done,
 * so the grower stays synchronous; the trainer runs inside a job's worker thread, where blocking is allowed.
 */
export class HistogramThreads {
  private readonly control: Int32Array;
  private readonly ports: MessagePort[] = [];
  private readonly workers: Worker[] = [];
  private readonly mainBlock: number;
  private readonly parts: number;
  /** the kernel memory last handed to the threads */
  private memory: WebAssembly.Memory | null = null;

  /**
   * Starts the threads, or returns null, and the grower then sums every feature itself: when one thread is asked for,
   * when the data is too small to gain from more, or when they do not come up.
   */
  static start(codes: Uint8Array, features: number, threads: number): HistogramThreads | null {
    const pool = HistogramThreads.launch(codes.length, features, threads);
    if (pool === null || pool.waitReady()) return pool;
    pool.close();
    return null;
  }

  /**
   * Starts the threads for a fit of `cells` row-feature cells without waiting for them, or returns null as start()
   * does: the caller bins its features meanwhile (0.06-0.14 s of thread start-up, measured at 1M x 20 from source),
   * then calls waitReady(), and close() in any case.
   */
  static launch(cells: number, features: number, threads: number): HistogramThreads | null {
    if (threads < 2 || features < 2 || cells < MIN_FIT_CELLS) return null;
    return new HistogramThreads(features, Math.min(threads, features));
  }

  private constructor(private readonly features: number, threads: number) {
    this.control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    const bound = (t: number) => Math.round((t * features) / threads);
    this.mainBlock = bound(1);
    this.parts = threads;
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const control = this.control.buffer as SharedArrayBuffer;
      const start: HistogramThreadStart = { control, port: port2, fromFeature: bound(t), toFeature: bound(t + 1), part: t, parts: threads };
      // The thread keeps no garbage worth a large young generation (its data lives in the shared buffers); V8's
      // default one costs tens of MB of RSS per thread.
      const worker = new Worker(threadScript(), { workerData: start, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
      // Never keeps the process alive on its own; close() ends the loop.
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  /** Whether every thread is up now, without waiting. */
  isReady(): boolean {
    return Atomics.load(this.control, CONTROL.ready) === this.workers.length;
  }

  /** Whether every thread came up (false after START_TIMEOUT_MS): the threads are not to be used otherwise. */
  waitReady(): boolean {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const ready = Atomics.load(this.control, CONTROL.ready);
      if (ready === this.workers.length) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, CONTROL.ready, ready, left);
    }
  }

  /**
   * Hands the threads the kernel memory that the next builds' offsets point into (the ports keep order, so it arrives
   * before them); the memory is shared, so nothing is copied.
   */
  useMemory(memory: WebAssembly.Memory): void {
    if (memory === this.memory) return;
    this.memory = memory;
    for (const port of this.ports) port.postMessage({ kind: 'memory', memory } satisfies MemoryJob);
  }

  /** The task over all features (its fromFeature and toFeature aside), this thread's block on `kernel`, the others on the threads. */
  build(kernel: HistogramKernel, task: HistogramTask): void {
    const { features } = this;
    if ((task.end - task.start) * features < MIN_SHARED_CELLS) {
      kernel.build({ ...task, fromFeature: 0, toFeature: features });
      return;
    }
    this.post({ kind: 'histogram', task });
    kernel.build({ ...task, fromFeature: 0, toFeature: this.mainBlock });
    this.waitDone();
  }

  /** Codes the task's block of rows, each thread its share of them; the kernel memory must have been handed over (useMemory). */
  code(kernel: HistogramKernel, task: CodeTask): void {
    this.post({ kind: 'code', task });
    codeBlock(kernel, task, 0, this.parts);
    this.waitDone();
  }

  /**
   * The leaf values, then fillGradients over all rows and fillLossTerms over every lossStride-th, each thread its block
   * of rows (the leaf values and the training loss were the calling thread's alone, 0.15 and 0.25 s of a 1M x 20 fit);
   * the arrays must be in shared memory, `kernel` on the kernel memory.
   */
  gradients(kernel: HistogramKernel, job: Omit<GradientJob, 'kind'>): void {
    const all: GradientJob = { kind: 'gradients', ...job };
    this.post(all);
    fillGradientBlock(all, 0, this.parts, kernel);
    this.waitDone();
  }

  private post(job: HistogramJob | GradientJob | CodeJob): void {
    Atomics.store(this.control, CONTROL.pending, this.workers.length);
    for (const port of this.ports) port.postMessage(job);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
  }

  private waitDone(): void {
    for (;;) {
      const pending = Atomics.load(this.control, CONTROL.pending);
      if (pending === 0) return;
      Atomics.wait(this.control, CONTROL.pending, pending);
    }
  }

  /** Ends the threads' loops; they exit on their own (a thread still starting finds the stop when it gets there). */
  close(): void {
    for (const port of this.ports) port.postMessage(null);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
  }
}
