// A column after the import's pass: its final type (rewriting chunks a widened guess left behind) and its profile.
import type { ColumnProfile, ColumnSchema, ColumnType } from '../../shared/domain';
import type { BlobStore } from '../store/blobs';
import type { ColumnEncoder } from './column-encoder';
import { NumberStats, StringStats } from './column-stats';
import { histogramOf, recodeStringChunks, widenIntegerChunks } from './stored-chunks';
import { stringType } from './type-inference';

export interface FinishedColumn {
  column: ColumnSchema;
  /** the blob of each chunk, in row order */
  chunks: string[];
  profile: ColumnProfile;
}

/** `planned` is the type the pass started from; `chunks` the blobs the pass stored (all on disk already). */
export function finishColumn(blobs: BlobStore, name: string, planned: ColumnType, encoder: ColumnEncoder, chunks: string[]): FinishedColumn {
  let type = encoder.type;
  let hashes = chunks;
  const { stats } = encoder;
  if (planned === 'integer' && type === 'numeric') hashes = widenIntegerChunks(blobs, hashes);
  if (stats instanceof StringStats && (type === 'categorical' || type === 'text')) {
    const earned = stats.nonNull() === 0 ? 'text' : stringType(stats.distinctCount(), stats.nonNull());
    if (earned !== type) hashes = recodeStringChunks(blobs, hashes, earned);
    type = earned;
  }
  if (stats instanceof NumberStats && stats.min <= stats.max) stats.histogram = histogramOf(blobs, hashes, stats.min, stats.max);
  return { column: { name, type }, chunks: hashes, profile: stats.profile(name, type) };
}
