// Per-row 64-bit hashes: built while encoding, stored sorted as a blob, and compared as multisets to diff versions.
import { fail } from '../../shared/errors';
import type { BlobReader, BlobStore } from '../store/blobs';
import { CHUNK_ROWS } from './arrow-chunks';
import { fmix32 } from './field-hash';
import type { RowHashSpill, RunFile } from './row-hash-runs';

/**
 * Collects one 64-bit hash per row from the cell hashes of that row, in column order. With a spill, at most
 * `spill.runRows` hashes are held: a full buffer is sorted and appended to a temp file as a run, and store() merges
 * the runs into the blob, so memory does not grow with the file's rows.
 */
export class RowHasher {
  private words: Uint32Array;
  private rows = 0;
  private readonly runRows: number;
  private readonly spill: RowHashSpill | undefined;
  private runs: RunFile | null = null;
  /** the running (a, b) of each row of the chunk being folded */
  private readonly a = new Uint32Array(CHUNK_ROWS);
  private readonly b = new Uint32Array(CHUNK_ROWS);

  /** an estimate of the rows sizes the buffer once; pages never written cost no memory, so estimate high */
  constructor(expectedRows: number, spill?: RowHashSpill) {
    this.spill = spill;
    this.runRows = spill?.runRows ?? Number.POSITIVE_INFINITY;
    this.words = new Uint32Array(Math.max(2, Math.min(expectedRows, this.runRows) * 2));
  }

  /** Folds a chunk's cell hashes (two lanes per row, one pair of arrays per column, in column order) into n row hashes. */
  addChunk(columns: { hashA: Uint32Array; hashB: Uint32Array }[], n: number): void {
    const { a, b } = this;
    a.fill(0x243f6a88, 0, n);
    b.fill(0x85a308d3, 0, n);
    // column by column: each pass is a tight loop over two arrays; the result equals folding each row's cells in turn
    for (const { hashA, hashB } of columns) {
      for (let r = 0; r < n; r++) {
        a[r] = Math.imul(a[r] ^ hashA[r], 0x01000193) + 0x7f4a7c15;
        b[r] = Math.imul(b[r] ^ hashB[r], 0x5bd1e995) + 0x94d049bb;
      }
    }
    for (let r = 0; r < n; ) {
      // a full buffer is spilled only when more rows come, so a file of exactly runRows rows never touches the disk
      if (this.rows === this.runRows && this.spill) this.spillRun(this.spill);
      const end = Math.min(n, r + this.runRows - this.rows);
      this.room((this.rows + end - r) * 2);
      // little-endian (low, high) words: read back below as one unsigned 64-bit integer, without making BigInts
      const words = this.words;
      let w = this.rows * 2;
      for (; r < end; r++) {
        words[w++] = fmix32(a[r] ^ b[r]);
        words[w++] = fmix32(b[r] + 0x9e3779b9);
      }
      this.rows = w / 2;
    }
  }

  /** Stores the row hashes, sorted, as the version's row-hash blob, merging in the spilled runs, and returns its hash. */
  store(blobs: BlobStore): string {
    const last = radixSort64(this.words.subarray(0, this.rows * 2));
    if (this.runs === null) return blobs.put(new Uint8Array(last.buffer, last.byteOffset, last.byteLength));
    return this.runs.mergeInto(last, blobs);
  }

  private room(words: number): void {
    if (words <= this.words.length) return;
    const grown = new Uint32Array(Math.max(words, Math.min(this.words.length * 2, this.runRows * 2)));
    grown.set(this.words);
    this.words = grown;
  }

  private spillRun(spill: RowHashSpill): void {
    this.runs ??= spill.runFile();
    this.runs.append(radixSort64(this.words.subarray(0, this.rows * 2)));
    this.rows = 0;
  }
}

