// Bytes a browser uploaded, staged to disk and vouched for by id (the Electron dialogs hand out picked-paths.ts
// handles instead). The API never takes a raw path from the renderer; it takes one of these ids. Staged bytes are
// private to this user (0600 files in a 0700 folder of this session), live until the job that imports them ends (or,
// for an import that reads at once with no job, until it returns), and never outlive the session.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { fail } from '../../shared/errors';
import type { ResolvedSource } from '../handler-types';
import { pidAlive } from '../store/pid-alive';
import { DAY_MS } from './stale-entries';

export interface UploadLimits {
  /** the largest upload accepted, in bytes */
  maxBytes: number;
  /** how many uploads may stream at once */
  maxConcurrent: number;
}

/** Datasets of a few GiB are normal in a lab; 20 GiB stops a runaway upload before it fills the disk. */
export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxBytes: 20 * 1024 ** 3, maxConcurrent: 4 };

/** a session folder is named after the process that owns it, so a later start can tell whose owner is gone */
const SESSION_DIR = /^(\d+)-[A-Za-z0-9]+$/;

export class Uploads {
  private readonly root: string;
  private readonly limits: UploadLimits;
  private readonly known = new Map<string, { path: string; fileName: string }>();
  /** job id -> the staged upload it imports */
  private readonly readers = new Map<string, string>();
  private sessionDir: string | null = null;
  private streaming = 0;

  constructor(root: string, limits: Partial<UploadLimits> = {}) {
    this.root = root;
    this.limits = { ...DEFAULT_UPLOAD_LIMITS, ...limits };
    // whichever host starts next (browser or desktop) removes what a killed session left
    if (fs.existsSync(root)) sweepEndedSessions(root);
  }

  /** Streams an upload to disk and returns its id; refuses it whole, leaving no file, when it is over the cap. */
  async stage(body: Readable, fileName: string, declaredBytes?: number): Promise<string> {
    const { maxBytes, maxConcurrent } = this.limits;
    if (declaredBytes !== undefined && declaredBytes > maxBytes) tooLarge(maxBytes);
    if (this.streaming >= maxConcurrent) {
      fail('HOST_BUSY', `${maxConcurrent} uploads are already under way.`, { hint: 'Wait for one to finish, then try again.' });
    }
    this.streaming++;
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.dir(), `${id}.upload`);
    try {
      await pipeline(capped(body, maxBytes), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    } finally {
      this.streaming--;
    }
    this.known.set(id, { path: file, fileName: path.basename(fileName) });
    return id;
  }

  resolve(uploadId: string): ResolvedSource {
    const source = this.known.get(uploadId);
    if (!source) fail('NOT_FOUND', 'That file is no longer staged for import.', { hint: 'Choose the file again.' });
    return { ...source, consumedBy: (jobId) => this.readers.set(jobId, uploadId), release: () => this.discard(uploadId) };
  }

  /** A job ended (in any state): the staged upload it read is deleted. */
  jobEnded(jobId: string): void {
    const uploadId = this.readers.get(jobId);
    if (uploadId === undefined) return;
    this.readers.delete(jobId);
    this.discard(uploadId);
  }

  /** Ends the session: every staged upload goes, imported or not. */
  dispose(): void {
    if (this.sessionDir) fs.rmSync(this.sessionDir, { recursive: true, force: true });
    this.sessionDir = null;
    this.known.clear();
    this.readers.clear();
  }

  /** Deletes a staged upload and forgets its id. */
  private discard(uploadId: string): void {
    const source = this.known.get(uploadId);
    this.known.delete(uploadId);
    if (source) fs.rmSync(source.path, { force: true });
  }

  /** This session's folder, made on first upload (so a host that never stages one leaves nothing behind). */
  private dir(): string {
    if (this.sessionDir && fs.existsSync(this.sessionDir)) return this.sessionDir;
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    // mkdtemp makes the folder 0700 whatever the umask
    this.sessionDir = fs.mkdtempSync(path.join(this.root, `${process.pid}-`));
    return this.sessionDir;
  }
}

function tooLarge(maxBytes: number): never {
  fail('UPLOAD_TOO_LARGE', `The upload is larger than this host accepts (${maxBytes} bytes); nothing was stored.`, {
    hint: 'Start `airlock serve` with a larger AIRLOCK_MAX_UPLOAD_BYTES, or use `airlock dataset import` on this machine.',
  });
}

/** Passes the body through until it exceeds the cap; leaves the request open so the host can still answer 413. */
async function* capped(body: Readable, maxBytes: number): AsyncGenerator<Buffer> {
  let size = 0;
  for await (const chunk of body.iterator({ destroyOnReturn: false })) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) tooLarge(maxBytes);
    yield bytes;
  }
}

/** Removes staged uploads whose session ended without cleaning up (a crash, a kill -9). */
function sweepEndedSessions(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const entry = path.join(root, name);
    const owner = SESSION_DIR.exec(name);
    // another process may sweep the same folder at the same moment
    const mtimeMs = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
    const ended = owner ? !pidAlive(Number(owner[1])) : Date.now() - mtimeMs > DAY_MS;
    if (ended) fs.rmSync(entry, { recursive: true, force: true });
  }
}
