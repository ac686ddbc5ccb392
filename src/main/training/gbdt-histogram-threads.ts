// Builds node histograms on several threads at once, each summing its own block of features, synchronously for the grower.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { buildHistogram } from './gbdt-histogram';

/** Slots of the shared control array. */
export const CONTROL = { generation: 0, pending: 1, ready: 2 } as const;

/** What a histogram thread is started with: the codes and its feature block stay the same for the whole fit. */
export interface HistogramThreadStart {
  control: SharedArrayBuffer;
  port: MessagePort;
  codes: SharedArrayBuffer;
  features: number;
  fromFeature: number;
  toFeature: number;
}

/** One node's build as a thread receives it: views of shared memory. */
export interface HistogramJob {
  idx: Uint32Array | null;
  start: number;
  end: number;
  ordered: Float32Array;
  hist: Float64Array;
}

/** Below this many row-feature cells a fit keeps to one thread: starting the others (0.1-0.3 s) would cost more. */
const MIN_FIT_CELLS = 1_000_000;
/** Below this many row-feature cells a node is summed on the calling thread: waking the others would cost more. */
const MIN_SHARED_CELLS = 32_768;
/** A thread that is not running its loop by then (a broken install, a starved machine) is given up on. */
const START_TIMEOUT_MS = 30_000;

const fromSource = (): boolean => import.meta.url.endsWith('.ts');

/** The thread's entry: beside the built bundle (out/main/, this module may sit in out/main/chunks/), or TypeScript source. */
function threadScript(): URL {
  if (fromSource()) return new URL('./gbdt-histogram-worker-from-source.mjs', import.meta.url);
  for (const candidate of ['./gbdt-histogram-worker.js', '../gbdt-histogram-worker.js']) {
    const url = new URL(candidate, import.meta.url);
    if (fs.existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`gbdt-histogram-worker bundle missing beside ${fileURLToPath(import.meta.url)}`);
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

  /**
   * Starts the threads, or returns null, and the grower then sums every feature itself: when one thread is asked for,
   * when the data is too small to gain from more, or when they do not come up.
   */
  static start(codes: Uint8Array, features: number, threads: number): HistogramThreads | null {
    if (threads < 2 || features < 2 || codes.length < MIN_FIT_CELLS) return null;
    if (!(codes.buffer instanceof SharedArrayBuffer)) throw new Error('histogram threads need the codes in a SharedArrayBuffer');
    const pool = new HistogramThreads(codes.buffer, features, Math.min(threads, features));
    if (pool.waitReady()) return pool;
    pool.close();
    return null;
  }

  private constructor(codes: SharedArrayBuffer, private readonly features: number, threads: number) {
    this.control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
    const bound = (t: number) => Math.round((t * features) / threads);
    this.mainBlock = bound(1);
    for (let t = 1; t < threads; t++) {
      const { port1, port2 } = new MessageChannel();
      const start: HistogramThreadStart = { control: this.control.buffer as SharedArrayBuffer, port: port2, codes, features, fromFeature: bound(t), toFeature: bound(t + 1) };
      const worker = new Worker(threadScript(), { workerData: start, transferList: [port2] });
      // Never keeps the process alive on its own; close() ends the loop.
      worker.unref();
      this.workers.push(worker);
      this.ports.push(port1);
    }
  }

  private waitReady(): boolean {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      const ready = Atomics.load(this.control, CONTROL.ready);
      if (ready === this.workers.length) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      Atomics.wait(this.control, CONTROL.ready, ready, left);
    }
  }

  /** Fills `hist` for the rows idx[start..end) (all rows when idx is null); see HistogramTask for `ordered`. */
  build(codes: Uint8Array, idx: Uint32Array | null, start: number, end: number, ordered: Float32Array, hist: Float64Array): void {
    const { features } = this;
    if ((end - start) * features < MIN_SHARED_CELLS) {
      buildHistogram({ codes, features, idx, start, end, ordered, hist, fromFeature: 0, toFeature: features });
      return;
    }
    const job: HistogramJob = { idx, start, end, ordered, hist };
    Atomics.store(this.control, CONTROL.pending, this.workers.length);
    for (const port of this.ports) port.postMessage(job);
    Atomics.add(this.control, CONTROL.generation, 1);
    Atomics.notify(this.control, CONTROL.generation);
    buildHistogram({ codes, features, idx, start, end, ordered, hist, fromFeature: 0, toFeature: this.mainBlock });
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
