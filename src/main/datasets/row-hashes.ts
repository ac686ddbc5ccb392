// Per-row 64-bit hashes: built while encoding, stored sorted as a blob, and compared as multisets to diff versions.
import { fmix32, lanes } from './field-hash';

/** Collects one 64-bit hash per row from the cell hashes of that row, in column order. */
export class RowHasher {
  private words: Uint32Array;
  private rows = 0;
  private a = 0;
  private b = 0;

  /** expectedRows (from the first pass) sizes the buffer once, so 10M rows cost 80 MB and no regrowth */
  constructor(expectedRows: number) {
    this.words = new Uint32Array(Math.max(2, expectedRows * 2));
  }

  startRow(): void {
    this.a = 0x243f6a88;
    this.b = 0x85a308d3;
  }

  /** mixes in the cell hash now held in `lanes` */
  addCell(): void {
    this.a = Math.imul((this.a ^ lanes[0]) >>> 0, 0x01000193) + 0x7f4a7c15;
    this.b = Math.imul((this.b ^ lanes[1]) >>> 0, 0x5bd1e995) + 0x94d049bb;
  }

  endRow(): void {
    if (this.rows * 2 === this.words.length) {
      const grown = new Uint32Array(this.words.length * 2);
      grown.set(this.words);
      this.words = grown;
    }
    // little-endian (low, high) words: read back below as one unsigned 64-bit integer, without making BigInts
    this.words[this.rows * 2] = fmix32(this.a ^ this.b);
    this.words[this.rows * 2 + 1] = fmix32(this.b + 0x9e3779b9);
    this.rows++;
  }

  /** The row hashes, sorted, as the bytes stored in the version's row-hash blob. */
  sortedBytes(): Uint8Array {
    const hashes = new BigUint64Array(this.words.buffer, 0, this.rows);
    hashes.sort();
    return new Uint8Array(hashes.buffer, 0, this.rows * 8);
  }
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
