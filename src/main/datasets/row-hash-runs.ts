// Row hashes past a bound in memory: sorted runs spilled to a temp file in the project, then merged into the blob as a stream.
import fs from 'node:fs';
import { fail } from '../../shared/errors';
import { writeFully, type BlobStore } from '../store/blobs';

/**
 * Rows whose hashes (8 bytes each) an import holds before it sorts them and spills them as a run: 8M rows = 64 MB.
 * A 1 GB file (10M rows) spills once; a 4 GB one (40M rows) holds 64 MB instead of 320 MB.
 */
export const ROW_HASH_RUN_ROWS = 8 * 1024 * 1024;

/** Pairs read from each run at once, and written to the blob at once: 1 MiB. */
const BLOCK_PAIRS = 128 * 1024;

/**
 * The temp files of one import's row-hash runs, in the project's blob temp folder (named after this process, so
 * opening the project after a crash sweeps them). Each encoding pass takes its own file (a pass ended by a disproved
 * type guess leaves its file unmerged); remove() deletes whatever is left, however the import ended.
 */
export class RowHashSpill {
  /** rows held in memory before they are sorted and appended as a run */
  readonly runRows: number;
  private readonly blobs: BlobStore;
  private readonly files = new Set<RunFile>();

  constructor(blobs: BlobStore, runRows: number = ROW_HASH_RUN_ROWS) {
    if (!Number.isSafeInteger(runRows) || runRows < 1) fail('BAD_INPUT', `rowHashRunRows must be a whole number of rows, at least 1 (got ${runRows}).`, { where: { field: 'rowHashRunRows' } });
    this.blobs = blobs;
    this.runRows = runRows;
  }

  /** a new, empty file of runs */
  runFile(): RunFile {
    const file = new RunFile(this.blobs, this.blobs.tempPath('row-hash-runs'));
    this.files.add(file);
    return file;
  }

  /** removes every file of runs still on disk */
  remove(): void {
    for (const file of this.files) file.remove();
    this.files.clear();
  }
}

/** Sorted runs of (low, high) word pairs, one after another in a temp file; never synced: only this import reads it. */
export class RunFile {
  readonly path: string;
  private readonly blobs: BlobStore;
  private fd: number | null;
  /** where each run starts in the file, in bytes; the last entry is the file's length */
  private readonly starts = [0];

  constructor(blobs: BlobStore, file: string) {
    this.blobs = blobs;
    this.path = file;
    this.fd = fs.openSync(file, 'wx+');
  }

  /** appends one run: (low, high) pairs sorted as unsigned 64-bit integers */
  append(sorted: Uint32Array): void {
    const fd = this.open();
    const bytes = new Uint8Array(sorted.buffer, sorted.byteOffset, sorted.byteLength);
    const at = this.starts[this.starts.length - 1];
    try {
      this.blobs.ensureRoom(bytes.byteLength);
      writeFully(fd, bytes, at);
    } catch (e) {
      this.blobs.writeFailed(e, this.path);
    }
    this.starts.push(at + bytes.byteLength);
  }

  /**
   * Merges the runs and `last` (one more sorted run, in memory) into one blob of every pair in order, written as it
   * is merged, and returns the blob's hash; then removes this file. Equal pairs are equal bytes, so the blob is the
   * very one a single in-memory sort of all the pairs stores.
   */
  mergeInto(last: Uint32Array, blobs: BlobStore): string {
    const fd = this.open();
    const runs = this.starts.length - 1;
    const k = runs + 1;
    // each source's buffer, the next pair's index in it (in words), how many words it holds, and its next file offset
    const buffers: Uint32Array[] = [];
    const pos = new Int32Array(k);
    const filled = new Int32Array(k);
    const nextByte = new Float64Array(k);
    for (let i = 0; i < runs; i++) {
      // no larger than the run: many short runs (a small bound) need no more memory than the file holds
      buffers.push(new Uint32Array(Math.min(2 * BLOCK_PAIRS, (this.starts[i + 1] - this.starts[i]) / 4)));
      nextByte[i] = this.starts[i];
    }
    buffers.push(last);
    filled[runs] = last.length;
    nextByte[runs] = this.starts[runs];
    const refill = (i: number): void => {
      const bytes = Math.min(buffers[i].byteLength, this.starts[i + 1] - nextByte[i]);
      const view = new Uint8Array(buffers[i].buffer, 0, bytes);
      let read = 0;
      while (read < bytes) {
        const n = fs.readSync(fd, view, read, bytes - read, nextByte[i] + read);
        if (n === 0) fail('FILE_VANISHED', `${this.path} ended early: the row-hash runs were cut short while the import read them.`, { where: { file: this.path } });
        read += n;
      }
      nextByte[i] += bytes;
      pos[i] = 0;
      filled[i] = bytes / 4;
    };

    // a winner tree over the sources' heads: each pair out costs log2(k) comparisons; an empty source's head is +Infinity
    let leaves = 1;
    while (leaves < k) leaves *= 2;
    const headHi = new Float64Array(leaves).fill(Number.POSITIVE_INFINITY);
    const headLo = new Uint32Array(leaves);
    const loadHead = (i: number): void => {
      if (pos[i] === filled[i] && i < runs) refill(i);
      if (pos[i] === filled[i]) {
        headHi[i] = Number.POSITIVE_INFINITY;
        return;
      }
      headLo[i] = buffers[i][pos[i]];
      headHi[i] = buffers[i][pos[i] + 1];
    };
    const winner = new Int32Array(2 * leaves);
    for (let i = 0; i < leaves; i++) winner[leaves + i] = i;
    for (let i = 0; i < k; i++) loadHead(i);
    const better = (a: number, b: number): number => (headHi[b] < headHi[a] || (headHi[b] === headHi[a] && headLo[b] < headLo[a]) ? b : a);
    for (let n = leaves - 1; n >= 1; n--) winner[n] = better(winner[2 * n], winner[2 * n + 1]);

    const out = new Uint32Array(2 * BLOCK_PAIRS);
    const outBytes = new Uint8Array(out.buffer);
    const writer = blobs.writer(this.starts[runs] + last.byteLength);
    try {
      let o = 0;
      for (let w = winner[1]; headHi[w] !== Number.POSITIVE_INFINITY; w = winner[1]) {
        out[o++] = headLo[w];
        out[o++] = headHi[w];
        if (o === out.length) {
          writer.write(outBytes);
          o = 0;
        }
        pos[w] += 2;
        loadHead(w);
        for (let n = (leaves + w) >> 1; n >= 1; n >>= 1) winner[n] = better(winner[2 * n], winner[2 * n + 1]);
      }
      if (o > 0) writer.write(outBytes.subarray(0, 4 * o));
      return writer.finish();
    } catch (e) {
      writer.abort();
      throw e;
    } finally {
      this.remove();
    }
  }

  /** closes and deletes the file (again is a no-op) */
  remove(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.path, { force: true });
  }

  private open(): number {
    if (this.fd === null) fail('BAD_INPUT', `${this.path} was already merged or removed.`, { where: { file: this.path } });
    return this.fd;
  }
}
