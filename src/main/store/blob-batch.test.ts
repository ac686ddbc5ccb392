import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject } from '../datasets/test-project';
import { tempDir } from '../test-support/temp-project';
import { BlobStore } from './blobs';

const bytesOf = (i: number): Uint8Array => new TextEncoder().encode(`blob number ${i}`);

describe('batched blob writes', () => {
  it('puts a batched blob at its name only once the batch settles, with the bytes and hash put() gives', async () => {
    const blobs = new BlobStore(tempDir());
    const batch = blobs.batch();
    const hash = blobs.put(bytesOf(1), batch);
    expect(hash).toBe(BlobStore.hash(bytesOf(1)));
    // not yet synced, so not yet named: a reader never sees a blob a crash could still lose
    expect(blobs.has(hash)).toBe(false);
    await batch.settle();
    expect(new Uint8Array(blobs.get(hash))).toEqual(bytesOf(1));
    expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
  });

  it('stores every blob of a batch larger than the writes it keeps in flight, and no temp file', async () => {
    const blobs = new BlobStore(tempDir());
    const batch = blobs.batch();
    const hashes = Array.from({ length: 100 }, (_, i) => blobs.put(bytesOf(i), batch));
    await batch.settle();
    hashes.forEach((hash, i) => expect(new Uint8Array(blobs.get(hash))).toEqual(bytesOf(i)));
    expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
  });

  it('removes the blobs it placed when abandoned, except one that another writer stored again meanwhile', async () => {
    const blobs = new BlobStore(tempDir());
    const batch = blobs.batch();
    const hashes = Array.from({ length: 20 }, (_, i) => blobs.put(bytesOf(i), batch));
    // wait for the writes, as an import that goes on encoding would, then store one of the same bytes again
    while (!hashes.every((h) => blobs.has(h))) await new Promise((resolve) => setTimeout(resolve, 10));
    const older = fs.statSync(blobs.pathOf(hashes[3])).mtimeMs;
    fs.utimesSync(blobs.pathOf(hashes[3]), new Date(older - 60_000), new Date(older - 60_000));
    blobs.put(bytesOf(3));
    await batch.abandon();
    expect(hashes.filter((h) => blobs.has(h))).toEqual([hashes[3]]);
  });

  it('leaves no temp file behind when an import fails after storing chunks', async () => {
    const p = tempProject();
    try {
      const rows = Array.from({ length: 70_000 }, (_, i) => `${i},${i % 7}`);
      const file = p.file('ragged.csv', `a,b\n${rows.join('\n')}\n1,2,3\n`);
      await expect(importDataset(p.store, { path: file, fileName: 'ragged.csv', name: 'r' }, quietProgress(), { sampleBytes: 4096, readChunkBytes: 65_536 })).rejects.toSatisfy(
        (e) => e instanceof AppFailure && e.error.code === 'CSV_RAGGED_ROW',
      );
      // the first chunk's two columns were written before the bad row was met
      expect(fs.readdirSync(p.store.blobs.dir).filter((d) => d !== 'tmp').length).toBeGreaterThan(0);
      expect(fs.readdirSync(path.join(p.store.blobs.dir, 'tmp'))).toEqual([]);
    } finally {
      p.cleanup();
    }
  });
});
