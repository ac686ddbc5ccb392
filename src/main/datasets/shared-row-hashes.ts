// Row hashes over a subset of columns, computed from a version's stored chunks: how a diff compares rows when the
// two versions do not have the same columns (a column added to every row should not make every row "changed").
import type { ColumnType } from '../../shared/domain';
import type { ChunkCache } from './chunk-cache';
import { fmix32, hashBytes, hashNumber, lanes } from './field-hash';
import { radixSort64 } from './row-hashes';

export interface HashedColumn {
  type: ColumnType;
  /** blob hashes of the column's chunks, in row order */
  chunks: string[];
}

const utf8 = new TextEncoder();

/** Sorted 64-bit row hashes over `columns`, in the order given (both sides of a diff must pass the same order). */
export function rowHashesOver(cache: ChunkCache, columns: HashedColumn[], rows: number): BigUint64Array {
  const a = new Uint32Array(rows).fill(0x243f6a88);
  const b = new Uint32Array(rows).fill(0x85a308d3);
  for (const column of columns) {
    let row = 0;
    for (const blob of column.chunks) {
      const vector = cache.get(blob);
      for (let i = 0; i < vector.length; i++, row++) {
        const v = vector.get(i) as string | number | bigint | boolean | null;
        if (v === null || v === undefined) {
          lanes[0] = 0x9e3779b9;
          lanes[1] = 0x7f4a7c15;
        } else if (typeof v === 'string') {
          const bytes = utf8.encode(v);
          hashBytes(bytes, 0, bytes.length);
        } else hashNumber(Number(v));
        a[row] = Math.imul((a[row] ^ lanes[0]) >>> 0, 0x01000193) + 0x7f4a7c15;
        b[row] = Math.imul((b[row] ^ lanes[1]) >>> 0, 0x5bd1e995) + 0x94d049bb;
      }
    }
  }
  const words = new Uint32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    words[2 * r] = fmix32(a[r] ^ b[r]);
    words[2 * r + 1] = fmix32(b[r] + 0x9e3779b9);
  }
  const sorted = radixSort64(words);
  return new BigUint64Array(sorted.buffer, sorted.byteOffset, rows);
}
