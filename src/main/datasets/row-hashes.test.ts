import { describe, expect, it } from 'vitest';
import { BlobStore } from '../store/blobs';
import { tempDir } from '../test-support/temp-project';
import { radixSort64, rowHashesFromBytes, RowHasher } from './row-hashes';

describe('row hashes', () => {
  it('radix-sorts 64-bit hashes into the order BigUint64Array.sort gives', () => {
    const words = new Uint32Array(2 * 50_000);
    let x = 12345;
    for (let i = 0; i < words.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      // few distinct high words, so ties on the high half are sorted by the low half
      words[i] = i % 2 === 1 ? (x >>> 0) % 7 : x >>> 0;
    }
    const expected = new BigUint64Array(words.slice().buffer).sort();
    const sorted = radixSort64(words);
    expect(new BigUint64Array(sorted.buffer, sorted.byteOffset, sorted.length / 2)).toEqual(expected);
  });

  it('gives one hash per row that depends on the cells and their column order', () => {
    const blobs = new BlobStore(tempDir());
    const hashOf = (columns: number[][]): bigint[] => {
      const hasher = new RowHasher(2);
      const lanes = columns.map(([a, b]) => ({ hashA: new Uint32Array([a, a]), hashB: new Uint32Array([b, b + 1]) }));
      hasher.addChunk(lanes, 2);
      return [...rowHashesFromBytes(blobs.get(hasher.store(blobs)))];
    };
    const ab = hashOf([
      [1, 2],
      [3, 4],
    ]);
    expect(ab).toHaveLength(2);
    expect(ab[0]).not.toBe(ab[1]);
    expect(hashOf([[3, 4], [1, 2]])).not.toEqual(ab);
  });
});

describe('radixSort64 in place', () => {
  it('sorts uniform 64-bit hashes, small and large buckets alike, into the order BigUint64Array.sort gives', () => {
    for (const n of [0, 1, 2, 33, 300_000]) {
      const words = new Uint32Array(2 * n);
      let x = 987654321;
      for (let i = 0; i < words.length; i++) words[i] = x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      // a run of equal and nearly equal pairs: a bucket past the insertion sort's size, ties included
      for (let i = 0; i < Math.min(n, 500); i++) {
        words[2 * i] = i % 3;
        words[2 * i + 1] = 0xabcd0000 + (i % 5);
      }
      // 3,000 pairs sharing their top 16 bits: a bucket past the one-partition-then-insertion size, sorted by LSD passes
      for (let i = 500; i < Math.min(n, 3500); i++) {
        words[2 * i] = Math.imul(i, 2654435761) >>> 0;
        words[2 * i + 1] = 0x12340000 + (i % 977) * 64;
      }
      const expected = new BigUint64Array(words.slice().buffer).sort();
      const sorted = radixSort64(words);
      expect(sorted).toBe(words);
      expect(new BigUint64Array(sorted.buffer, sorted.byteOffset, n)).toEqual(expected);
    }
  });
});
