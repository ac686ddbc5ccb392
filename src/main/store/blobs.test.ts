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

  it('stores a blob written in pieces under the SHA-256 of all its bytes, with no temp file left', () => {
    const dir = tempDir();
    const blobs = new BlobStore(dir);
    const whole = new TextEncoder().encode('one blob, written in three pieces');
    const writer = blobs.writer(whole.byteLength);
    for (const [from, to] of [[0, 4], [4, 20], [20, whole.byteLength]]) writer.write(whole.subarray(from, to));
    const hash = writer.finish();
    expect(hash).toBe(BlobStore.hash(whole));
    expect(new Uint8Array(blobs.get(hash))).toEqual(whole);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('keeps the stored file when a blob written in pieces is already stored', () => {
    const dir = tempDir();
    const blobs = new BlobStore(dir);
    const hash = blobs.put(new Uint8Array([7, 8, 9]));
    const inode = fs.statSync(blobs.pathOf(hash)).ino;
    const writer = blobs.writer(3);
    writer.write(new Uint8Array([7, 8]));
    writer.write(new Uint8Array([9]));
    expect(writer.finish()).toBe(hash);
    expect(fs.statSync(blobs.pathOf(hash)).ino).toBe(inode);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('stores nothing and leaves no temp file when a blob written in pieces is aborted', () => {
    const dir = tempDir();
    const blobs = new BlobStore(dir);
    const writer = blobs.writer(2);
    writer.write(new Uint8Array([1]));
    writer.abort();
    expect(() => writer.write(new Uint8Array([2]))).toThrowError(/already finished or aborted/);
    expect(blobs.has(BlobStore.hash(new Uint8Array([1])))).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('refuses a blob to be written in pieces that the disk has no room for, before writing a byte', () => {
    const dir = tempDir();
    const blobs = new BlobStore(dir, { reserveBytes: Number.MAX_SAFE_INTEGER });
    try {
      blobs.writer(1024);
      expect.unreachable('a full disk must be refused');
    } catch (e) {
      expect((e as AppFailure).error.code).toBe('DISK_FULL');
    }
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
