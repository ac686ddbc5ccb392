// The host's private data folders (downloads, staged folders) are cleaned at start: what a session that ended without
// cleaning up (a crash, a kill -9) left there for over a day is removed.
import fs from 'node:fs';
import path from 'node:path';

export const DAY_MS = 24 * 3600 * 1000;

/** Makes dir (0700) if needed, and removes each entry in it last modified more than a day ago. */
export function prepareSweptDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(dir)) {
    const entry = path.join(dir, name);
    // another host starting at the same moment may have removed it already
    const mtimeMs = fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs;
    if (mtimeMs !== undefined && Date.now() - mtimeMs > DAY_MS) fs.rmSync(entry, { recursive: true, force: true });
  }
}
