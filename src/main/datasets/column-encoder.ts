// Turns one column's cells, a table of rows at a time, into typed Arrow chunks, their statistics and each cell's hash.
import type { ColumnType } from '../../shared/domain';
import { CHUNK_ROWS, boolChunk, dictionaryChunk, float64Chunk, int32Chunk, timestampChunk, utf8Chunk, type Nulls } from './arrow-chunks';
import { FLOAT, isNullCell, NOT_A_NUMBER, parseBoolean, parseNumber, parsed, readDatetime } from './cell-parsers';
import { ChunkDictionary } from './chunk-dictionary';
import { BooleanStats, NumberStats, StringStats, type ColumnStats } from './column-stats';
import { QUOTED_WITH_ESCAPES, Unescaper, type FieldTable } from './field-table';
import { hashBytes, hashNumber, lanes } from './field-hash';

export interface ColumnEncoder {
  readonly stats: ColumnStats;
  /** the type the rows so far show: an integer column turns numeric at its first fraction, a string one may switch */
  readonly type: ColumnType;
  /** this chunk's cell hashes, two lanes a row, which the row hashes fold in */
  readonly hashA: Uint32Array;
  readonly hashB: Uint32Array;
  /** encodes rows [from, to) of the table; returns the first row whose cell does not fit the column, or -1 */
  encode(table: FieldTable, from: number, to: number): number;
  /** the Arrow IPC bytes of the rows encoded since the last flush, whose statistics it adds to `stats` */
  flush(): Uint8Array;
}

const NULL_A = 0x6b43a9b5;
const NULL_B = 0x1b873593;

/**
 * Per-chunk buffers start at this many rows and double up to CHUNK_ROWS as rows arrive: allocated at full size, a
 * file of 20,000 columns and 3 rows took over a megabyte per column before its first row.
 */
const FIRST_CAPACITY = 256;

/** The capacity, doubled from `current`, that holds `rows` rows of a chunk. */
function capacityFor(current: number, rows: number): number {
  let capacity = current;
  while (capacity < rows) capacity *= 2;
  return Math.min(capacity, CHUNK_ROWS);
}

function grown<T extends Uint8Array | Int32Array | Uint32Array | Float64Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}

/** Validity bits for one chunk; the bitmap is dropped when nothing is null, so equal values give equal bytes. */
class Validity {
  bits = new Uint8Array(FIRST_CAPACITY / 8);
  nulls = 0;

  grow(capacity: number): void {
    this.bits = grown(this.bits, new Uint8Array(capacity / 8));
  }

  /** the bitmap to read present rows by, null when every row is present */
  view(): Uint8Array | null {
    return this.nulls > 0 ? this.bits : null;
  }

  take(rows: number): Nulls {
    const out: Nulls = { bitmap: this.nulls > 0 ? this.bits.slice(0, (rows + 7) >> 3) : null, count: this.nulls };
    this.bits.fill(0);
    this.nulls = 0;
    return out;
  }
}

/*
 * Each encoder has its own copy of the row loop rather than a shared one calling an overridden per-cell method:
 * a shared loop's call site would see every encoder class and V8 would stop inlining it, which costs more than the copies.
 */

/** Integer, numeric and datetime cells as float64 numbers (epoch ms for datetimes). */
class NumberEncoder implements ColumnEncoder {
  type: ColumnType;
  readonly stats = new NumberStats();
  hashA = new Uint32Array(FIRST_CAPACITY);
  hashB = new Uint32Array(FIRST_CAPACITY);
  private values = new Float64Array(FIRST_CAPACITY);
  private readonly validity = new Validity();
  private readonly unescaper = new Unescaper();
  private readonly column: number;
  private rows = 0;

  constructor(type: ColumnType, column: number) {
    this.type = type;
    this.column = column;
  }

