// Writes a dataset version as UTF-8 CSV that imports back to the very same version (same types, values and hash).
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CellValue, ColumnSchema, ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
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

/** Writes beside the target and renames, so the target is whole or untouched even if the app is killed midway. */
export function exportCsv(blobs: BlobStore, version: ExportSource, outPath: string): { path: string; rows: number } {
  const target = path.resolve(outPath);
  const tmp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'wx');
  } catch (e) {
    fail('FILE_NOT_FOUND', `Cannot write ${target}: ${(e as Error).message}`, { where: { file: target }, hint: 'Pick a folder you can write to.' });
  }
  try {
    let text = version.columns.map((c) => quoted(c.name)).join(',') + '\n';
    const chunkCount = version.chunks[0]?.length ?? 0;
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
          fs.writeSync(fd, text);
          text = '';
        }
      }
    }
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed before the failing rename
    }
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  return { path: target, rows: version.rows };
}
