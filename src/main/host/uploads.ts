// Files a host vouches for, by id: bytes a browser uploaded (staged to disk) or a path the Electron dialog returned.
// The API never takes a raw path from the renderer; it takes one of these ids.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { fail } from '../../shared/errors';
import type { ResolvedSource } from '../handler-types';

const DAY_MS = 24 * 3600 * 1000;

export class Uploads {
  private readonly dir: string;
  private readonly known = new Map<string, ResolvedSource>();

  constructor(dir: string) {
    this.dir = dir;
    fs.mkdirSync(dir, { recursive: true });
    // Staged uploads older than a day belong to sessions that ended.
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      if (Date.now() - fs.statSync(file).mtimeMs > DAY_MS) fs.rmSync(file, { force: true });
    }
  }

  /** Streams an upload to disk and returns its id. */
  async stage(body: Readable, fileName: string): Promise<string> {
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.dir, `${id}.upload`);
    try {
      await pipeline(body, fs.createWriteStream(file, { flags: 'wx' }));
    } catch (e) {
      fs.rmSync(file, { force: true });
      throw e;
    }
    this.known.set(id, { path: file, fileName: path.basename(fileName) });
    return id;
  }

  /** Vouches for a path the user chose in a native dialog. */
  register(filePath: string): { uploadId: string; fileName: string } {
    const id = randomBytes(16).toString('hex');
    const fileName = path.basename(filePath);
    this.known.set(id, { path: filePath, fileName });
    return { uploadId: id, fileName };
  }

  resolve(uploadId: string): ResolvedSource {
    const source = this.known.get(uploadId);
    if (!source) fail('NOT_FOUND', 'That file is no longer staged for import.', { hint: 'Choose the file again.' });
    return source;
  }
}