  encode(table: FieldTable, from: number, to: number): number {
    if (this.rows + to - from > this.hashA.length) this.reserve(this.rows + to - from);
    const { starts, ends, flags, rowStarts } = table;
    const { values, hashA, hashB, validity, column } = this;
    const bits = validity.bits;
    const datetime = this.type === 'datetime';
    let n = this.rows;
    for (let r = from; r < to; r++, n++) {
      const k = rowStarts[r] + column;
      let buf = table.buf;
      let start = starts[k];
      let end = ends[k];
      if (flags[k] === QUOTED_WITH_ESCAPES) {
        end = this.unescaper.run(table, k);
        start = 0;
        buf = this.unescaper.bytes;
      }
      if (isNullCell(buf, start, end)) {
        values[n] = 0;
        validity.nulls++;
        hashA[n] = NULL_A;
        hashB[n] = NULL_B;
        continue;
      }
      let value: number;
      if (datetime) {
        if (!readDatetime(buf, start, end)) return r;
        value = parsed[0];
      } else {
        const kind = parseNumber(buf, start, end);
        if (kind === NOT_A_NUMBER) return r;
        if (kind === FLOAT && this.type === 'integer') this.type = 'numeric';
        value = parsed[0];
      }
      values[n] = value;
      bits[n >> 3] |= 1 << (n & 7);
      hashNumber(value);
      hashA[n] = lanes[0];
      hashB[n] = lanes[1];
    }
    this.rows = n;
    return -1;
  }

  private reserve(rows: number): void {
    const capacity = capacityFor(this.hashA.length, rows);
    this.hashA = grown(this.hashA, new Uint32Array(capacity));
    this.hashB = grown(this.hashB, new Uint32Array(capacity));
    this.values = grown(this.values, new Float64Array(capacity));
    this.validity.grow(capacity);
  }

  flush(): Uint8Array {
    const n = this.rows;
    const values = this.values.subarray(0, n);
    this.stats.addChunk(values, this.hashA, this.hashB, this.validity.view(), n);
    const nulls = this.validity.take(n);
    this.rows = 0;
    if (this.type === 'datetime') {
      const words = new Int32Array(n * 2);
      for (let i = 0; i < n; i++) {
        const high = Math.floor(values[i] / 4294967296);
        words[2 * i] = values[i] - high * 4294967296;
        words[2 * i + 1] = high;
      }
      return timestampChunk(words, nulls);
    }
    // Integers go to int32 when this chunk's values fit: decided per chunk so a chunk's bytes depend on its rows alone.
    if (this.type === 'integer' && fitsInt32(values)) return int32Chunk(Int32Array.from(values), nulls);
    return float64Chunk(values.slice(), nulls);
  }
}

function fitsInt32(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) if (values[i] > 2147483647 || values[i] < -2147483648) return false;
  return true;
}

class BooleanEncoder implements ColumnEncoder {
  readonly type = 'boolean';
  readonly stats = new BooleanStats();
  hashA = new Uint32Array(FIRST_CAPACITY);
  hashB = new Uint32Array(FIRST_CAPACITY);
  private values = new Uint8Array(FIRST_CAPACITY / 8);
  private readonly validity = new Validity();
  private readonly unescaper = new Unescaper();
  private readonly column: number;
  private rows = 0;

  constructor(column: number) {
    this.column = column;
  }

  encode(table: FieldTable, from: number, to: number): number {
    if (this.rows + to - from > this.hashA.length) this.reserve(this.rows + to - from);
    const { starts, ends, flags, rowStarts } = table;
    const { values, hashA, hashB, validity, column } = this;
    const bits = validity.bits;
    let n = this.rows;
    for (let r = from; r < to; r++, n++) {
      const k = rowStarts[r] + column;
      let buf = table.buf;
      let start = starts[k];
      let end = ends[k];
      if (flags[k] === QUOTED_WITH_ESCAPES) {
        end = this.unescaper.run(table, k);
        start = 0;
        buf = this.unescaper.bytes;
      }
      if (isNullCell(buf, start, end)) {
        validity.nulls++;
        hashA[n] = NULL_A;
        hashB[n] = NULL_B;
        continue;
      }
      const value = parseBoolean(buf, start, end);
      if (value < 0) return r;
      if (value === 1) values[n >> 3] |= 1 << (n & 7);
      bits[n >> 3] |= 1 << (n & 7);
      hashA[n] = 0x2545f491 + value;
      hashB[n] = 0x4f6cdd1d - value;
    }
    this.rows = n;
    return -1;
  }

  private reserve(rows: number): void {
    const capacity = capacityFor(this.hashA.length, rows);
    this.hashA = grown(this.hashA, new Uint32Array(capacity));
    this.hashB = grown(this.hashB, new Uint32Array(capacity));
    this.values = grown(this.values, new Uint8Array(capacity / 8));
    this.validity.grow(capacity);
  }

  flush(): Uint8Array {
    const n = this.rows;
    this.stats.addChunk(this.values, this.validity.nulls, n);
    const chunk = boolChunk(this.values.slice(0, (n + 7) >> 3), n, this.validity.take(n));
    this.values.fill(0);
    this.rows = 0;
    return chunk;
  }
}