/**
 * Sorts (low, high) word pairs as unsigned 64-bit integers, in place. BigUint64Array.sort compares BigInts and took
 * most of a second for 10M rows; an LSD radix sort needed a second array as large as the hashes, which made the end
 * of a 1 GB import its peak (80 MB more at 10M rows). So: in-place passes (American flag sort) put each pair into the
 * bucket of its top 8 bits, then each of those into the bucket of its next 8, and each 16-bit bucket (a few hundred
 * pairs for hashes) is sorted on its other 48 bits with a scratch the size of the largest bucket. Two 8-bit passes
 * rather than one over 65,536 buckets: with 256 write positions they stay in cache, and one 16-bit pass spent
 * 1.7 s of a 10M-row sort on cache misses. Returns `words`.
 */
export function radixSort64(words: Uint32Array): Uint32Array {
  const n = words.length / 2;
  // a handful of pairs (a tiny run of spilled row hashes) is not worth the 65,536 buckets
  if (n <= 32) {
    insertionSort(words, 0, n);
    return words;
  }
  const starts = new Int32Array(65537);
  const next = new Int32Array(256);
  const top = flagPartition(words, 0, n, 24, new Int32Array(257), next);
  for (let d = 0; d < 256; d++) starts.set(flagPartition(words, top[d], top[d + 1], 16, starts.subarray(d * 256, d * 256 + 257), next), d * 256);
  let largest = 0;
  for (let d = 0; d < 65536; d++) largest = Math.max(largest, starts[d + 1] - starts[d]);
  const scratch = new Uint32Array(2 * largest);
  const counts = new Int32Array(256);
  for (let d = 0; d < 65536; d++) sortBucket(words, starts[d], starts[d + 1], scratch, counts);
  return words;
}

/**
 * Moves pairs [from, to) in place into 256 buckets by the 8 bits of their high word at `shift`, and returns in
 * `starts` where each bucket begins (starts[256] = to); `next` is scratch for the write positions.
 */
function flagPartition(words: Uint32Array, from: number, to: number, shift: number, starts: Int32Array, next: Int32Array): Int32Array {
  starts.fill(0);
  for (let i = from; i < to; i++) starts[((words[2 * i + 1] >>> shift) & 0xff) + 1]++;
  starts[0] = from;
  for (let d = 0; d < 256; d++) starts[d + 1] += starts[d];
  next.set(starts.subarray(0, 256));
  for (let d = 0; d < 256; d++) {
    const end = starts[d + 1];
    while (next[d] < end) {
      // carry the pair at next[d] to its bucket, and the pair found there to its own, until one belongs here
      const at = next[d];
      let lo = words[2 * at];
      let hi = words[2 * at + 1];
      let bucket = (hi >>> shift) & 0xff;
      while (bucket !== d) {
        const j = next[bucket]++;
        const lo2 = words[2 * j];
        const hi2 = words[2 * j + 1];
        words[2 * j] = lo;
        words[2 * j + 1] = hi;
        lo = lo2;
        hi = hi2;
        bucket = (hi >>> shift) & 0xff;
      }
      words[2 * at] = lo;
      words[2 * at + 1] = hi;
      next[d]++;
    }
  }
  return starts;
}

/** Buckets up to this size are partitioned once and insertion-sorted (see sortBucket). */
const PARTITION_LIMIT = 2048;

/**
 * Pairs [from, to) share their top 16 bits. Few (up to 32): an insertion sort. Up to PARTITION_LIMIT (the usual
 * bucket, ~150 pairs at 10M rows): one counting pass on the next 8 bits, then an insertion sort, which finds the
 * bucket nearly sorted (only pairs sharing 24 bits are out of order); six LSD passes, each clearing and summing 256
 * counters for ~150 pairs, made the 10M-row sort twice as slow (0.83-0.98 s against 0.42-0.45 s). Larger: an LSD
 * radix sort on 8-bit digits.
 */
