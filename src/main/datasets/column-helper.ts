// A second thread that encodes, profiles and stores some of the import's columns while this one does the rest: the
// import is CPU-bound in one thread, and the machine's other core was idle (pandas uses one; issue 17).
import os from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { ColumnType } from '../../shared/domain';
import { AppFailure, fail, type AppError } from '../../shared/errors';
import { builtIfPresent } from '../jobs/worker-script';
import { CHUNK_ROWS } from './arrow-chunks';
import { FieldTable } from './field-table';
import type { FinishedColumn } from './finish-column';

/** What the helper is started with (its workerData). */
export interface HelperStart {
  blobsDir: string;
  reserveBytes: number;
  /** the table columns it owns, each with its planned type and whether the sample held no value there */
  columns: { index: number; type: ColumnType; guessedFromNulls: boolean }[];
  /**
   * Cell hashes of the flushed chunks, two chunks deep (chunk j in half j % 2): per owned column k, two CHUNK_ROWS
   * lanes at [2k] and [2k + 1] of that half. Two, because the importer reads chunk j's while the helper already
   * encodes chunk j + 1.
   */
  hashes: SharedArrayBuffer;
  /** the number of replies the helper has posted: the importer sleeps on it */
  wake: SharedArrayBuffer;
  replies: MessagePort;
}

/** A FieldTable's arrays, all in shared memory. */
export interface SharedTable {
  bytes: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  flags: Uint8Array;
  rowStarts: Int32Array;
  lines: Int32Array;
}

/** The first cell of a helper's columns (lowest column first) that does not fit its column, in the n-th segment sent. */
export interface HelperMisfit {
  segment: number;
  column: number;
  /** the line the row starts on, read from the copy the helper encoded */
  line: number;
}

export type ToHelper =
  /** `table` comes when copy `slot`'s arrays are new (first use, or grown); else the helper keeps the last one sent */
  | { kind: 'encode'; slot: number; table?: SharedTable; from: number; to: number; segment: number }
  | { kind: 'flush' }
  | { kind: 'finish'; names: string[] }
  | { kind: 'abandon' };

export type FromHelper =
  | { kind: 'encoded'; misfit: HelperMisfit | null }
  | { kind: 'flushed'; chunks: string[] }
  | { kind: 'finished'; columns: FinishedColumn[] }
  | { kind: 'abandoned' }
  | { kind: 'failed'; error: AppError };

/** A file smaller than this is imported in one thread: below it the time the helper saves is within the noise. */
export const HELPER_MIN_BYTES = 64 * 1024 * 1024;
/**
 * Nor a file wider than this. Measured with the built CLI on the 2-core machine: 10 columns, 1 GB: 6.0-6.9 s with the
 * helper against 9.9 s without (+57-66 MB RSS); 50 columns, 337 MB: 7.8-7.9 s and 563-575 MB with it against 6.0-6.2 s
 * and 440-446 MB without (34 MB of 50 columns: 475 MB against 355-359, the same time). Why wide files lose is not
 * yet known; between 10 and 50 columns nothing was measured, so the bound sits near the case that wins.
 */
export const HELPER_MAX_COLUMNS = 16;
/**
 * Nor on fewer cores than this: on one core the helper only takes turns with the importer. On the 2-core bench
 * machine the pipelined helper made the 1 GB import faster at every load tried (built CLI: 7.0 s wall against 11.0
 * and 12.2 s on a quiet machine, load < 1.1; 11.3-18.2 s against 13.3-21.9 s at load 4-8) for 6-11 % more CPU (two
 * copies of each read, a second heap) and some 40-60 MB more RSS. In lockstep it had lost there (23.1 s against 17.7).
 */
export const HELPER_MIN_CORES = 2;

/** Whether an import of `bytes` in `columns` columns gets a helper thread on this machine by default. */
export function helperByDefault(bytes: number, columns: number): boolean {
  return bytes >= HELPER_MIN_BYTES && columns <= HELPER_MAX_COLUMNS && os.availableParallelism() >= HELPER_MIN_CORES;
}

/** No reply for this long means the helper died (out of memory, say): the import fails instead of waiting forever. */
const REPLY_TIMEOUT_MS = 120_000;