/**
 * Categorical and text cells: both keep a per-chunk dictionary (codes per row), so statistics are counted per
 * distinct value and a column can be switched between the two after the pass from its stored chunks.
 */
class StringEncoder implements ColumnEncoder {
  type: 'categorical' | 'text';
  readonly stats = new StringStats();
  hashA = new Uint32Array(FIRST_CAPACITY);
  hashB = new Uint32Array(FIRST_CAPACITY);
  private codes = new Int32Array(FIRST_CAPACITY);
  private readonly dictionary = new ChunkDictionary();
  private readonly validity = new Validity();
  private readonly unescaper = new Unescaper();
  private readonly column: number;
  /** the sample held no value here, so any value means the guessed type is unfounded */
  private readonly onlyNulls: boolean;
  private rows = 0;

  constructor(type: 'categorical' | 'text', column: number, onlyNulls: boolean) {
    this.type = type;
    this.column = column;
    this.onlyNulls = onlyNulls;
  }

  encode(table: FieldTable, from: number, to: number): number {
    if (this.rows + to - from > this.hashA.length) this.reserve(this.rows + to - from);
    const { starts, ends, flags, rowStarts } = table;
    const { codes, dictionary, hashA, hashB, validity, column } = this;
    const bits = validity.bits;
    let n = this.rows;
    for (let r = from; r < to; r++, n++) {
      const k = rowStarts[r] + column;
      let buf = table.buf;
      let start = starts[k];
      let end = ends[k];
      if (flags[k] === QUOTED_WITH_ESCAPES) {
        end = this.unescaper.run(table, k);
        start = 0;
        buf = this.unescaper.bytes;
      }
      if (isNullCell(buf, start, end)) {
        codes[n] = 0;
        validity.nulls++;
        hashA[n] = NULL_A;
        hashB[n] = NULL_B;
        continue;
      }
      if (this.onlyNulls) return r;
      hashBytes(buf, start, end);
      codes[n] = dictionary.code(buf, start, end);
      bits[n >> 3] |= 1 << (n & 7);
      hashA[n] = lanes[0];
      hashB[n] = lanes[1];
    }
    this.rows = n;
    return -1;
  }

  private reserve(rows: number): void {
    const capacity = capacityFor(this.hashA.length, rows);
    this.hashA = grown(this.hashA, new Uint32Array(capacity));
    this.hashB = grown(this.hashB, new Uint32Array(capacity));
    this.codes = grown(this.codes, new Int32Array(capacity));
    this.validity.grow(capacity);
  }

  flush(): Uint8Array {
    const n = this.rows;
    this.stats.addChunk(this.dictionary, this.validity.nulls, n);
    const chunk = stringChunk(this.type, this.codes.subarray(0, n), this.dictionary, this.validity.take(n));
    this.dictionary.clear();
    this.rows = 0;
    return chunk;
  }
}

/** A string chunk from its codes and dictionary: as Arrow dictionary-encoded values, or as plain utf8 (null rows empty). */
export function stringChunk(type: 'categorical' | 'text', codes: Int32Array, dictionary: ChunkDictionary, nulls: Nulls): Uint8Array {
  const { offsets, bytes } = dictionary;
  if (type === 'categorical') return dictionaryChunk(codes, offsets.slice(0, dictionary.size + 1), bytes.subarray(0, dictionary.byteLength), nulls);
  const n = codes.length;
  const rowOffsets = new Int32Array(n + 1);
  let length = 0;
  for (let r = 0; r < n; r++) {
    if (nulls.bitmap === null || nulls.bitmap[r >> 3] & (1 << (r & 7))) length += offsets[codes[r] + 1] - offsets[codes[r]];
    rowOffsets[r + 1] = length;
  }
  const text = new Uint8Array(length);
  for (let r = 0; r < n; r++) if (rowOffsets[r + 1] > rowOffsets[r]) text.set(bytes.subarray(offsets[codes[r]], offsets[codes[r] + 1]), rowOffsets[r]);
  return utf8Chunk(rowOffsets, text, nulls);
}

/** `guessedFromNulls`: the type is a guess from a sample that held no value, so any value here disproves it. */
export function createEncoder(type: ColumnType, column: number, guessedFromNulls: boolean): ColumnEncoder {
  switch (type) {
    case 'integer':
    case 'numeric':
    case 'datetime':
      return new NumberEncoder(type, column);
    case 'boolean':
      return new BooleanEncoder(column);
    case 'categorical':
    case 'text':
      return new StringEncoder(type, column, guessedFromNulls);
  }
}
