// Per-row 64-bit hashes: built while encoding, stored sorted as a blob, and compared as multisets to diff versions.
import { CHUNK_ROWS } from './arrow-chunks';
import { fmix32 } from './field-hash';

/** Collects one 64-bit hash per row from the cell hashes of that row, in column order. */
export class RowHasher {
  private words: Uint32Array;
  private rows = 0;
  /** the running (a, b) of each row of the chunk being folded */
  private readonly a = new Uint32Array(CHUNK_ROWS);
  private readonly b = new Uint32Array(CHUNK_ROWS);

  /** an estimate of the rows sizes the buffer once; pages never written cost no memory, so estimate high */
  constructor(expectedRows: number) {
    this.words = new Uint32Array(Math.max(2, expectedRows * 2));
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
    while ((this.rows + n) * 2 > this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    // little-endian (low, high) words: read back below as one unsigned 64-bit integer, without making BigInts
    const words = this.words;
    let w = this.rows * 2;
    for (let r = 0; r < n; r++) {
      words[w++] = fmix32(a[r] ^ b[r]);
      words[w++] = fmix32(b[r] + 0x9e3779b9);
    }
    this.rows += n;
  }

  /** The row hashes, sorted, as the bytes stored in the version's row-hash blob. */
  sortedBytes(): Uint8Array {
    const sorted = radixSort64(this.words.subarray(0, this.rows * 2));
    return new Uint8Array(sorted.buffer, sorted.byteOffset, this.rows * 8);
  }
}

/**
 * Sorts (low, high) word pairs as unsigned 64-bit integers: least significant digit first, four 16-bit digits.
 * Linear in the rows, where BigUint64Array.sort compares BigInts and took most of a second for 10M rows.
 */
export function radixSort64(words: Uint32Array): Uint32Array {
  const n = words.length / 2;
  let from: Uint32Array = words;
  let to: Uint32Array = new Uint32Array(words.length);
  const counts = new Int32Array(65536);
  for (let digit = 0; digit < 4; digit++) {
    const word = digit >> 1;
    const shift = (digit & 1) * 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(from[2 * i + word] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const at = 2 * counts[(from[2 * i + word] >>> shift) & 0xffff]++;
      to[at] = from[2 * i];
      to[at + 1] = from[2 * i + 1];
    }
    [from, to] = [to, from];
  }
  // an even number of passes leaves the result where it started
  return from;
}

export function rowHashesFromBytes(bytes: Uint8Array): BigUint64Array {
  // copy: a Buffer from readFile may sit at an offset that is not 8-byte aligned
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  return new BigUint64Array(aligned.buffer, 0, bytes.byteLength / 8);
}

/** Rows in `to` but not `from`, and the reverse, counting duplicates (multiset difference of two sorted arrays). */
export function diffSortedHashes(from: BigUint64Array, to: BigUint64Array): { added: number; removed: number } {
  let i = 0;
  let j = 0;
  let added = 0;
  let removed = 0;
  while (i < from.length && j < to.length) {
    if (from[i] === to[j]) {
      i++;
      j++;
    } else if (from[i] < to[j]) {
      removed++;
      i++;
    } else {
      added++;
      j++;
    }
  }
  return { added: added + (to.length - j), removed: removed + (from.length - i) };
}
