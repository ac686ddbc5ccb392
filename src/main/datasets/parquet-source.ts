// Reads a Parquet file (hyparquet, pure JS) one row group at a time and hands its cells on as text, like a CSV's.
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema } from 'hyparquet';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { fail } from '../../shared/errors';
import { FieldTable, PLAIN, type RowSink } from './field-table';
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

  async pass(onRows: RowSink, hooks: PassHooks): Promise<boolean> {
    const width = this.columns.length;
    const table = new FieldTable();
    let text = Buffer.alloc(1 << 16);
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
      // the row group's cells as text laid end to end, like a CSV read's fields
      table.reset(text);
      let at = 0;
      for (let r = 0; r < rows.length; r++) {
        if (r === table.lines.length) table.growRows();
        table.rowStarts[r] = table.fields;
        table.lines[r] = rowStart + r + 1;
        for (let c = 0; c < width; c++) {
          const cell = cellText(rows[r][c]);
          const need = at + Buffer.byteLength(cell);
          if (need > text.length) {
            const grown = Buffer.alloc(need * 2);
            text.copy(grown, 0, 0, at);
            text = table.buf = grown;
          }
          if (table.fields === table.starts.length) table.growFields();
          table.starts[table.fields] = at;
          at += text.write(cell, at);
          table.ends[table.fields] = at;
          table.flags[table.fields++] = PLAIN;
        }
      }
      table.rows = rows.length;
      table.rowStarts[rows.length] = table.fields;
      if (rows.length > 0) onRows(table, 0, rows.length);
      rowStart = rowEnd;
      checkUnchanged(this.path, this.identity, this.fileName);
      const done = Math.round((this.bytes * rowStart) / Math.max(1, Number(this.metadata.num_rows)));
      hooks.onBytes(done);
      if (hooks.stopAfterBytes !== undefined && done >= hooks.stopAfterBytes && rowStart < Number(this.metadata.num_rows)) return false;
    }
    return true;
  }
}

function invalid(fileName: string, e: unknown, row?: number): never {
  const reason = e instanceof Error ? e.message : String(e);
  fail('PARQUET_INVALID', `${fileName} is not a readable Parquet file${row ? ` (row group starting at row ${row})` : ''}: ${reason}`, {
    where: { file: fileName, line: row },
    hint: 'Check that the file is complete; export it again from its source if not.',
  });
}
