// Byte-level CSV tokenizer (RFC 4180 quoting, any one-byte delimiter): finds field offsets without making strings.
import { fail } from '../../shared/errors';
import { PLAIN, QUOTED, QUOTED_WITH_ESCAPES, type RowFields, type RowSink } from './row-fields';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Feed it buffers in file order. It reports every complete row and returns where the incomplete tail begins,
 * so the caller can carry that tail into the next buffer; `final` says there is no next buffer.
 * Strict about quotes: a quote inside an unquoted field, or anything but a delimiter or line end after a
 * closing quote, is CSV_BAD_QUOTE, because guessing there silently shifts values between columns.
 * Blank lines are skipped.
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly file: string;
  private row: RowFields;
  /** 1-based line of the next unread byte */
  private line = 1;
  /** column names, once known, so quote errors can name the field */
  fieldNames: string[] = [];

  constructor(delimiter: number, file: string) {
    this.delimiter = delimiter;
    this.file = file;
    this.row = { buf: Buffer.alloc(0), starts: new Int32Array(64), ends: new Int32Array(64), flags: new Uint8Array(64), count: 0, line: 1 };
  }

  /** 1-based line of the first byte not yet consumed */
  get currentLine(): number {
    return this.line;
  }

  feed(buf: Buffer, final: boolean, onRow: RowSink): number {
    const d = this.delimiter;
    const n = buf.length;
    const row = this.row;
    row.buf = buf;
    let i = 0;
    while (i < n) {
      const rowStart = i;
      const rowLine = this.line;
      let lineStart = i;
      let count = 0;
      let ended = false;
      while (!ended) {
        if (count === row.starts.length) this.grow();
        let c = i < n ? buf[i] : -1;
        if (c === QUOTE) {
          const open = i;
          const openLine = this.line;
          const openColumn = open - lineStart + 1;
          let j = i + 1;
          let flag = QUOTED;
          for (;;) {
            while (j < n && (c = buf[j]) !== QUOTE) {
              if (c === LF) {
                this.line++;
                lineStart = j + 1;
              }
              j++;
            }
            if (j >= n || (j + 1 >= n && !final)) {
              if (!final) return this.incomplete(rowStart, rowLine);
              this.badQuote(openLine, openColumn, count, 'a quoted field is never closed');
            }
            if (buf[j + 1] === QUOTE) {
              flag = QUOTED_WITH_ESCAPES;
              j += 2;
              continue;
            }
            break;
          }
          row.starts[count] = open + 1;
          row.ends[count] = j;
          row.flags[count] = flag;
          count++;
          i = j + 1;
          c = i < n ? buf[i] : -1;
          if (c !== d && c !== LF && c !== CR && c !== -1) {
            this.badQuote(this.line, i - lineStart + 1, count - 1, 'a closing quote is followed by more text');
          }
        } else {
          const start = i;
          while (i < n && (c = buf[i]) !== d && c !== LF && c !== CR && c !== QUOTE) i++;
          if (c === QUOTE && i < n) this.badQuote(this.line, i - lineStart + 1, count, 'a quote appears inside an unquoted field');
          row.starts[count] = start;
          row.ends[count] = i;
          row.flags[count] = PLAIN;
          count++;
        }
        if (i >= n) {
          if (!final) return this.incomplete(rowStart, rowLine);
          ended = true;
        } else if (buf[i] === d) {
          i++;
          if (i >= n && !final) return this.incomplete(rowStart, rowLine);
        } else {
          // CR, LF or CRLF ends the row
          if (buf[i] === CR) {
            if (i + 1 >= n && !final) return this.incomplete(rowStart, rowLine);
            if (buf[i + 1] === LF) i++;
          }
          i++;
          this.line++;
          ended = true;
        }
      }
      const blank = count === 1 && row.flags[0] === PLAIN && row.ends[0] === row.starts[0];
      if (!blank) {
        row.count = count;
        row.line = rowLine;
        onRow(row);
      }
    }
    return n;
  }

  private incomplete(rowStart: number, rowLine: number): number {
    this.line = rowLine;
    return rowStart;
  }

  private grow(): void {
    const size = this.row.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const flags = new Uint8Array(size);
    starts.set(this.row.starts);
    ends.set(this.row.ends);
    flags.set(this.row.flags);
    Object.assign(this.row, { starts, ends, flags });
  }

  private badQuote(line: number, character: number, fieldIndex: number, what: string): never {
    const field = this.fieldNames[fieldIndex];
    fail('CSV_BAD_QUOTE', `${this.file}: ${what} on line ${line} at character ${character}${field !== undefined ? ` (column '${field}')` : ''}.`, {
      where: { file: this.file, line, column: fieldIndex + 1, field },
      hint: 'Quote a field that contains quotes, delimiters or line breaks, and double each quote inside it ("").',
    });
  }
}
