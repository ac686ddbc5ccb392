// Imports a CSV, TSV or Parquet file as the next version of a dataset: guess types, encode and profile in one pass, commit once.
import type { ColumnSchema, DatasetProfile, ImportResult } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { DatasetImportJobInput } from '../../shared/jobs';
import { DatasetsRepo } from '../store/datasets-repo';
import type { ProjectStore } from '../store/project-store';
import { CHUNK_ROWS } from './arrow-chunks';
import { helperByDefault } from './column-helper';
import { CsvSource, READ_CHUNK_BYTES } from './csv-source';
import { encodeRows, type EncodePlan } from './encode-pass';
import { ParquetSource } from './parquet-source';
import { RowHashSpill } from './row-hash-runs';
import { identify, type PassHooks, type RowSource } from './row-source';
import { TypeInference, type ColumnFacts } from './type-inference';
import { versionHash } from './version-manifest';

/** The slice of a job's context the import needs, so tests can run it in-process. */
export interface ImportProgress {
  progress(fraction: number, message: string): void;
  checkCancelled(): void;
}

export interface ImportOptions {
  /** bytes per read; tests make it small to cross many read boundaries */
  readChunkBytes?: number;
  /** bytes of the file's head whose rows guess the column types; tests make it small to see guesses disproved */
  sampleBytes?: number;
  /**
   * Runs inside the new version's transaction, after its rows are in: what must land with the version or not at
   * all (a scoring job's lineage and evaluation). Not called when identical content reuses an existing version.
   */
  withinCommit?: (created: ImportResult) => void;
  /** encode seven columns in ten in a pipelined helper thread (column-helper.ts); by default for files of 64 MB and more, of at most 16 columns, on 2 cores or more */
  helperThread?: boolean;
  /** row hashes held in memory before they are sorted and spilled to a temp file (ROW_HASH_RUN_ROWS); tests make it small */
  rowHashRunRows?: number;
}

/**
 * Types are guessed from the file's first 8 MB, so the common import reads the file once. Later rows can still
 * widen a guess (integer to numeric, categorical to text or back) from the stored chunks; a cell that fits no
 * such widening (text in a number column, say) sends the import through the old two passes: all types, then encode.
 */
export const SAMPLE_BYTES = 8 * 1024 * 1024;

/** Most of the bar is reading; the rest is storing the row hashes, histograms and the version. */
const READING_SHARE = 0.95;

/** Maps each pass's bytes onto the progress bar, left to right; a pass that was not planned gets part of what remains. */
class ProgressBar {
  private at = 0;
  private readonly ctx: ImportProgress;
  private readonly total: number;

  constructor(ctx: ImportProgress, totalBytes: number) {
    this.ctx = ctx;
    this.total = totalBytes;
  }

