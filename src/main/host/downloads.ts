// Browser mode's way out for exports: a job writes into the app's data folder under a random id, and the host serves
// that file once, to a token holder, at GET /api/download/<id>, then deletes it.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { prepareSweptDir } from './stale-entries';

const ID = /^[a-f0-9]{32}$/;

export class Downloads {
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    // Downloads nobody fetched within a day belong to sessions that ended.
    prepareSweptDir(dir);
  }

  /** A fresh place for a file the browser will download as fileName (base name only). */
  reserve(fileName: string): { id: string; path: string } {
    const id = randomBytes(16).toString('hex');
    const folder = path.join(this.dir, id);
    fs.mkdirSync(folder, { mode: 0o700 });
    return { id, path: path.join(folder, path.basename(fileName)) };
  }

  /**
   * Sends the finished file and deletes it; false when there is no such download, it is still being written (its
   * temp file sits beside it), or someone fetched it already. The folder is renamed first, so two requests racing
   * for the same id cannot both get it.
   */
  async send(id: string, res: ServerResponse): Promise<boolean> {
    if (!ID.test(id)) return false;
    const folder = path.join(this.dir, id);
    let entries: string[];
    try {
      entries = fs.readdirSync(folder);
    } catch {
      return false;
    }
    // A temp file (a dot name, see csv-export.ts) means the export is still being written or published.
    if (entries.length !== 1 || entries[0].startsWith('.')) return false;
    const taken = path.join(this.dir, `${id}.${randomBytes(4).toString('hex')}.sending`);
    try {
      fs.renameSync(folder, taken);
    } catch {
      return false;
    }
    try {
      const file = path.join(taken, entries[0]);
      const size = fs.statSync(file).size;
      res.writeHead(200, {
        'content-type': entries[0].toLowerCase().endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/octet-stream',
        'content-length': String(size),
        'content-disposition': contentDisposition(entries[0]),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      await pipeline(fs.createReadStream(file), res);
    } finally {
      fs.rmSync(taken, { recursive: true, force: true });
    }
    return true;
  }
}

/** RFC 6266: an ASCII fallback name plus the exact UTF-8 name. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
