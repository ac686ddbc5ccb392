// Parsed rows as byte offsets into one buffer, every row's fields laid end to end: what row sources hand the import.

export const PLAIN = 0;
export const QUOTED = 1;
export const QUOTED_WITH_ESCAPES = 2;

/**
 * A whole read's worth of rows at once, so each column can then be encoded in its own tight loop (one type per loop
 * keeps V8's call sites monomorphic) instead of a callback per row and a virtual call per cell.
 * Once a source has checked that every row has `width` fields, field c of row r sits at index r * width + c.
 */
export class FieldTable {
  /** the bytes the offsets point into; valid only during the sink call */
  buf: Buffer = Buffer.alloc(0);
  /** whether the arrays live in shared memory, so a helper thread can read the table (see column-helper.ts) */
  readonly shared: boolean;
  starts: Int32Array;
  ends: Int32Array;
  /** QUOTED_WITH_ESCAPES marks a field whose "" pairs must be collapsed before use */
  flags: Uint8Array;
  /** row r's fields are [rowStarts[r], rowStarts[r + 1]) */
  rowStarts: Int32Array;
  /** 1-based line (CSV) or row (Parquet) where each row starts, for error messages */
  lines: Int32Array;
  rows = 0;
  fields = 0;

  constructor(shared = false) {
    this.shared = shared;
    this.starts = this.ints(4096);
    this.ends = this.ints(4096);
    this.flags = this.bytes(4096);
    this.rowStarts = this.ints(1025);
    this.lines = this.ints(1024);
  }

  private ints(n: number): Int32Array {
    return this.shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n);
  }

  private bytes(n: number): Uint8Array {
    return this.shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
  }

  reset(buf: Buffer): void {
    this.buf = buf;
    this.rows = 0;
    this.fields = 0;
  }

  fieldCount(row: number): number {
    return this.rowStarts[row + 1] - this.rowStarts[row];
  }

  growFields(): void {
    const size = this.starts.length * 2;
    this.starts = grown(this.starts, this.ints(size));
    this.ends = grown(this.ends, this.ints(size));
    this.flags = grown(this.flags, this.bytes(size));
  }

  /** rowStarts needs one slot past the last row */
  growRows(): void {
    const size = this.lines.length * 2;
    this.rowStarts = grown(this.rowStarts, this.ints(size + 1));
    this.lines = grown(this.lines, this.ints(size));
  }
}

function grown<T extends Int32Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old.subarray(0, Math.min(old.length, fresh.length)));
  return fresh;
}

/** Consumes rows [from, to) of a table whose rows all have the source's width. */
export type RowSink = (table: FieldTable, from: number, to: number) => void;

/** Copies a quoted field into `out` with each "" collapsed to ", returning the length written. */
export function unescapeQuotes(buf: Buffer, start: number, end: number, out: Buffer): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    out[n++] = buf[i];
    if (buf[i] === 34) i++;
  }
  return n;
}

/** A reusable buffer for cells whose "" pairs must be collapsed: such cells are rare, so one copy each is fine. */
export class Unescaper {
  bytes = Buffer.alloc(256);

  /** unescapes field k into `bytes` and returns its length */
  run(table: FieldTable, k: number): number {
    const start = table.starts[k];
    const end = table.ends[k];
    if (this.bytes.length < end - start) this.bytes = Buffer.alloc((end - start) * 2);
    return unescapeQuotes(table.buf, start, end, this.bytes);
  }
}

/** A field's text, with quotes unescaped: for header names and values that must become strings anyway. */
export function fieldText(table: FieldTable, k: number): string {
  const { buf } = table;
  const start = table.starts[k];
  const end = table.ends[k];
  if (table.flags[k] !== QUOTED_WITH_ESCAPES) return buf.toString('utf8', start, end);
  const out = Buffer.allocUnsafe(end - start);
  return out.toString('utf8', 0, unescapeQuotes(buf, start, end, out));
}
