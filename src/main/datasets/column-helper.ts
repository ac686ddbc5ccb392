// A second thread that encodes, profiles and stores some of the import's columns while this one does the rest: the
// import is CPU-bound in one thread, and the machine's other core was idle (pandas uses one; issue 17).
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ColumnType } from '../../shared/domain';
import { AppFailure, fail, type AppError } from '../../shared/errors';
import { builtIfPresent } from '../jobs/worker-script';
import { CHUNK_ROWS } from './arrow-chunks';
import type { FieldTable } from './field-table';
import type { FinishedColumn } from './finish-column';

/** What the helper is started with (its workerData). */
export interface HelperStart {
  blobsDir: string;
  reserveBytes: number;
  /** the table columns it owns, each with its planned type and whether the sample held no value there */
  columns: { index: number; type: ColumnType; guessedFromNulls: boolean }[];
  /** per owned column k, two CHUNK_ROWS lanes of cell hashes at [2k] and [2k + 1]: the rows of the last flushed chunk */
  hashes: SharedArrayBuffer;
  /** set to 1 by the helper when its reply is posted */
  wake: SharedArrayBuffer;
  replies: MessagePort;
}

/** A FieldTable's arrays, all in shared memory, and the window of `buf` they point into. */
export interface SharedTable {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  rowStarts: Int32Array;
  lines: Int32Array;
}

export type ToHelper =
  | { kind: 'encode'; table: SharedTable; from: number; to: number }
  | { kind: 'flush' }
  | { kind: 'finish'; names: string[] }
  | { kind: 'abandon' };

export type FromHelper =
  /** the first misfit cell of the owned columns (lowest column first), or null */
  | { kind: 'encoded'; bad: { column: number; row: number } | null }
  | { kind: 'flushed'; chunks: string[] }
  | { kind: 'finished'; columns: FinishedColumn[] }
  | { kind: 'abandoned' }
  | { kind: 'failed'; error: AppError };

/** A file smaller than this is imported in one thread: starting the helper (loading its modules) costs more. */
export const HELPER_MIN_BYTES = 32 * 1024 * 1024;
/**
 * Nor on fewer cores than this. The importer and the helper go in lockstep (one command, one reply per segment), so
 * a helper the scheduler holds back holds the importer back too: on the 2-core bench machine with other work on it
 * (load 3.6-4.5) the 1 GB import took 23.1 s wall and 16.9 s CPU with the helper, 17.7 s and 13.9 s without.
 */
export const HELPER_MIN_CORES = 4;

/** Whether an import of `bytes` gets a helper thread on this machine by default. */
export function helperByDefault(bytes: number): boolean {
  return bytes >= HELPER_MIN_BYTES && os.availableParallelism() >= HELPER_MIN_CORES;
}
/** No reply for this long means the helper died (out of memory, say): the import fails instead of waiting forever. */
const REPLY_TIMEOUT_MS = 120_000;

/** Where the helper's code lives: beside the built bundle, or as TypeScript run through tsx; null if neither is there. */
export function helperScript(): URL | null {
  return import.meta.url.endsWith('.ts') ? new URL('./column-helper-from-source.mjs', import.meta.url) : builtIfPresent('column-helper');
}

/**
 * The importer's side of the helper. Every call posts one command and blocks until the helper's reply: the pass is
 * synchronous, and the caller does its own share of the work between `post` and `wait`.
 */
export class ColumnHelper {
  readonly columns: number[];
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private readonly wake: Int32Array;
  private readonly hashes: Uint32Array;

  constructor(script: URL, start: Omit<HelperStart, 'hashes' | 'wake' | 'replies'>) {
    const channel = new MessageChannel();
    const hashes = new SharedArrayBuffer(start.columns.length * 2 * CHUNK_ROWS * 4);
    const wake = new SharedArrayBuffer(4);
    const data: HelperStart = { ...start, hashes, wake, replies: channel.port2 };
    // V8's default young generation for a thread took some 90 MB of RSS (the 1 GB import peaked at 555 MB); the helper
    // allocates a few arrays per chunk, not per row, so a small one costs little and keeps the import under 500 MB
    this.worker = new Worker(script, { workerData: data, transferList: [channel.port2], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    this.replies = channel.port1;
    this.wake = new Int32Array(wake);
    this.hashes = new Uint32Array(hashes);
    this.columns = start.columns.map((c) => c.index);
  }

  post(command: ToHelper): void {
    this.worker.postMessage(command);
  }

  encode(table: FieldTable, from: number, to: number): void {
    const { buf, starts, ends, flags, rowStarts, lines } = table;
    this.post({ kind: 'encode', table: { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length), starts, ends, flags, rowStarts, lines }, from, to });
  }

  /** the cell hashes of owned column k's last flushed chunk, as the row hasher reads them */
  hashesOf(k: number): { hashA: Uint32Array; hashB: Uint32Array } {
    return { hashA: this.hashes.subarray(2 * k * CHUNK_ROWS, (2 * k + 1) * CHUNK_ROWS), hashB: this.hashes.subarray((2 * k + 1) * CHUNK_ROWS, (2 * k + 2) * CHUNK_ROWS) };
  }

  /** the reply to the last command; a helper's failure is thrown here as it was thrown there */
  wait<K extends FromHelper['kind']>(kind: K): Extract<FromHelper, { kind: K }> {
    if (Atomics.wait(this.wake, 0, 0, REPLY_TIMEOUT_MS) === 'timed-out') {
      fail('INTERNAL', `The import's helper thread stopped answering for ${REPLY_TIMEOUT_MS / 1000} s (out of memory?); nothing was stored.`);
    }
    Atomics.store(this.wake, 0, 0);
    const reply = receiveMessageOnPort(this.replies)!.message as FromHelper;
    if (reply.kind === 'failed') throw new AppFailure(reply.error);
    if (reply.kind !== kind) fail('INTERNAL', `The import's helper thread answered ${reply.kind} to a ${kind} request.`);
    return reply as Extract<FromHelper, { kind: K }>;
  }

  /** after a failed pass: lets the helper finish the writes it has in flight; a helper that cannot answer is stopped anyway */
  abandon(): void {
    this.post({ kind: 'abandon' });
    try {
      this.wait('abandoned');
    } catch {
      // the pass's own failure is the one to report
    }
  }

  async stop(): Promise<void> {
    this.replies.close();
    await this.worker.terminate();
  }
}
