// Content-addressed blob store: blobs/<aa>/<sha256>. Writes go to a temp file, are fsynced, then renamed,
// so a reader sees a whole blob or none, even if the process is killed mid-write.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fail, SPACE_EXHAUSTED, spaceExhaustion, type SpaceExhaustion } from '../../shared/errors';
import { pidAlive } from './pid-alive';

/** A temp file older than this is a leftover whoever wrote it (a reused pid, a writer on another host). */
const TEMP_MAX_AGE_MS = 24 * 3600 * 1000;

/**
 * Temp names carry their writer, `<what>.<pid>@<host>.<random>.tmp`, so a sweep can leave a live writer's alone;
 * `<what>` is the blob's hash, or a label for a file whose hash is not known yet (tempPath()).
 */
const TEMP_NAME = /^(?:[a-f0-9]{64}|[a-z][a-z-]*)\.(\d+)@([A-Za-z0-9._-]*)\.[a-f0-9]+\.tmp$/;
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
  readonly reserveBytes: number;

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

  /**
   * Stores bytes and returns their SHA-256; storing the same content twice writes nothing the second time.
   * With a batch, the fsync and rename are the batch's: the blob is at its name once `batch.settle()` resolves.
   */
  put(bytes: Uint8Array, batch?: BlobBatch): string {
    const hash = BlobStore.hash(bytes);
    const target = this.pathOf(hash);
    if (fs.existsSync(target)) {
      makeYoung(target);
      return hash;
    }
    this.ensureRoom(bytes.byteLength);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = this.tempPath(hash);
    try {
      if (batch) batch.write(bytes, tmp, target);
      else writeSynced(bytes, tmp, target);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      this.writeFailed(e, target);
    }
    return hash;
  }

  /**
   * Stores a blob too large to hold at once, written in pieces (see BlobWriter): `bytes` is its whole size, so a disk
   * without room for it is refused before anything is written.
   */
  writer(bytes: number): BlobWriter {
    this.ensureRoom(bytes);
    return new BlobWriter(this, this.tempPath('blob'));
  }

  /**
   * A fresh path in the store's temp folder, named after this process so that opening the project after a crash
   * sweeps it (sweepTemp()); `label` is the blob's hash, or a lowercase word saying what the file holds.
   */
  tempPath(label: string): string {
    return path.join(this.tmpDir, `${label}.${process.pid}@${hostTag()}.${randomBytes(6).toString('hex')}.tmp`);
  }

  /** Rethrows a failed write, as DISK_FULL naming `file` when the disk or a quota ran out. */
  writeFailed(e: unknown, file: string): never {
    const kind = spaceExhaustion((e as NodeJS.ErrnoException).code);
    if (kind !== null) this.diskFull(file, kind);
    throw e;
  }

  get(hash: string): Buffer {
    const file = this.pathOf(hash);
    try {
      return fs.readFileSync(file);
    } catch (e) {
      this.readFailed(e, hash, file);
    }
  }

  /** The blob opened for reading in order, a block at a time: for blobs too large to hold whole. Close it when done. */
  reader(hash: string): BlobReader {
    const file = this.pathOf(hash);
    try {
      return new BlobReader(file, fs.openSync(file, 'r'));
    } catch (e) {
      this.readFailed(e, hash, file);
    }
  }

  private readFailed(e: unknown, hash: string, file: string): never {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') fail('NOT_FOUND', `blob ${hash.slice(0, 12)} is missing from the project`, { where: { file } });
    throw e;
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

  /** Refuses (DISK_FULL) a write of `size` bytes that would leave less than the reserve free. */
  ensureRoom(size: number): void {
    if (this.freeBytes() - size < this.reserveBytes) this.diskFull();
  }

  /** A batch of writes whose fsyncs overlap the caller's work (see BlobBatch). */
  batch(): BlobBatch {
    return new BlobBatch((e, file) => this.writeFailed(e, file));
  }

  private diskFull(file = this.dir, kind: SpaceExhaustion = 'disk'): never {
    const { cause, hint } = SPACE_EXHAUSTED[kind];
    fail('DISK_FULL', `${cause} writing ${file}: nothing was stored.`, { hint, where: { file } });
  }

}

/**
 * One blob written in pieces to a temp file while its SHA-256 is computed, then synced and only then given its name,
 * as put() does; for content built as a stream (the merged row hashes of a large import) that is never whole in
 * memory. Call finish() or, on any failure, abort().
 */
export class BlobWriter {
  private readonly store: BlobStore;
  private readonly tmp: string;
  private readonly hash = createHash('sha256');
  private fd: number | null;

  constructor(store: BlobStore, tmp: string) {
    this.store = store;
    this.tmp = tmp;
    this.fd = fs.openSync(tmp, 'wx');
  }

  /** appends `bytes`; the caller may reuse them once this returns */
  write(bytes: Uint8Array): void {
    const fd = this.open();
    try {
      writeFully(fd, bytes);
    } catch (e) {
      this.abort();
      this.store.writeFailed(e, this.tmp);
    }
    this.hash.update(bytes);
  }

  /** Syncs the blob and names it by its hash, which it returns; content already stored is kept and made young again. */
  finish(): string {
    const fd = this.open();
    const hash = this.hash.digest('hex');
    const target = this.store.pathOf(hash);
    if (fs.existsSync(target)) {
      this.abort();
      makeYoung(target);
      return hash;
    }
    try {
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      this.fd = null;
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.renameSync(this.tmp, target);
      syncFolderNow(path.dirname(target));
    } catch (e) {
      this.abort();
      this.store.writeFailed(e, target);
    }
    return hash;
  }

