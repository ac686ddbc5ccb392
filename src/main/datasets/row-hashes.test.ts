import { describe, expect, it } from 'vitest';
import { BlobStore } from '../store/blobs';
import { tempDir } from '../test-support/temp-project';
import { diffSortedHashes, hashBlocksOf, radixSort64, RowHasher, storedHashBlocks, type SortedHashBlocks } from './row-hashes';

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
      const reader = blobs.reader(hasher.store(blobs));
      const hashes = storedHashBlocks(reader).next();
      reader.close();
      return hashes === null ? [] : [...hashes];
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

describe('diffSortedHashes', () => {
  /** `n` sorted hashes from a small range, so many repeat (a row that occurs several times), by a seeded generator */
  const sortedHashes = (n: number, seed: number): BigUint64Array => {
    let x = seed;
    return BigUint64Array.from({ length: n }, () => BigInt((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) % 3_000)).sort();
  };
  /** the multiset difference counted by maps: the reference the block-by-block walk is held to */
  const byCounts = (from: BigUint64Array, to: BigUint64Array) => {
    const count = new Map<bigint, number>();
    for (const h of from) count.set(h, (count.get(h) ?? 0) + 1);
    for (const h of to) count.set(h, (count.get(h) ?? 0) - 1);
    let added = 0;
    let removed = 0;
    for (const c of count.values()) if (c > 0) removed += c; else added -= c;
    return { added, removed };
  };

  it('counts the rows added and removed, repeats included, however the two sides are cut into blocks', () => {
    const from = sortedHashes(5_000, 1);
    const to = sortedHashes(4_321, 2);
    const expected = byCounts(from, to);
    expect(expected.added).toBeGreaterThan(1_000);
    // blocks of 1, 7 and 1,000 hashes cut through runs of equal hashes at different places on the two sides
    const blocks = (hashes: BigUint64Array, size: number): SortedHashBlocks => {
      let at = 0;
      return { next: () => (at >= hashes.length ? null : hashes.subarray(at, (at += size))) };
    };
    for (const [a, b] of [[1, 7], [7, 1], [1_000, 3], [10_000, 10_000]]) expect(diffSortedHashes(blocks(from, a), blocks(to, b))).toEqual(expected);
    expect(diffSortedHashes(hashBlocksOf(from), hashBlocksOf(new BigUint64Array(0)))).toEqual({ added: 0, removed: 5_000 });
    expect(diffSortedHashes(hashBlocksOf(new BigUint64Array(0)), hashBlocksOf(to))).toEqual({ added: 4_321, removed: 0 });
  });

  it('reads stored hashes from their blob a block at a time, to the same counts as the hashes in memory', () => {
    const blobs = new BlobStore(tempDir());
    const from = sortedHashes(5_000, 3);
    const to = sortedHashes(6_000, 4);
    const store = (h: BigUint64Array) => blobs.put(new Uint8Array(h.buffer));
    const [a, b] = [blobs.reader(store(from)), blobs.reader(store(to))];
    // 64 hashes a block: each side is read in many blocks, the last one short
    expect(diffSortedHashes(storedHashBlocks(a, 64), storedHashBlocks(b, 64))).toEqual(byCounts(from, to));
    a.close();
    b.close();
  });

  it('refuses a stored blob that is not whole 8-byte hashes, naming the file', () => {
    const blobs = new BlobStore(tempDir());
    const reader = blobs.reader(blobs.put(new Uint8Array(8 * 5 + 3)));
    expect(() => storedHashBlocks(reader, 4).next()).not.toThrow();
    expect(() => storedHashBlocks(reader, 4).next()).toThrow(/is not whole 8-byte row hashes: it ends 3 bytes into one/);
    reader.close();
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
