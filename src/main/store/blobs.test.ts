import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { tempDir } from '../test-support/temp-project';
import { BlobStore } from './blobs';

describe('content-addressed blob store', () => {
  it('stores bytes under their SHA-256 and reads them back', () => {
    const blobs = new BlobStore(tempDir());
    const bytes = new TextEncoder().encode('hello airlock');
    const hash = blobs.put(bytes);
    expect(hash).toBe(BlobStore.hash(bytes));
    expect(blobs.pathOf(hash)).toContain(path.join(hash.slice(0, 2), hash));
    expect(new Uint8Array(blobs.get(hash))).toEqual(bytes);
  });

  it('writes identical content once', () => {
    const blobs = new BlobStore(tempDir());
    const h1 = blobs.put(new Uint8Array([1, 2, 3]));
    // the same file, not a rewritten copy renamed over it (put() only refreshes its time, for the orphan sweep)
    const inode = fs.statSync(blobs.pathOf(h1)).ino;
    const h2 = blobs.put(new Uint8Array([1, 2, 3]));
    expect(h2).toBe(h1);
    expect(fs.statSync(blobs.pathOf(h1)).ino).toBe(inode);
  });

  it('leaves no temp file behind and stores nothing when the disk is full', () => {
    const dir = tempDir();
    const blobs = new BlobStore(dir, { reserveBytes: Number.MAX_SAFE_INTEGER });
    const bytes = new Uint8Array(1024);
    try {
      blobs.put(bytes);
      expect.unreachable('a full disk must be refused');
    } catch (e) {
      expect((e as AppFailure).error.code).toBe('DISK_FULL');
    }
    expect(blobs.has(BlobStore.hash(bytes))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('names a missing blob instead of crashing', () => {
    const blobs = new BlobStore(tempDir());
    expect(() => blobs.get('a'.repeat(64))).toThrowError(/missing/);
  });

  it('sweeps a temp file of unknown writer once it is a day old', () => {
    const dir = tempDir();
    const blobs = new BlobStore(dir);
    const file = path.join(dir, 'tmp', 'abc.tmp');
    fs.writeFileSync(file, 'half');
    const dayOld = new Date(Date.now() - 24 * 3600 * 1000 - 1000);
    fs.utimesSync(file, dayOld, dayOld);
    blobs.sweepTemp();
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });
});