  /** Closes and removes the temp file; nothing is stored. */
  abort(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.tmp, { force: true });
  }

  private open(): number {
    if (this.fd === null) fail('BAD_INPUT', `blob writer ${path.basename(this.tmp)} is already finished or aborted`);
    return this.fd;
  }
}

/** A blob read from its start to its end (BlobStore.reader). */
export class BlobReader {
  constructor(readonly file: string, private fd: number | null) {}

  /** Fills `into` from where the last read stopped, short only at the blob's end; returns the bytes read (0: the end). */
  read(into: Uint8Array): number {
    if (this.fd === null) throw new Error('the blob reader is closed');
    let read = 0;
    while (read < into.byteLength) {
      const n = fs.readSync(this.fd, into, read, into.byteLength - read, null);
      if (n === 0) break;
      read += n;
    }
    return read;
  }

  close(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }
}

/** Reusing a blob makes it young again, so an orphan sweep that began before this write leaves it alone. */
function makeYoung(file: string): void {
  const now = new Date();
  fs.utimesSync(file, now, now);
}

/** Writes all of `bytes` to `fd` (a write may take fewer), at the file's position or from `position` on. */
export function writeFully(fd: number, bytes: Uint8Array, position: number | null = null): void {
  let written = 0;
  while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written, position === null ? null : position + written);
}

/** Writes a temp file, syncs it, then renames it to its name: whole or absent, even if the process dies midway. */
function writeSynced(bytes: Uint8Array, tmp: string, target: string): void {
  const fd = fs.openSync(tmp, 'wx');
  try {
    writeFully(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, target);
}

/**
 * Blob writes in flight at once (each holds its bytes until written); past it a write is done in place, as put()
 * without a batch does. 16 chunks of 65,536 float64 values are 8 MiB.
 */
const MAX_IN_FLIGHT = 16;

/**
 * Blob writes that run on libuv's thread pool while the caller goes on working: an import encodes the next chunk
 * while the other core writes and syncs the last ones (one fsync at a time on the import's thread took a fifth of
 * its wall time, the writes another tenth). As crash-safe as put(): a blob reaches its name only after its bytes
 * are on disk, and settle() syncs the folders holding the new names once, so a caller that commits after settle()
 * never names a blob a crash could lose. Each step's completion runs only when the event loop does: a caller in a
 * long loop should yield now and then.
 */
export class BlobBatch {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly dirs = new Set<string>();
  private readonly failures: { error: unknown; file: string }[] = [];
  /** the names this batch gave blobs (new ones: put() hands a batch only blobs not yet stored), with their mtimes */
  private readonly placed: { file: string; mtimeMs: number }[] = [];
  private readonly onError: (e: unknown, file: string) => never;

  constructor(onError: (e: unknown, file: string) => never) {
    this.onError = onError;
  }

  /** writes `bytes` (which must not change until settle()) to `tmp`, syncs it and renames it to `target` */
  write(bytes: Uint8Array, tmp: string, target: string): void {
    this.dirs.add(path.dirname(target));
    if (this.inFlight.size >= MAX_IN_FLIGHT) {
      writeSynced(bytes, tmp, target);
      this.place(target);
      return;
    }
    const fd = fs.openSync(tmp, 'wx');
    const done = this.finish(bytes, fd, tmp, target).then(() => {
      this.inFlight.delete(done);
    });
    this.inFlight.add(done);
  }

  /**
   * Waits for every write, then syncs their folders; throws the first failure (its temp file already removed), after
   * removing the blobs the other writes placed, so a failed import leaves nothing behind.
   */
  async settle(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failures.length > 0) {
      this.removePlaced();
      this.onError(this.failures[0].error, this.failures[0].file);
    }
    await Promise.all([...this.dirs].map((dir) => syncFolder(dir)));
    this.dirs.clear();
    this.placed.length = 0;
  }

  /** after a failed import: waits for the writes in flight and removes the blobs the batch placed */
  async abandon(): Promise<void> {
    await Promise.all(this.inFlight);
    this.removePlaced();
  }

  private place(file: string): void {
    this.placed.push({ file, mtimeMs: mtimeMs(file) });
  }

  private removePlaced(): void {
    // No version of this import names them: it commits only after settle() succeeds. Another writer storing the same
    // bytes meanwhile found the blob and touched it (put() does), so a blob touched since it was placed is left.
    for (const { file, mtimeMs: placedAt } of this.placed.splice(0)) if (mtimeMs(file) === placedAt) fs.rmSync(file, { force: true });
  }

  private async finish(bytes: Uint8Array, fd: number, tmp: string, target: string): Promise<void> {
    try {
      try {
        let written = 0;
        while (written < bytes.byteLength) written += await fsp.write(fd, bytes, written, bytes.byteLength - written);
        await fsp.fsync(fd);
      } finally {
        await fsp.close(fd);
      }
      await fs.promises.rename(tmp, target);
      this.place(target);
    } catch (error) {
      this.failures.push({ error, file: target });
      await fs.promises.rm(tmp, { force: true });
    }
  }
}

/** the callback fs calls on raw descriptors, as promises */
const fsp = {
  write: (fd: number, bytes: Uint8Array, offset: number, length: number): Promise<number> =>
    new Promise((resolve, reject) => fs.write(fd, bytes, offset, length, null, (e, n) => (e ? reject(e) : resolve(n)))),
  fsync: promisify(fs.fsync),
  close: promisify(fs.close),
};

/** syncFolder() for one folder, on the caller's thread */
function syncFolderNow(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

async function syncFolder(dir: string): Promise<void> {
  // Windows cannot open a folder to sync it, and NTFS journals a rename itself
  if (process.platform === 'win32') return;
  const handle = await fs.promises.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
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
