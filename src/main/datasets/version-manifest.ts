// A version's identity: SHA-256 over a canonical manifest of its schema and its chunk hashes.
import { createHash } from 'node:crypto';
import type { ColumnSchema } from '../../shared/domain';
import { canonicalJson } from '../store/audit-log';

export interface VersionManifest {
  rows: number;
  chunkRows: number;
  columns: ColumnSchema[];
  /** blob hashes, [column][chunk] */
  chunks: string[][];
}

/**
 * The source file's name, format and delimiter are left out on purpose: the same table imported from a CSV, a TSV,
 * a Parquet file or its own export is the same version.
 */
export function versionHash(m: VersionManifest): string {
  const body = canonicalJson({
    format: 'airlock.dataset.v1',
    rows: m.rows,
    chunkRows: m.chunkRows,
    columns: m.columns.map((c, i) => ({ name: c.name, type: c.type, chunks: m.chunks[i] })),
  });
  return createHash('sha256').update(body).digest('hex');
}
