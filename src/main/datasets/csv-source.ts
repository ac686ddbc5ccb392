// Streams a delimited text file through the tokenizer in fixed-size reads, refusing binary, non-UTF-8, ragged and vanishing files.
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { fail } from '../../shared/errors';
import { detectDialect, type CsvDialect } from './csv-dialect';
import { CsvTokenizer } from './csv-tokenizer';
import { FieldTable, type RowSink } from './field-table';
import { checkUnchanged, type FileIdentity, type PassHooks, type RowSource } from './row-source';

/** Bytes read at a time: big enough to amortize syscalls, small enough that memory stays flat. */
export const READ_CHUNK_BYTES = 4 * 1024 * 1024;
const SNIFF_BYTES = 256 * 1024;
/** The longest header line read to learn the columns: 8 MiB is some 300,000 short names, far past MAX_COLUMNS. */
export const MAX_HEADER_BYTES = 8 * 1024 * 1024;

export class CsvSource implements RowSource {
  readonly format: 'csv' | 'tsv';
  readonly columns: string[];
  readonly bytes: number;
  private readonly path: string;
  private readonly fileName: string;
  private readonly dialect: CsvDialect;
  private readonly identity: FileIdentity;
  private readonly bomLength: number;
  private readonly chunkBytes: number;

  constructor(path: string, fileName: string, identity: FileIdentity, head: Buffer, chunkBytes = READ_CHUNK_BYTES) {
    this.path = path;
    this.fileName = fileName;
    this.identity = identity;
    this.bytes = identity.size;
    this.chunkBytes = chunkBytes;
    this.bomLength = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
    const sample = head.subarray(this.bomLength);
    const whole = head.length >= identity.size;
    // the sample may end inside a character; only what precedes its last line break must be valid
    const checked = whole ? sample : sample.subarray(0, sample.lastIndexOf(10) + 1);
    if (!isUtf8(checked)) this.badEncoding(checked, 0, 1);
    if (sample.every((b) => b === 10 || b === 13 || b === 32 || b === 9)) fail('FILE_EMPTY', `${fileName} holds only blank lines.`, { where: { file: fileName } });
    if (!whole && sample.indexOf(10) < 0) {
      fail('CSV_TOO_WIDE', `${fileName}: line 1 is longer than ${MAX_HEADER_BYTES / 1024 / 1024} MiB, the longest header Airlock reads.`, {
        where: { file: fileName, line: 1 },
        hint: 'Split the file into narrower tables, or check that it is delimited text with line breaks.',
      });
    }
    this.dialect = detectDialect(sample, whole, fileName);
    this.columns = this.dialect.columns;
    this.format = this.dialect.delimiter === 9 ? 'tsv' : 'csv';
  }

