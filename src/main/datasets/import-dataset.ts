// Imports a CSV, TSV or Parquet file as the next version of a dataset: infer types, encode chunks, profile, commit once.
import type { ColumnSchema, DatasetProfile, ImportResult } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { DatasetsRepo } from '../store/datasets-repo';
import type { ProjectStore } from '../store/project-store';
import { CHUNK_ROWS } from './arrow-chunks';
import { createEncoder, type ColumnEncoder } from './column-encoder';
import { CsvSource, READ_CHUNK_BYTES } from './csv-source';
import { ParquetSource } from './parquet-source';
import { RowHasher } from './row-hashes';
import { QUOTED_WITH_ESCAPES, unescapeQuotes, type RowFields } from './row-fields';
import { identify, type RowSource } from './row-source';
import { TypeInference } from './type-inference';
import { versionHash } from './version-manifest';

export interface ImportJobInput {
  path: string;
  fileName: string;
  name: string;
}

/** The slice of a job's context the import needs, so tests can run it in-process. */
export interface ImportProgress {
  progress(fraction: number, message: string): void;
  checkCancelled(): void;
}

export interface ImportOptions {
  /** bytes per read; tests make it small to cross many read boundaries */
  readChunkBytes?: number;
}

/** Share of the progress bar the first pass (type inference) takes: it parses, the second also encodes and hashes. */
const FIRST_PASS_SHARE = 0.35;

async function openSource(input: ImportJobInput, options: ImportOptions): Promise<RowSource> {
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

export async function importDataset(store: ProjectStore, input: ImportJobInput, ctx: ImportProgress, options: ImportOptions = {}): Promise<ImportResult> {
  const source = await openSource(input, options);
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} of ${(source.bytes / 1e6).toFixed(0)} MB`;
  const width = source.columns.length;

  // Pass 1: the column types (and numeric ranges, so histograms need no second look at the values).
  ctx.progress(0, 'Reading column types');
  const inference = new TypeInference(width);
  let rows = 0;
  await source.pass(
    (row) => {
      inference.addRow(row);
      rows++;
    },
    {
      validate: true,
      onBytes: (bytes) => {
        ctx.checkCancelled();
        ctx.progress((FIRST_PASS_SHARE * bytes) / source.bytes, `Reading column types: ${mb(bytes)}`);
      },
    },
  );
  const facts = inference.facts();
  const columns: ColumnSchema[] = source.columns.map((name, i) => ({ name, type: facts[i].type }));

  // Pass 2: encode chunk by chunk; each full chunk goes to the blob store at once so memory stays flat.
  const encoders = facts.map((f, i) => createEncoder(f, { file: input.fileName, column: columns[i].name, index: i }));
  const chunks: string[][] = columns.map(() => []);
  const hasher = new RowHasher(rows);
  const flush = (): void => encoders.forEach((e: ColumnEncoder, c) => chunks[c].push(store.blobs.put(e.flush())));
  let scratch = Buffer.alloc(1024);
  let encoded = 0;
  const encodeRow = (row: RowFields): void => {
    hasher.startRow();
    for (let c = 0; c < width; c++) {
      const start = row.starts[c];
      const end = row.ends[c];
      if (row.flags[c] === QUOTED_WITH_ESCAPES) {
        if (scratch.length < end - start) scratch = Buffer.alloc((end - start) * 2);
        encoders[c].push(scratch, 0, unescapeQuotes(row.buf, start, end, scratch), row.line);
      } else encoders[c].push(row.buf, start, end, row.line);
      hasher.addCell();
    }
    hasher.endRow();
    if (++encoded % CHUNK_ROWS === 0) flush();
  };
  await source.pass(encodeRow, {
    validate: false,
    onBytes: (bytes) => {
      ctx.checkCancelled();
      ctx.progress(FIRST_PASS_SHARE + ((1 - FIRST_PASS_SHARE) * 0.95 * bytes) / source.bytes, `Encoding and profiling: ${mb(bytes)}`);
    },
  });
  if (encoded !== rows) {
    fail('FILE_VANISHED', `${input.fileName} changed while it was being imported (${rows} rows, then ${encoded}); nothing was stored.`, { where: { file: input.fileName } });
  }
  if (encoded % CHUNK_ROWS !== 0) flush();

  ctx.progress(0.98, 'Storing the version');
  const rowHashesBlob = store.blobs.put(hasher.sortedBytes());
  const profile: DatasetProfile = { rows, columns: encoders.map((e, i) => e.stats.profile(columns[i].name, columns[i].type)) };
  const hash = versionHash({ rows, chunkRows: CHUNK_ROWS, columns, chunks });
  return commitVersion(store, { input, source, columns, chunks, rows, hash, rowHashesBlob, profile }, ctx);
}

interface EncodedVersion {
  input: ImportJobInput;
  source: RowSource;
  columns: ColumnSchema[];
  chunks: string[][];
  rows: number;
  hash: string;
  rowHashesBlob: string;
  profile: DatasetProfile;
}

/** One transaction for every row of the version and its audit entry; identical content reuses the version it matches. */
function commitVersion(store: ProjectStore, v: EncodedVersion, ctx: ImportProgress): ImportResult {
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
      return { dataset: record.dataset, version: record.version, hash: record.hash, rows: record.rows, columns: record.columns.length, reused: false };
    },
  );
  ctx.progress(1, `Stored ${v.input.name} version ${created.version}`);
  return created;
}