function sortBucket(words: Uint32Array, from: number, to: number, scratch: Uint32Array, counts: Int32Array): void {
  const m = to - from;
  if (m < 2) return;
  if (m <= 32) return insertionSort(words, from, to);
  if (m <= PARTITION_LIMIT) {
    counts.fill(0);
    for (let i = from; i < to; i++) counts[(words[2 * i + 1] >>> 8) & 0xff]++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = from; i < to; i++) {
      const at = 2 * counts[(words[2 * i + 1] >>> 8) & 0xff]++;
      scratch[at] = words[2 * i];
      scratch[at + 1] = words[2 * i + 1];
    }
    words.set(scratch.subarray(0, 2 * m), 2 * from);
    return insertionSort(words, from, to);
  }
  let src = words.subarray(2 * from, 2 * to);
  let dst = scratch.subarray(0, 2 * m);
  // six passes (an even number), so the result ends where it started
  for (let pass = 0; pass < 6; pass++) {
    const word = pass < 4 ? 0 : 1;
    const shift = (pass % 4) * 8;
    counts.fill(0);
    for (let i = 0; i < m; i++) counts[(src[2 * i + word] >>> shift) & 0xff]++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let i = 0; i < m; i++) {
      const at = 2 * counts[(src[2 * i + word] >>> shift) & 0xff]++;
      dst[at] = src[2 * i];
      dst[at + 1] = src[2 * i + 1];
    }
    [src, dst] = [dst, src];
  }
}

/** Sorts pairs [from, to) as unsigned 64-bit integers: quick when they are few or nearly in order. */
function insertionSort(words: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const lo = words[2 * i];
    const hi = words[2 * i + 1];
    let j = i - 1;
    while (j >= from && (words[2 * j + 1] > hi || (words[2 * j + 1] === hi && words[2 * j] > lo))) {
      words[2 * j + 2] = words[2 * j];
      words[2 * j + 3] = words[2 * j + 1];
      j--;
    }
    words[2 * j + 2] = lo;
    words[2 * j + 3] = hi;
  }
}

/**
 * Sorted row hashes, handed out a block at a time: a diff walks both sides in step and never needs either whole (the
 * stored hashes of a 40M-row version are 320 MB). A block is valid until the next call.
 */
export interface SortedHashBlocks {
  /** the next block in order, or null after the last */
  next(): BigUint64Array | null;
}

/** Hashes already in memory, as one block. */
export function hashBlocksOf(hashes: BigUint64Array): SortedHashBlocks {
  let given = false;
  return {
    next: () => {
      if (given) return null;
      given = true;
      return hashes;
    },
  };
}

/** Hashes read from a stored row-hash blob `blockHashes` at a time (1 MiB by default), into one reused buffer. */
export function storedHashBlocks(reader: BlobReader, blockHashes = 128 * 1024): SortedHashBlocks {
  const block = new BigUint64Array(blockHashes);
  const bytes = new Uint8Array(block.buffer);
  return {
    next: () => {
      const read = reader.read(bytes);
      if (read % 8 !== 0) fail('PROJECT_CORRUPT', `${reader.file} is not whole 8-byte row hashes: it ends ${read % 8} bytes into one`, { where: { file: reader.file } });
      return read === 0 ? null : block.subarray(0, read / 8);
    },
  };
}

/** Rows in `to` but not `from`, and the reverse, counting duplicates (the multiset difference of two sorted sequences). */
export function diffSortedHashes(from: SortedHashBlocks, to: SortedHashBlocks): { added: number; removed: number } {
  let a = from.next();
  let b = to.next();
  let i = 0;
  let j = 0;
  let added = 0;
  let removed = 0;
  while (a !== null && b !== null) {
    if (i === a.length) {
      a = from.next();
      i = 0;
    } else if (j === b.length) {
      b = to.next();
      j = 0;
    } else if (a[i] === b[j]) {
      i++;
      j++;
    } else if (a[i] < b[j]) {
      removed++;
      i++;
    } else {
      added++;
      j++;
    }
  }
  for (; a !== null; a = from.next(), i = 0) removed += a.length - i;
  for (; b !== null; b = to.next(), j = 0) added += b.length - j;
  return { added, removed };
}
