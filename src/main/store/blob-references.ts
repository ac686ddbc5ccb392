// Every column that holds a blob hash, and the sweep that removes blobs none of them references (left by a job that
// was killed, failed or cancelled after writing its blobs but before the transaction that would reference them).
import type { BlobStore } from './blobs';
import type { Db } from './db';

/** Each table and column that holds a blob hash (migrations 0002, 0003, 0006, 0007 and 0008); a new blob column must be listed here. */
export const BLOB_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'dataset_versions', column: 'row_hashes_blob' },
  { table: 'dataset_chunks', column: 'blob' },
  { table: 'run_artifacts', column: 'blob' },
  { table: 'model_versions', column: 'model_blob' },
  { table: 'model_versions', column: 'onnx_blob' },
  { table: 'model_versions', column: 'inspection_blob' },
  { table: 'model_version_files', column: 'blob' },
  { table: 'drift_reports', column: 'report_blob' },
  { table: 'evaluations', column: 'report_blob' },
  { table: 'requirement_attachments', column: 'blob' },
];

/** Every blob hash some row of the project references. */
export function referencedBlobs(db: Db): Set<string> {
  const union = BLOB_COLUMNS.map((c) => `SELECT ${c.column} FROM ${c.table} WHERE ${c.column} IS NOT NULL`).join(' UNION ');
  return new Set(db.prepare(union).pluck().all() as string[]);
}

/**
 * Removes the blobs no row references that were last written before `cutoffMs`; returns their hashes. Call it only
 * while no other process has a job running: such a job writes its blobs before the transaction that references
 * them, so until it commits they look exactly like orphans.
 */
export function sweepOrphanBlobs(db: Db, blobs: BlobStore, cutoffMs: number): string[] {
  return blobs.sweepUnreferenced(referencedBlobs(db), cutoffMs);
}
