// Infers each column's type from its cells (first import pass) and notes the numeric range for exact histograms.
import type { ColumnType } from '../../shared/domain';
import { FLOAT, INTEGER, isNullCell, NOT_A_NUMBER, parseBoolean, parseDatetime, parseNumber, parsed } from './cell-parsers';
import { hashBytes, lanesKey } from './field-hash';
import { QUOTED_WITH_ESCAPES, unescapeQuotes, type RowFields } from './row-fields';

/** A string column with at most this many distinct values (and at most half as many as non-null cells) is categorical. */
export const CATEGORICAL_MAX_DISTINCT = 1000;

export interface ColumnFacts {
  type: ColumnType;
  nonNull: number;
  /** numeric range seen (numbers, or epoch ms for datetimes), for histogram edges */
  min: number;
  max: number;
}

/** Everything one column has shown so far; a candidate type drops out at the first cell that does not fit it. */
class ColumnGuess {
  nonNull = 0;
  maybeInteger = true;
  maybeNumber = true;
  maybeBoolean = true;
  maybeDatetime = true;
  numMin = Infinity;
  numMax = -Infinity;
  dateMin = Infinity;
  dateMax = -Infinity;
  /** hashes of the distinct values, until there are too many to be categorical */
  distinct: Set<number> | null = new Set();

  add(buf: Buffer, start: number, end: number): void {
    if (isNullCell(buf, start, end)) return;
    this.nonNull++;
    if (this.maybeNumber) {
      const kind = parseNumber(buf, start, end);
      if (kind === NOT_A_NUMBER) this.maybeNumber = this.maybeInteger = false;
      else {
        if (kind === FLOAT) this.maybeInteger = false;
        const v = parsed.value;
        if (v < this.numMin) this.numMin = v;
        if (v > this.numMax) this.numMax = v;
      }
    }
    if (this.maybeBoolean && parseBoolean(buf, start, end) < 0) this.maybeBoolean = false;
    if (this.maybeDatetime) {
      const t = parseDatetime(buf, start, end);
      if (Number.isNaN(t)) this.maybeDatetime = false;
      else {
        if (t < this.dateMin) this.dateMin = t;
        if (t > this.dateMax) this.dateMax = t;
      }
    }
    if (this.distinct) {
      hashBytes(buf, start, end);
      this.distinct.add(lanesKey());
      if (this.distinct.size > CATEGORICAL_MAX_DISTINCT) this.distinct = null;
    }
  }

  facts(): ColumnFacts {
    const range = { min: this.numMin, max: this.numMax };
    if (this.nonNull === 0) return { type: 'text', nonNull: 0, min: NaN, max: NaN };
    if (this.maybeInteger) return { type: 'integer', nonNull: this.nonNull, ...range };
    if (this.maybeNumber) return { type: 'numeric', nonNull: this.nonNull, ...range };
    if (this.maybeBoolean) return { type: 'boolean', nonNull: this.nonNull, min: 0, max: 1 };
    if (this.maybeDatetime) return { type: 'datetime', nonNull: this.nonNull, min: this.dateMin, max: this.dateMax };
    const categorical = this.distinct !== null && this.distinct.size * 2 <= this.nonNull;
    return { type: categorical ? 'categorical' : 'text', nonNull: this.nonNull, min: NaN, max: NaN };
  }
}

export class TypeInference {
  private readonly columns: ColumnGuess[];
  private scratch = Buffer.alloc(256);

  constructor(columnCount: number) {
    this.columns = Array.from({ length: columnCount }, () => new ColumnGuess());
  }

  addRow(row: RowFields): void {
    const { buf, starts, ends, flags } = row;
    for (let c = 0; c < this.columns.length; c++) {
      if (flags[c] === QUOTED_WITH_ESCAPES) this.addEscaped(c, buf, starts[c], ends[c]);
      else this.columns[c].add(buf, starts[c], ends[c]);
    }
  }

  facts(): ColumnFacts[] {
    return this.columns.map((c) => c.facts());
  }

  private addEscaped(column: number, buf: Buffer, start: number, end: number): void {
    if (this.scratch.length < end - start) this.scratch = Buffer.alloc((end - start) * 2);
    this.columns[column].add(this.scratch, 0, unescapeQuotes(buf, start, end, this.scratch));
  }
}

/** Whether a cell fits a (non-string) column type: used to tell a header row from data. */
export function cellFits(type: ColumnType, buf: Buffer, start: number, end: number): boolean {
  if (isNullCell(buf, start, end)) return true;
  switch (type) {
    case 'integer':
      return parseNumber(buf, start, end) === INTEGER;
    case 'numeric':
      return parseNumber(buf, start, end) !== NOT_A_NUMBER;
    case 'boolean':
      return parseBoolean(buf, start, end) >= 0;
    case 'datetime':
      return !Number.isNaN(parseDatetime(buf, start, end));
    default:
      return true;
  }
}