/** Where the helper's code lives: beside the built bundle, or as TypeScript run through tsx; null if neither is there. */
export function helperScript(): URL | null {
  return import.meta.url.endsWith('.ts') ? new URL('./column-helper-from-source.mjs', import.meta.url) : builtIfPresent('column-helper');
}

/** The cell hashes of one column's chunk, as the row hasher reads them. */
export interface CellHashes {
  hashA: Uint32Array;
  hashB: Uint32Array;
}

/**
 * A copy of some rows of a table in shared memory. The source reuses its table and read buffer as soon as its sink
 * returns, and the helper encodes a read while the importer tokenizes the next, so the helper reads a copy.
 */
class TableCopy {
  readonly table = new FieldTable(true);
  /** whether the arrays changed since the helper last got them */
  fresh = true;
  /** the sequence number of the last command that reads this copy */
  lastUse = -1;

  constructor() {
    this.table.buf = Buffer.from(new SharedArrayBuffer(1 << 20));
  }

  /** copies rows [from, to) at the same offsets, so the encoders read the copy as they would the original */
  take(source: FieldTable, from: number, to: number): void {
    const t = this.table;
    const f0 = source.rowStarts[from];
    const f1 = source.rowStarts[to];
    for (; t.lines.length < to; this.fresh = true) t.growRows();
    for (; t.starts.length < f1; this.fresh = true) t.growFields();
    // fields lie in file order, so the rows' bytes run from the first field's start to the last one's end
    const b0 = f1 > f0 ? source.starts[f0] : 0;
    const b1 = f1 > f0 ? source.ends[f1 - 1] : 0;
    if (t.buf.length < b1) {
      t.buf = Buffer.from(new SharedArrayBuffer(Math.max(b1, t.buf.length * 2)));
      this.fresh = true;
    }
    t.buf.set(source.buf.subarray(b0, b1), b0);
    t.starts.set(source.starts.subarray(f0, f1), f0);
    t.ends.set(source.ends.subarray(f0, f1), f0);
    t.flags.set(source.flags.subarray(f0, f1), f0);
    t.rowStarts.set(source.rowStarts.subarray(from, to + 1), from);
    t.lines.set(source.lines.subarray(from, to), from);
  }

  /** the arrays for the helper, once after each change */
  shared(): SharedTable | undefined {
    if (!this.fresh) return undefined;
    this.fresh = false;
    const { buf, starts, ends, flags, rowStarts, lines } = this.table;
    return { bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.length), starts, ends, flags, rowStarts, lines };
  }
}

/**
 * The importer's side of the helper, pipelined: commands are posted without waiting, and the replies, which come in
 * order, are taken only when the importer needs one. The helper so encodes read k (from a copy) while the importer
 * tokenizes read k + 1; a lockstep helper (one command, one awaited reply) lost on a loaded 2-core machine, since the
 * importer then idled whenever the scheduler held the helper back.
 */
export class ColumnHelper {
  readonly columns: number[];
  /** the first misfit the helper reported, if any; the caller decides when it is the one to report */
  misfit: HelperMisfit | null = null;
  private readonly worker: Worker;
  private readonly replies: MessagePort;
  private readonly wake: Int32Array;
  private readonly hashes: Uint32Array;
  private readonly onFlushed: (chunks: string[], hashes: (k: number) => CellHashes) => void;
  private readonly copies = [new TableCopy(), new TableCopy()];
  private copy = 0;
  private segments = 0;
  private posted = 0;
  private received = 0;
  private flushesAnswered = 0;
  /** the sequence number of the last flush posted, -1 before the first */
  private lastFlush = -1;
  private lastReply: FromHelper | null = null;
  private timedOut = false;

  /** `onFlushed` gets each flushed chunk's blob hashes and cell hashes (per owned column k), in chunk order */
  constructor(script: URL, start: Omit<HelperStart, 'hashes' | 'wake' | 'replies'>, onFlushed: (chunks: string[], hashes: (k: number) => CellHashes) => void) {
    const channel = new MessageChannel();
    const hashes = new SharedArrayBuffer(2 * start.columns.length * 2 * CHUNK_ROWS * 4);
    const wake = new SharedArrayBuffer(4);
    const data: HelperStart = { ...start, hashes, wake, replies: channel.port2 };
    // V8's default young generation for a thread took some 90 MB of RSS (the 1 GB import peaked at 555 MB); the helper
    // allocates a few arrays per chunk, not per row, so a small one costs little and keeps the import under 500 MB
    this.worker = new Worker(script, { workerData: data, transferList: [channel.port2], resourceLimits: { maxYoungGenerationSizeMb: 2 } });
    this.replies = channel.port1;
    this.wake = new Int32Array(wake);
    this.hashes = new Uint32Array(hashes);
    this.columns = start.columns.map((c) => c.index);
    this.onFlushed = onFlushed;
  }