  /** hooks for a pass over the file that takes `share` of the bar still left for reading */
  pass(share: number, label: string, stopAfterBytes?: number): PassHooks {
    const from = this.at;
    const span = (READING_SHARE - from) * share;
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} of ${(this.total / 1e6).toFixed(0)} MB`;
    return {
      stopAfterBytes,
      onBytes: (bytes) => {
        this.ctx.checkCancelled();
        this.at = from + (span * Math.min(bytes, stopAfterBytes ?? Infinity)) / Math.min(this.total, stopAfterBytes ?? Infinity);
        this.ctx.progress(this.at, `${label}: ${mb(bytes)}`);
      },
    };
  }
}

interface InferredTypes {
  facts: ColumnFacts[];
  rows: number;
  /** whether the rows seen were all the file's rows */
  complete: boolean;
}

async function inferTypes(source: RowSource, hooks: PassHooks): Promise<InferredTypes> {
  const inference = new TypeInference(source.columns.length);
  let rows = 0;
  const complete = await source.pass((table, from, to) => {
    inference.addRows(table, from, to);
    rows += to - from;
  }, hooks);
  return { facts: inference.facts(), rows, complete };
}

function plan(inferred: InferredTypes, expectedRows: number, rowHashSpill: RowHashSpill): EncodePlan {
  return {
    types: inferred.facts.map((f) => f.type),
    guessedFromNulls: inferred.facts.map((f) => !inferred.complete && f.nonNull === 0),
    exact: inferred.complete,
    expectedRows,
    rowHashSpill,
  };
}

async function openSource(input: DatasetImportJobInput, options: ImportOptions): Promise<RowSource> {
  const identity = identify(input.path, input.fileName);
  if (identity.size === 0) fail('FILE_EMPTY', `${input.fileName} is empty.`, { where: { file: input.fileName } });
  const head = CsvSource.readHead(input.path, identity.size);
  const magic = head.subarray(0, 4).toString('latin1');
  if (magic === 'PAR1' || /\.parquet$/i.test(input.fileName)) return ParquetSource.open(input.path, input.fileName, identity);
  if (magic === 'PK\u0003\u0004') {
    fail('UNSUPPORTED_FORMAT', `${input.fileName} is a zip archive (an Excel workbook?), not a CSV, TSV or Parquet file.`, {
      where: { file: input.fileName },
      hint: 'Save the sheet as CSV (UTF-8) and import that.',
    });
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    fail('FILE_ENCODING', `${input.fileName} is UTF-16 text; Airlock reads UTF-8.`, { where: { file: input.fileName, line: 1 }, hint: 'Save the file as UTF-8 and import it again.' });
  }
  if (head.indexOf(0) >= 0) {
    fail('FILE_BINARY', `${input.fileName} contains NUL bytes: it looks like a binary file, not delimited text.`, {
      where: { file: input.fileName },
      hint: 'Import a CSV, TSV or Parquet file.',
    });
  }
  return new CsvSource(input.path, input.fileName, identity, head, options.readChunkBytes ?? READ_CHUNK_BYTES);
}

export async function importDataset(store: ProjectStore, input: DatasetImportJobInput, ctx: ImportProgress, options: ImportOptions = {}): Promise<ImportResult> {
  // the row hashes' spilled runs are temp files in the project: removed however the import ends
  const spill = new RowHashSpill(store.blobs, options.rowHashRunRows);
  try {
    return await importWithSpill(store, input, ctx, options, spill);
  } finally {
    spill.remove();
  }
}

async function importWithSpill(store: ProjectStore, input: DatasetImportJobInput, ctx: ImportProgress, options: ImportOptions, spill: RowHashSpill): Promise<ImportResult> {
  const source = await openSource(input, options);
  const sampleBytes = Math.min(options.sampleBytes ?? SAMPLE_BYTES, source.bytes);
  const bar = new ProgressBar(ctx, source.bytes);

  ctx.progress(0, 'Reading column types');
  const sample = await inferTypes(source, bar.pass(sampleBytes / (sampleBytes + source.bytes), 'Reading column types', sampleBytes));
  // pages of the row-hash buffer that are never written take no memory, so a generous estimate costs nothing
  const expectedRows = Math.ceil((sample.rows * source.bytes * 1.25) / sampleBytes) + CHUNK_ROWS;
  const helper = options.helperThread ?? helperByDefault(source.bytes, source.columns.length);
  let encoded = await encodeRows(store, source, input.fileName, plan(sample, expectedRows, spill), bar.pass(1, 'Encoding and profiling'), helper);
  if (!encoded) {
    const all = await inferTypes(source, bar.pass(0.35, 'A later row changed a column type; reading all column types'));
    // types from every row are exact: a cell that does not fit them fails the import (FILE_VANISHED), never returns null
    encoded = (await encodeRows(store, source, input.fileName, plan(all, all.rows, spill), bar.pass(1, 'Encoding and profiling'), helper))!;
  }

  ctx.progress(READING_SHARE, 'Storing the version');
  const rows = encoded.rows;
  const columns = encoded.columns.map((c) => c.column);
  const chunks = encoded.columns.map((c) => c.chunks);
  const profile: DatasetProfile = { rows, columns: encoded.columns.map((c) => c.profile) };
  const rowHashesBlob = encoded.rowHashes.store(store.blobs);
  const hash = versionHash({ rows, chunkRows: CHUNK_ROWS, columns, chunks });
  return commitVersion(store, { input, source, columns, chunks, rows, hash, rowHashesBlob, profile }, ctx, options.withinCommit);
}

interface EncodedVersion {
  input: DatasetImportJobInput;
  source: RowSource;
  columns: ColumnSchema[];
  chunks: string[][];
  rows: number;
  hash: string;
  rowHashesBlob: string;
  profile: DatasetProfile;
}

/** One transaction for every row of the version and its audit entry; identical content reuses the version it matches. */
function commitVersion(store: ProjectStore, v: EncodedVersion, ctx: ImportProgress, withinCommit?: (created: ImportResult) => void): ImportResult {
  const repo = new DatasetsRepo(store.db);
  const existing = repo.dataset(v.input.name);
  const same = existing && repo.versionByHash(existing.id, v.hash);
  if (same) return { dataset: same.dataset, version: same.version, hash: same.hash, rows: same.rows, columns: same.columns.length, reused: true };
  ctx.checkCancelled();
  const created = store.mutate(
    (r: ImportResult) => ({
      action: 'dataset.import',
      target: `dataset:${r.dataset}@${r.version}`,
      details: { source: v.input.fileName, format: v.source.format, bytes: v.source.bytes, rows: r.rows, columns: r.columns, hash: r.hash },
    }),
    (): ImportResult => {
      const record = repo.insertVersion(
        {
          dataset: v.input.name,
          hash: v.hash,
          rows: v.rows,
          columns: v.columns,
          chunkRows: CHUNK_ROWS,
          rowHashesBlob: v.rowHashesBlob,
          sourceName: v.input.fileName,
          sourceFormat: v.source.format,
          sourceBytes: v.source.bytes,
          createdAt: store.now().toISOString(),
          profile: v.profile,
          chunks: v.chunks,
        },
        store.now().toISOString(),
      );
      const created: ImportResult = { dataset: record.dataset, version: record.version, hash: record.hash, rows: record.rows, columns: record.columns.length, reused: false };
      withinCommit?.(created);
      return created;
    },
  );
  ctx.progress(1, `Stored ${v.input.name} version ${created.version}`);
  return created;
}
