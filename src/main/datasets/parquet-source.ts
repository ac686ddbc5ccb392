// Reads a Parquet file (hyparquet, pure JS) one row group at a time and hands its cells on as text, like a CSV's.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { fail } from '../../shared/errors';
import { PLAIN, type RowFields, type RowSink } from './row-fields';
import { checkUnchanged, type FileIdentity, type PassHooks, type RowSource } from './row-source';

/**
 * Cells are turned into the same text a CSV would hold (numbers in shortest round-trip form, dates as ISO 8601),
 * so one type inference, one encoder and one row hash serve every format: a Parquet file and its CSV export
 * become the same version.
 */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export class ParquetSource implements RowSource {
  readonly format = 'parquet' as const;
  readonly columns: string[];
  readonly bytes: number;
  private readonly path: string;
  private readonly fileName: string;
  private readonly identity: FileIdentity;
  private readonly file: AsyncBuffer;
  private readonly metadata: FileMetaData;

  private constructor(path: string, fileName: string, identity: FileIdentity, file: AsyncBuffer, metadata: FileMetaData) {
    this.path = path;
    this.fileName = fileName;
    this.identity = identity;
    this.bytes = identity.size;
    this.file = file;
    this.metadata = metadata;
    this.columns = parquetSchema(metadata).children.map((c) => c.element.name);
  }

  static async open(path: string, fileName: string, identity: FileIdentity): Promise<ParquetSource> {
    try {
      const file = await asyncBufferFromFile(path);
      return new ParquetSource(path, fileName, identity, file, await parquetMetadataAsync(file));
    } catch (e) {
      return invalid(fileName, e);
    }
  }

  async pass(onRow: RowSink, hooks: PassHooks): Promise<void> {
    const width = this.columns.length;
    const row: RowFields = { buf: Buffer.alloc(4096), starts: new Int32Array(width), ends: new Int32Array(width), flags: new Uint8Array(width).fill(PLAIN), count: width, line: 0 };
    let rowStart = 0;
    for (const group of this.metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      let rows: unknown[][] = [];
      try {
        await parquetRead({ file: this.file, metadata: this.metadata, rowStart, rowEnd, rowFormat: 'array', onComplete: (r) => (rows = r) });
      } catch (e) {
        checkUnchanged(this.path, this.identity, this.fileName);
        invalid(this.fileName, e, rowStart + 1);
      }
      for (let r = 0; r < rows.length; r++) {
        let at = 0;
        for (let c = 0; c < width; c++) {
          const text = cellText(rows[r][c]);
          const need = at + Buffer.byteLength(text);
          if (need > row.buf.length) {
            const grown = Buffer.alloc(need * 2);
            row.buf.copy(grown, 0, 0, at);
            row.buf = grown;
          }
          row.starts[c] = at;
          at += row.buf.write(text, at);
          row.ends[c] = at;
        }
        row.line = rowStart + r + 1;
        onRow(row);
      }
      rowStart = rowEnd;
      checkUnchanged(this.path, this.identity, this.fileName);
      hooks.onBytes(Math.round((this.bytes * rowStart) / Math.max(1, Number(this.metadata.num_rows))));
    }
  }
}

function invalid(fileName: string, e: unknown, row?: number): never {
  const reason = e instanceof Error ? e.message : String(e);
  fail('PARQUET_INVALID', `${fileName} is not a readable Parquet file${row ? ` (row group starting at row ${row})` : ''}: ${reason}`, {
    where: { file: fileName, line: row },
    hint: 'Check that the file is complete; export it again from its source if not.',
  });
}
