// Byte-level CSV tokenizer (RFC 4180 quoting, any one-byte delimiter): finds field offsets without making strings.
import { fail } from '../../shared/errors';
import { PLAIN, QUOTED, QUOTED_WITH_ESCAPES, type FieldTable } from './field-table';

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Feed it buffers in file order. It fills a table with every complete row and returns where the incomplete tail
 * begins, so the caller can carry that tail into the next buffer; `final` says there is no next buffer.
 * Strict about quotes: a quote inside an unquoted field, or anything but a delimiter or line end after a
 * closing quote, is CSV_BAD_QUOTE, because guessing there silently shifts values between columns.
 * Blank lines are skipped.
 */
export class CsvTokenizer {
  private readonly delimiter: number;
  private readonly file: string;
  /** non-zero for the bytes that end an unquoted field: one lookup per byte instead of four comparisons */
  private readonly special = new Uint8Array(256);
  /** the largest of those bytes */
  private readonly top: number;
  /** 1-based line of the next unread byte */
  private line = 1;
  /** column names, once known, so quote errors can name the field */
  fieldNames: string[] = [];
  /** once the width is known, a row with another field count is reported here, in file order with quote errors */
  onRagged: ((count: number, line: number) => never) | null = null;

  constructor(delimiter: number, file: string) {
    this.delimiter = delimiter;
    this.file = file;
    for (const b of [delimiter, LF, CR, QUOTE]) this.special[b] = 1;
    this.top = Math.max(delimiter, LF, CR, QUOTE);
  }

  /** 1-based line of the first byte not yet consumed */
  get currentLine(): number {
    return this.line;
  }

  feed(buf: Buffer, final: boolean, table: FieldTable): number {
    const d = this.delimiter;
    const special = this.special;
    const top = this.top;
    const n = buf.length;
    table.reset(buf);
    let { starts, ends, flags } = table;
    let f = 0; // fields in the table
    let i = 0;
    while (i < n) {
      const rowStart = i;
      const rowLine = this.line;
      const firstField = f;
      let lineStart = i;
      let ended = false;
      while (!ended) {
        if (f === starts.length) {
          table.growFields();
          ({ starts, ends, flags } = table);
        }
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
              if (!final) return this.incomplete(table, firstField, rowStart, rowLine);
              this.badQuote(openLine, openColumn, f - firstField, 'a quoted field is never closed');
            }
            if (buf[j + 1] === QUOTE) {
              flag = QUOTED_WITH_ESCAPES;
              j += 2;
              continue;
            }
            break;
          }
          starts[f] = open + 1;
          ends[f] = j;
          flags[f] = flag;
          f++;
          i = j + 1;
          c = i < n ? buf[i] : -1;
          if (c !== d && c !== LF && c !== CR && c !== -1) {
            this.badQuote(this.line, i - lineStart + 1, f - 1 - firstField, 'a closing quote is followed by more text');
          }
        } else {
          const start = i;
          let c2: number;
          // most bytes are above every special byte: one comparison, and the table only for the rest
          while (i < n && ((c2 = buf[i]) > top || special[c2] === 0)) i++;
          if (i < n && buf[i] === QUOTE) this.badQuote(this.line, i - lineStart + 1, f - firstField, 'a quote appears inside an unquoted field');
          starts[f] = start;
          ends[f] = i;
          flags[f] = PLAIN;
          f++;
        }
        if (i >= n) {
          if (!final) return this.incomplete(table, firstField, rowStart, rowLine);
          ended = true;
        } else if (buf[i] === d) {
          i++;
          if (i >= n && !final) return this.incomplete(table, firstField, rowStart, rowLine);
        } else {
          // CR, LF or CRLF ends the row
          if (buf[i] === CR) {
            if (i + 1 >= n && !final) return this.incomplete(table, firstField, rowStart, rowLine);
            if (buf[i + 1] === LF) i++;
          }
          i++;
          this.line++;
          ended = true;
        }
      }
      const blank = f - firstField === 1 && flags[firstField] === PLAIN && ends[firstField] === starts[firstField];
      if (blank) f = firstField;
      else {
        if (this.onRagged && f - firstField !== this.fieldNames.length) this.onRagged(f - firstField, rowLine);
        if (table.rows === table.lines.length) table.growRows();
        table.rowStarts[table.rows] = firstField;
        table.lines[table.rows++] = rowLine;
        table.rowStarts[table.rows] = f;
      }
    }
    table.fields = f;
    return n;
  }

  private incomplete(table: FieldTable, fields: number, rowStart: number, rowLine: number): number {
    table.fields = fields;
    this.line = rowLine;
    return rowStart;
  }

  private badQuote(line: number, character: number, fieldIndex: number, what: string): never {
    const field = this.fieldNames[fieldIndex];
    fail('CSV_BAD_QUOTE', `${this.file}: ${what} on line ${line} at character ${character}${field !== undefined ? ` (column '${field}')` : ''}.`, {
      where: { file: this.file, line, column: fieldIndex + 1, field },
      hint: 'Quote a field that contains quotes, delimiters or line breaks, and double each quote inside it ("").',
    });
  }
}
