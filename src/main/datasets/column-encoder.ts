// Turns one column's cells into typed Arrow chunks while feeding its statistics and leaving each cell's hash in `lanes`.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { CHUNK_ROWS, boolChunk, dictionaryChunk, float64Chunk, int32Chunk, timestampChunk, utf8Chunk, type Nulls } from './arrow-chunks';
import { isNullCell, latin1, NOT_A_NUMBER, parseBoolean, parseDatetime, parseNumber, parsed } from './cell-parsers';
import { BooleanStats, NumberStats, StringStats, type ColumnStats } from './column-stats';
import { hashBytes, hashNumber, lanes, lanesKey } from './field-hash';
import type { ColumnFacts } from './type-inference';

export interface ColumnEncoder {
  readonly stats: ColumnStats;
  /** adds one (already unescaped) cell; `line` only names the place if the cell no longer fits the column */
  push(buf: Buffer, start: number, end: number, line: number): void;
  /** the Arrow IPC bytes of the rows pushed since the last flush */
  flush(): Uint8Array;
}

export interface EncoderPlace {
  file: string;
  column: string;
  index: number;
}

const NULL_LANES = [0x6b43a9b5, 0x1b873593];

/** Validity bits for one chunk; the bitmap is dropped when nothing is null, so equal values give equal bytes. */
class Validity {
  private bits = new Uint8Array(CHUNK_ROWS / 8);
  private nulls = 0;

  mark(row: number, present: boolean): void {
    if (present) this.bits[row >> 3] |= 1 << (row & 7);
    else this.nulls++;
  }

  take(rows: number): Nulls {
    const out: Nulls = { bitmap: this.nulls > 0 ? this.bits.slice(0, (rows + 7) >> 3) : null, count: this.nulls };
    this.bits.fill(0);
    this.nulls = 0;
    return out;
  }
}

abstract class BaseEncoder {
  protected rows = 0;
  protected readonly validity = new Validity();
  protected readonly place: EncoderPlace;

  constructor(place: EncoderPlace) {
    this.place = place;
  }

  /** Pass 1 said every cell fits the column type; one that does not means the file changed under us. */
  protected changed(line: number): never {
    fail('FILE_VANISHED', `${this.place.file} changed while it was being imported (line ${line}, column '${this.place.column}' no longer matches the first read).`, {
      where: { file: this.place.file, line, column: this.place.index + 1, field: this.place.column },
      hint: 'Import it again once nothing is writing to it.',
    });
  }

  protected pushNull(stats: ColumnStats): void {
    this.validity.mark(this.rows++, false);
    stats.addNull();
    lanes[0] = NULL_LANES[0];
    lanes[1] = NULL_LANES[1];
  }
}

/** Integer, numeric and datetime cells as float64 numbers (epoch ms for datetimes). */
class NumberEncoder extends BaseEncoder implements ColumnEncoder {
  readonly stats: NumberStats;
  private values = new Float64Array(CHUNK_ROWS);
  private readonly type: ColumnType;

  constructor(type: ColumnType, facts: ColumnFacts, place: EncoderPlace) {
    super(place);
    this.type = type;
    this.stats = new NumberStats(facts.min, facts.max);
  }

  push(buf: Buffer, start: number, end: number, line: number): void {
    if (isNullCell(buf, start, end)) return this.pushNull(this.stats);
    let value: number;
    if (this.type === 'datetime') {
      value = parseDatetime(buf, start, end);
      if (Number.isNaN(value)) this.changed(line);
    } else {
      if (parseNumber(buf, start, end) === NOT_A_NUMBER) this.changed(line);
      value = parsed.value;
    }
    this.values[this.rows] = value;
    this.validity.mark(this.rows++, true);
    hashNumber(value);
    this.stats.add(value);
  }