  /**
   * Gives the helper the rows of a table the source will reuse once its sink returns, for the `encode` calls that
   * follow. The copies alternate, so the helper may still encode the previous one; this one's last use must be done.
   */
  share(table: FieldTable, from: number, to: number): void {
    this.copy ^= 1;
    const copy = this.copies[this.copy];
    this.settle(copy.lastUse);
    copy.take(table, from, to);
  }

  /** has the helper encode rows [from, to) of the last shared rows; returns the segment's number, as misfits name it */
  encode(from: number, to: number): number {
    const copy = this.copies[this.copy];
    const segment = this.segments++;
    copy.lastUse = this.post({ kind: 'encode', slot: this.copy, table: copy.shared(), from, to, segment });
    return segment;
  }

  /**
   * Has the helper store its columns' chunk. The previous chunk's reply is taken first, so the caller holds at most
   * one chunk's own cell hashes waiting for the helper's, and the helper's half of the hashes is not reused too soon.
   */
  flush(): void {
    this.settle(this.lastFlush);
    this.lastFlush = this.post({ kind: 'flush' });
  }

  /** takes every reply outstanding */
  drain(): void {
    this.settle(this.posted - 1);
  }

  /** has the helper settle its writes and profile its columns, while the caller does the same for its own */
  finish(names: string[]): void {
    this.post({ kind: 'finish', names });
  }

  /** the helper's columns, once `finish` is done */
  finished(): FinishedColumn[] {
    this.drain();
    const reply = this.lastReply!;
    if (reply.kind !== 'finished') fail('INTERNAL', `The import's helper thread answered ${reply.kind} to a finish request.`);
    return reply.columns;
  }

  /** after a failed pass: lets the helper finish the writes it has in flight; a helper that cannot answer is stopped anyway */
  abandon(): void {
    const seq = this.post({ kind: 'abandon' });
    while (this.received <= seq) {
      try {
        this.take();
      } catch {
        // the pass's own failure is the one to report; a helper that stopped answering is not waited for again
        if (this.timedOut) return;
      }
    }
  }

  async stop(): Promise<void> {
    this.replies.close();
    await this.worker.terminate();
  }

  private post(command: ToHelper): number {
    this.worker.postMessage(command);
    return this.posted++;
  }

  /** takes replies, in order, up to and including that to command `seq` */
  private settle(seq: number): void {
    while (this.received <= seq) this.take();
  }

  /** the next reply, blocking until it comes; a helper's failure is thrown here as it was thrown there */
  private take(): void {
    while (Atomics.load(this.wake, 0) === this.received) {
      if (Atomics.wait(this.wake, 0, this.received, REPLY_TIMEOUT_MS) === 'timed-out') {
        this.timedOut = true;
        fail('INTERNAL', `The import's helper thread stopped answering for ${REPLY_TIMEOUT_MS / 1000} s (out of memory?); nothing was stored.`);
      }
    }
    this.received++;
    const reply = receiveMessageOnPort(this.replies)!.message as FromHelper;
    this.lastReply = reply;
    if (reply.kind === 'failed') throw new AppFailure(reply.error);
    if (reply.kind === 'encoded') this.misfit ??= reply.misfit;
    if (reply.kind === 'flushed') {
      const j = this.flushesAnswered++;
      this.onFlushed(reply.chunks, (k) => this.hashesOf(j, k));
    }
  }

  /** owned column k's cell hashes of flushed chunk j */
  private hashesOf(j: number, k: number): CellHashes {
    const at = ((j % 2) * this.columns.length + k) * 2 * CHUNK_ROWS;
    return { hashA: this.hashes.subarray(at, at + CHUNK_ROWS), hashB: this.hashes.subarray(at + CHUNK_ROWS, at + 2 * CHUNK_ROWS) };
  }
}
