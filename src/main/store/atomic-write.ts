// Write a temp file beside the target, fsync, then rename: a reader sees the old file or the new one, never a torn one.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Writes `data` to `file` and fsyncs it before returning; flag 'wx' refuses a file that is already there. */
export function writeDurably(file: string, data: string | Uint8Array, flag: 'w' | 'wx' = 'w'): void {
  const fd = fs.openSync(file, flag);
  try {
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeDurably(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    // a full disk or the file size limit stops the write part way: leave no torn temp file, and name the target
    fs.rmSync(tmp, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.path === undefined) err.path = file;
    throw e;
  }
}
