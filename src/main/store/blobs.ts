// Content-addressed blob store: blobs/<aa>/<sha256>. Writes go to a temp file, are fsynced, then renamed,
// so a reader sees a whole blob or none, even if the process is killed mid-write.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/errors';

export interface BlobStoreOptions {
  /** refuse a write that would leave less than this many bytes free on the disk (default 64 MiB) */
  reserveBytes?: number;
}

export class BlobStore {
  readonly dir: string;
  private readonly tmpDir: string;
  private readonly reserveBytes: number;

  constructor(dir: string, options: BlobStoreOptions = {}) {
    this.dir = dir;
    this.tmpDir = path.join(dir, 'tmp');
    this.reserveBytes = options.reserveBytes ?? 64 * 1024 * 1024;
    fs.mkdirSync(this.tmpDir, { recursive: true });
  }

  static hash(bytes: Uint8Array): string {
    return createHash('sha256').update(bytes).digest('hex');
  }

  pathOf(hash: string): string {
    if (!/^[a-f0-9]{64}$/.test(hash)) fail('BAD_INPUT', `not a blob hash: ${hash}`);
    return path.join(this.dir, hash.slice(0, 2), hash);
  }

  has(hash: string): boolean {
    return fs.existsSync(this.pathOf(hash));
  }

  /** Stores bytes and returns their SHA-256; storing the same content twice writes nothing the second time. */
  put(bytes: Uint8Array): string {
    const hash = BlobStore.hash(bytes);
    const target = this.pathOf(hash);
    if (fs.existsSync(target)) return hash;
    this.ensureRoom(bytes.byteLength);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = path.join(this.tmpDir, `${hash}.${randomBytes(6).toString('hex')}.tmp`);
    let fd: number | undefined;
    try {
      fd = fs.openSync(tmp, 'wx');
      let written = 0;
      while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(tmp, target);
    } catch (e) {
      if (fd !== undefined) fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      if ((e as NodeJS.ErrnoException).code === 'ENOSPC') this.diskFull();
      throw e;
    }
    return hash;
  }

  get(hash: string): Buffer {
    const file = this.pathOf(hash);
    try {
      return fs.readFileSync(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') fail('NOT_FOUND', `blob ${hash.slice(0, 12)} is missing from the project`, { where: { file } });
      throw e;
    }
  }

  /** Removes temp files left by a killed writer. Call only when no writer of this project is running. */
  sweepTemp(): void {
    for (const name of fs.readdirSync(this.tmpDir)) fs.rmSync(path.join(this.tmpDir, name), { force: true });
  }

  freeBytes(): number {
    const s = fs.statfsSync(this.dir);
    return Number(s.bavail) * Number(s.bsize);
  }

  private ensureRoom(size: number): void {
    if (this.freeBytes() - size < this.reserveBytes) this.diskFull();
  }

  private diskFull(): never {
    fail('DISK_FULL', 'The disk holding the project is full: nothing was stored.', {
      hint: 'Free some space on that disk and try again.',
      where: { file: this.dir },
    });
  }
}