  /**
   * The file's first bytes: its first line, however long up to MAX_HEADER_BYTES, and SNIFF_BYTES after it. A fixed
   * 256 KiB once cut a wide header short, and the file was reported as holding no rows.
   */
  static readHead(path: string, size: number): Buffer {
    const fd = fs.openSync(path, 'r');
    try {
      let head = Buffer.allocUnsafe(Math.min(size, SNIFF_BYTES));
      let n = fs.readSync(fd, head, 0, head.length, 0);
      for (;;) {
        const lineEnd = head.subarray(0, n).indexOf(10);
        const wanted = lineEnd >= 0 ? lineEnd + 1 + SNIFF_BYTES : Math.min(n * 2, MAX_HEADER_BYTES);
        if (n < head.length || n >= size || n >= wanted) break;
        const longer = Buffer.allocUnsafe(Math.min(size, wanted));
        head.copy(longer, 0, 0, n);
        head = longer;
        n += fs.readSync(fd, head, n, head.length - n, n);
      }
      return head.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  }

  async pass(onRows: RowSink, hooks: PassHooks): Promise<boolean> {
    const tokenizer = new CsvTokenizer(this.dialect.delimiter, this.fileName);
    tokenizer.fieldNames = this.columns;
    tokenizer.onRagged = (count, line) => this.ragged(count, line);
    const table = new FieldTable();
    let headerPending = this.dialect.hasHeader;
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch {
      this.vanished();
    }
    try {
      let work = Buffer.allocUnsafe(this.chunkBytes);
      let have = 0; // bytes of an unfinished row carried at the start of `work`
      let validated = 0; // of those, how many were already checked as UTF-8
      let position = this.bomLength;
      for (;;) {
        if (have === work.length) {
          const grown = Buffer.allocUnsafe(work.length * 2);
          work.copy(grown, 0, 0, have);
          work = grown;
        }
        const n = fs.readSync(fd, work, have, work.length - have, position);
        position += n;
        checkUnchanged(this.path, this.identity, this.fileName);
        const end = have + n;
        const final = n === 0;
        const view = work.subarray(0, end);
        if (view.indexOf(0, have) >= 0) this.binary();
        const upTo = final ? end : view.lastIndexOf(10) + 1;
        if (upTo > validated && !isUtf8(view.subarray(validated, upTo))) this.badEncoding(view, validated, tokenizer.currentLine);
        validated = Math.max(validated, upTo);
        const consumed = tokenizer.feed(view, final, table);
        const from = headerPending && table.rows > 0 ? 1 : 0;
        if (from === 1) headerPending = false;
        if (table.rows > from) onRows(table, from, table.rows);
        if (final) break;
        view.copyWithin(0, consumed, end);
        have = end - consumed;
        validated = Math.max(0, validated - consumed);
        hooks.onBytes(position);
        // lets the blob writes of the chunks just stored finish in the background (see BlobBatch)
        await new Promise(setImmediate);
        // a sample that took the whole file reads on to the end, so the caller knows it saw every row
        if (hooks.stopAfterBytes !== undefined && position >= hooks.stopAfterBytes && position < this.bytes) return false;
      }
      if (position !== this.identity.size) this.vanished();
      return true;
    } finally {
      fs.closeSync(fd);
    }
  }

  private ragged(count: number, line: number): never {
    const width = this.columns.length;
    const extra = count > width;
    const field = extra ? undefined : this.columns[count];
    fail(
      'CSV_RAGGED_ROW',
      `${this.fileName} line ${line} has ${count} field${count === 1 ? '' : 's'} but the header has ${width}` +
        (extra ? ` (field ${width + 1} is one too many).` : ` (column '${field}' is missing).`),
      {
        where: { file: this.fileName, line, column: extra ? width + 1 : count + 1, field },
        hint: 'Every row needs as many fields as the header; quote fields that contain the delimiter.',
      },
    );
  }

  private binary(): never {
    fail('FILE_BINARY', `${this.fileName} contains NUL bytes: it looks like a binary file, not delimited text.`, {
      where: { file: this.fileName },
      hint: 'Import a CSV, TSV or Parquet file.',
    });
  }

  /** names the line of the first byte that is not UTF-8; `line` is the line at view[0] */
  private badEncoding(view: Buffer, from: number, line: number): never {
    const bad = firstInvalidUtf8(view, from);
    let at = line;
    let lineStart = 0;
    for (let i = 0; i < bad; i++) if (view[i] === 10) {
      at++;
      lineStart = i + 1;
    }
    fail('FILE_ENCODING', `${this.fileName} line ${at} is not valid UTF-8 (byte ${bad - lineStart + 1} of the line).`, {
      where: { file: this.fileName, line: at },
      hint: 'Save the file as UTF-8 and import it again.',
    });
  }

  private vanished(): never {
    checkUnchanged(this.path, this.identity, this.fileName);
    fail('FILE_VANISHED', `${this.fileName} changed size while it was being imported; nothing was stored.`, { where: { file: this.fileName } });
  }
}

/** Offset of the first byte that starts an invalid UTF-8 sequence (only called once isUtf8 said there is one). */
function firstInvalidUtf8(buf: Buffer, from: number): number {
  let i = from;
  while (i < buf.length) {
    const b = buf[i];
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (size === 0 || i + size > buf.length || !isUtf8(buf.subarray(i, i + size))) return i;
    i += size;
  }
  return buf.length;
}