  flush(): Uint8Array {
    const n = this.rows;
    const values = this.values.subarray(0, n);
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

class BooleanEncoder extends BaseEncoder implements ColumnEncoder {
  readonly stats = new BooleanStats();
  private bits = new Uint8Array(CHUNK_ROWS / 8);

  push(buf: Buffer, start: number, end: number, line: number): void {
    if (isNullCell(buf, start, end)) return this.pushNull(this.stats);
    const value = parseBoolean(buf, start, end);
    if (value < 0) this.changed(line);
    if (value === 1) this.bits[this.rows >> 3] |= 1 << (this.rows & 7);
    this.validity.mark(this.rows++, true);
    lanes[0] = 0x2545f491 + value;
    lanes[1] = 0x4f6cdd1d - value;
    this.stats.add(value === 1);
  }

  flush(): Uint8Array {
    const n = this.rows;
    const chunk = boolChunk(this.bits.slice(0, (n + 7) >> 3), n, this.validity.take(n));
    this.bits.fill(0);
    this.rows = 0;
    return chunk;
  }
}

/** Growable byte store for a chunk's string values. */
class ByteArena {
  bytes = new Uint8Array(1 << 16);
  length = 0;

  append(buf: Buffer, start: number, end: number): void {
    const need = this.length + end - start;
    if (need > this.bytes.length) {
      const grown = new Uint8Array(Math.max(need, this.bytes.length * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(buf.subarray(start, end), this.length);
    this.length = need;
  }
}

class TextColumnEncoder extends BaseEncoder implements ColumnEncoder {
  readonly stats = new StringStats();
  private offsets = new Int32Array(CHUNK_ROWS + 1);
  private arena = new ByteArena();

  push(buf: Buffer, start: number, end: number): void {
    if (isNullCell(buf, start, end)) {
      this.pushNull(this.stats);
      this.offsets[this.rows] = this.arena.length;
      return;
    }
    this.arena.append(buf, start, end);
    this.validity.mark(this.rows++, true);
    this.offsets[this.rows] = this.arena.length;
    hashBytes(buf, start, end);
    this.stats.add(lanesKey(), buf, start, end);
  }

  flush(): Uint8Array {
    const n = this.rows;
    const chunk = utf8Chunk(this.offsets.slice(0, n + 1), this.arena.bytes.slice(0, this.arena.length), this.validity.take(n));
    this.arena.length = 0;
    this.rows = 0;
    return chunk;
  }
}

class CategoricalEncoder extends BaseEncoder implements ColumnEncoder {
  readonly stats = new StringStats();
  private codes = new Int32Array(CHUNK_ROWS);
  /** this chunk's dictionary, keyed by the cell hash (no string per cell); bytes are compared to rule out collisions */
  private dictionary = new Map<number, number>();
  /** the rare values whose hash collided with another's, keyed exactly by their bytes as a latin1 string */
  private collided = new Map<string, number>();
  private dictOffsets: number[] = [0];
  private arena = new ByteArena();

  push(buf: Buffer, start: number, end: number): void {
    if (isNullCell(buf, start, end)) {
      this.codes[this.rows] = 0;
      return this.pushNull(this.stats);
    }
    hashBytes(buf, start, end);
    const key = lanesKey();
    let code = this.dictionary.get(key);
    if (code === undefined) code = this.add(buf, start, end, () => this.dictionary.set(key, this.dictOffsets.length - 2));
    else if (!this.holds(code, buf, start, end)) {
      const exact = latin1(buf, start, end);
      code = this.collided.get(exact) ?? this.add(buf, start, end, () => this.collided.set(exact, this.dictOffsets.length - 2));
    }
    this.codes[this.rows] = code;
    this.validity.mark(this.rows++, true);
    this.stats.add(key, buf, start, end);
  }

  flush(): Uint8Array {
    const n = this.rows;
    const chunk = dictionaryChunk(this.codes.slice(0, n), Int32Array.from(this.dictOffsets), this.arena.bytes.slice(0, this.arena.length), this.validity.take(n));
    this.dictionary.clear();
    this.collided.clear();
    this.dictOffsets = [0];
    this.arena.length = 0;
    this.rows = 0;
    return chunk;
  }

  private add(buf: Buffer, start: number, end: number, remember: () => void): number {
    this.arena.append(buf, start, end);
    this.dictOffsets.push(this.arena.length);
    remember();
    return this.dictOffsets.length - 2;
  }

  private holds(code: number, buf: Buffer, start: number, end: number): boolean {
    const from = this.dictOffsets[code];
    if (this.dictOffsets[code + 1] - from !== end - start) return false;
    for (let i = 0; i < end - start; i++) if (this.arena.bytes[from + i] !== buf[start + i]) return false;
    return true;
  }
}

export function createEncoder(facts: ColumnFacts, place: EncoderPlace): ColumnEncoder {
  switch (facts.type) {
    case 'integer':
    case 'numeric':
    case 'datetime':
      return new NumberEncoder(facts.type, facts, place);
    case 'boolean':
      return new BooleanEncoder(place);
    case 'categorical':
      return new CategoricalEncoder(place);
    case 'text':
      return new TextColumnEncoder(place);
  }
}
