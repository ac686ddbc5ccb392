// Content-addressed blob store: blobs/<aa>/<sha256>. Writes go to a temp file, are fsynced, then renamed,
// so a reader sees a whole blob or none, even if the process is killed mid-write.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fail, SPACE_EXHAUSTED, spaceExhaustion, type SpaceExhaustion } from '../../shared/errors';
import { pidAlive } from './pid-alive';

/** A temp file older than this is a leftover whoever wrote it (a reused pid, a writer on another host). */
const TEMP_MAX_AGE_MS = 24 * 3600 * 1000;

/** Temp names carry their writer, `<hash>.<pid>@<host>.<random>.tmp`, so a sweep can leave a live writer's alone. */
const TEMP_NAME = /^[a-f0-9]{64}\.(\d+)@([A-Za-z0-9._-]*)\.[a-f0-9]+\.tmp$/;
const hostTag = (): string => os.hostname().replace(/[^A-Za-z0-9._-]/g, '_');

export interface BlobStoreOptions {
  /** refuse a write that would leave less than this many bytes free on the disk (default 64 MiB) */
  reserveBytes?: number;
  /** a read-only project's store: it never writes, so it makes no tmp/ folder (its folder may not be writable) */
  readOnly?: boolean;
}

export class BlobStore {
  readonly dir: string;
  private readonly tmpDir: string;
  private readonly reserveBytes: number;

  constructor(dir: string, options: BlobStoreOptions = {}) {
    this.dir = dir;
    this.tmpDir = path.join(dir, 'tmp');
    this.reserveBytes = options.reserveBytes ?? 64 * 1024 * 1024;
    if (!options.readOnly) fs.mkdirSync(this.tmpDir, { recursive: true });
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
    if (fs.existsSync(target)) {
      // Reusing a blob makes it young again, so an orphan sweep that began before this write leaves it alone.
      const now = new Date();
      fs.utimesSync(target, now, now);
      return hash;
    }
    this.ensureRoom(bytes.byteLength);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = path.join(this.tmpDir, `${hash}.${process.pid}@${hostTag()}.${randomBytes(6).toString('hex')}.tmp`);
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
      const kind = spaceExhaustion((e as NodeJS.ErrnoException).code);
      if (kind !== null) this.diskFull(target, kind);
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

  /**
   * Removes temp files left by killed writers: those whose writing process no longer exists on this host, and any
   * older than a day. A live process's half-written blob is left alone. Returns how many were removed.
   */
  sweepTemp(nowMs = Date.now()): number {
    let removed = 0;
    if (!fs.existsSync(this.tmpDir)) return removed;
    for (const name of fs.readdirSync(this.tmpDir)) {
      const file = path.join(this.tmpDir, name);
      const owner = TEMP_NAME.exec(name);
      // An unattributed name (an older Airlock) or a writer on another host cannot be probed: only age tells.
      const writerGone = owner !== null && owner[2] === hostTag() && !pidAlive(Number(owner[1]));
      if (!writerGone && nowMs - mtimeMs(file) < TEMP_MAX_AGE_MS) continue;
      fs.rmSync(file, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Removes blobs no table references and last written before `cutoffMs`; returns their hashes. The cutoff keeps
   * blobs that a job started since is writing (or reusing: put() refreshes their time) before it commits them.
   */
  sweepUnreferenced(referenced: ReadonlySet<string>, cutoffMs: number): string[] {
    const removed: string[] = [];
    for (const prefix of fs.readdirSync(this.dir)) {
      if (!/^[a-f0-9]{2}$/.test(prefix)) continue;
      for (const hash of fs.readdirSync(path.join(this.dir, prefix))) {
        if (referenced.has(hash) || !/^[a-f0-9]{64}$/.test(hash)) continue;
        const file = path.join(this.dir, prefix, hash);
        if (mtimeMs(file) >= cutoffMs) continue;
        fs.rmSync(file, { force: true });
        removed.push(hash);
      }
    }
    return removed;
  }

  freeBytes(): number {
    const s = fs.statfsSync(this.dir);
    return Number(s.bavail) * Number(s.bsize);
  }

  private ensureRoom(size: number): void {
    if (this.freeBytes() - size < this.reserveBytes) this.diskFull();
  }

  private diskFull(file = this.dir, kind: SpaceExhaustion = 'disk'): never {
    const { cause, hint } = SPACE_EXHAUSTED[kind];
    fail('DISK_FULL', `${cause} writing ${file}: nothing was stored.`, { hint, where: { file } });
  }

}

/** A file's modification time, or +Infinity when it is already gone (so no caller removes it). */
function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}
