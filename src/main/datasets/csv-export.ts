// Writes a dataset version as UTF-8 CSV that imports back to the very same version (same types, values and hash),
// into a temp file beside the target that is published only at the end and never over a file nobody agreed to replace.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { CellValue, ColumnSchema, ColumnType } from '../../shared/domain';
import { fail, SPACE_EXHAUSTED, spaceExhaustion } from '../../shared/errors';
import type { BlobStore } from '../store/blobs';
import { readChunk } from './arrow-chunks';
import { cellValue } from './cell-values';

const WRITE_BATCH_CHARS = 1 << 20;

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Numbers print in shortest round-trip form; an integral value of a numeric column keeps a ".0" (and -0 its sign)
 * so that importing the export infers "numeric" again and stores the same bits.
 */
export function formatCell(value: CellValue, type: ColumnType): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    if (type !== 'numeric') return String(value);
    if (Object.is(value, -0)) return '-0.0';
    const text = String(value);
    return Number.isInteger(value) && !text.includes('e') ? `${text}.0` : text;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quoted(value);
}

export interface ExportSource {
  columns: ColumnSchema[];
  /** blob hashes, [column][chunk] */
  chunks: string[][];
  rows: number;
}

export interface CsvExportOptions {
  /** replace an existing file; without it an existing file is left as it is, even one that appears while we write */
  overwrite: boolean;
  /** called after each stored chunk with the rows written so far; throwing (JOB_CANCELLED) stops with no file left */
  onRows?: (rows: number) => void;
}

/** A CSV written in full to a temp file beside its target, not yet visible under the target's name. */
export interface StagedCsv {
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
  /** moves it under the target's name; refuses (and leaves both files alone) when that would replace a file unasked */
  publish(): void;
  /** removes the temp file, or the published file when what had to happen with it (its audit entry) failed */
  discard(): void;
}

const quote = (p: string): string => JSON.stringify(p);

/** Refuses a folder, a device or an existing file (without overwrite) before any work, in one line naming the path. */
export function checkExportTarget(target: string, overwrite: boolean): void {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat?.isDirectory()) fail('NOT_A_FILE', `Cannot export to ${quote(target)}: it is a folder.`, { where: { file: target }, hint: 'Name a file inside it.' });
  if (stat && !stat.isFile()) fail('NOT_A_FILE', `Cannot export to ${quote(target)}: it is not a regular file.`, { where: { file: target } });
  if (stat && !overwrite) {
    fail('FILE_EXISTS', `${quote(target)} already exists; nothing was written.`, { where: { file: target }, hint: 'Choose another name, or pass --force (command line) to replace it.' });
  }
  const dir = path.dirname(target);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) fail('FILE_NOT_FOUND', `Cannot export to ${quote(target)}: the folder ${quote(dir)} does not exist.`, { where: { file: target } });
}

function writeFailure(e: unknown, target: string): never {
  const code = (e as NodeJS.ErrnoException).code;
  const kind = spaceExhaustion(code);
  if (kind !== null) fail('DISK_FULL', `${SPACE_EXHAUSTED[kind].cause} writing ${quote(target)}; nothing was written.`, { where: { file: target }, hint: SPACE_EXHAUSTED[kind].hint });
  fail('FILE_NOT_FOUND', `Cannot write ${quote(target)}: ${code ?? (e as Error).message}.`, { where: { file: target }, hint: 'Pick a folder you can write to.' });
}

export function writeCsv(blobs: BlobStore, version: ExportSource, outPath: string, options: CsvExportOptions): StagedCsv {
  const target = path.resolve(outPath);
  checkExportTarget(target, options.overwrite);
  // A dot name: a downloads folder holding only this file is not ready to serve (src/main/host/downloads.ts).
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx');
  } catch (e) {
    writeFailure(e, target);
  }
  const hash = createHash('sha256');
  let bytes = 0;
  const flush = (text: string): void => {
    const buf = Buffer.from(text, 'utf8');
    hash.update(buf);
    bytes += buf.length;
    let at = 0;
    while (at < buf.length) at += fs.writeSync(fd, buf, at);
  };
  try {
    try {
      let text = version.columns.map((c) => quoted(c.name)).join(',') + '\n';
      const chunkCount = version.chunks[0]?.length ?? 0;
      let written = 0;
      for (let k = 0; k < chunkCount; k++) {
        const vectors = version.chunks.map((column) => readChunk(blobs.get(column[k])));
        const n = vectors[0].length;
        for (let i = 0; i < n; i++) {
          let line = '';
          for (let c = 0; c < vectors.length; c++) {
            if (c > 0) line += ',';
            line += formatCell(cellValue(vectors[c], i, version.columns[c].type), version.columns[c].type);
          }
          text += line + '\n';
          if (text.length > WRITE_BATCH_CHARS) {
            flush(text);
            text = '';
          }
        }
        written += n;
        options.onRows?.(written);
      }
      flush(text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (spaceExhaustion((e as NodeJS.ErrnoException).code) !== null) writeFailure(e, target);
    throw e;
  }
  let published = false;
  return {
    path: target,
    rows: version.rows,
    bytes,
    sha256: hash.digest('hex'),
    publish() {
      publish(tmp, target, options.overwrite);
      published = true;
    },
    discard() {
      fs.rmSync(published ? target : tmp, { force: true });
    },
  };
}

/**
 * Without overwrite, link() gives the temp file the target's name only if that name is free, atomically, so a file
 * that appeared while we wrote is never replaced (rename() would replace it silently). Where the file system has no
 * hard links (FAT, some network shares), copyFile with COPYFILE_EXCL keeps the same never-replace promise, though a
 * reader may then see the copy grow. With overwrite, rename() replaces the old file in one step.
 */
export function publish(tmp: string, target: string, overwrite: boolean): void {
  try {
    if (overwrite) {
      fs.renameSync(tmp, target);
      return;
    }
    try {
      fs.linkSync(tmp, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EMLINK') throw e;
      fs.copyFileSync(tmp, target, fs.constants.COPYFILE_EXCL);
    }
    fs.rmSync(tmp, { force: true });
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') fail('FILE_EXISTS', `${quote(target)} appeared while exporting and was left as it is; nothing was written.`, { where: { file: target } });
    if (code === 'EISDIR' || code === 'ENOTEMPTY') fail('NOT_A_FILE', `Cannot export to ${quote(target)}: it is a folder.`, { where: { file: target } });
    writeFailure(e, target);
  }
}
