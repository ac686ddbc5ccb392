// One parsed row as offsets into a byte buffer: what every row source (CSV, Parquet) hands the import pipeline.

export interface RowFields {
  /** the bytes the offsets point into; valid only during the callback */
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  /** QUOTED_WITH_ESCAPES marks a field whose "" pairs must be collapsed before use */
  flags: Uint8Array;
  count: number;
  /** 1-based line (CSV) or row (Parquet) where the row starts, for error messages */
  line: number;
}

export const PLAIN = 0;
export const QUOTED = 1;
export const QUOTED_WITH_ESCAPES = 2;

export type RowSink = (row: RowFields) => void;

/** Copies a quoted field into `out` with each "" collapsed to ", returning the length written. */
export function unescapeQuotes(buf: Buffer, start: number, end: number, out: Buffer): number {
  let n = 0;
  for (let i = start; i < end; i++) {
    out[n++] = buf[i];
    if (buf[i] === 34) i++;
  }
  return n;
}

/** A field's text, with quotes unescaped: for header names and values that must become strings anyway. */
export function fieldText(row: RowFields, index: number): string {
  const { buf } = row;
  const start = row.starts[index];
  const end = row.ends[index];
  if (row.flags[index] !== QUOTED_WITH_ESCAPES) return buf.toString('utf8', start, end);
  const out = Buffer.allocUnsafe(end - start);
  return out.toString('utf8', 0, unescapeQuotes(buf, start, end, out));
}
