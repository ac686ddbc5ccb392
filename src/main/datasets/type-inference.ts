// Infers each column's type from its cells: over a sample for the one-pass import, over the whole file when a guess broke.
import type { ColumnType } from '../../shared/domain';
import { FLOAT, INTEGER, isNullCell, NOT_A_NUMBER, parseBoolean, parseDatetime, parseNumber } from './cell-parsers';
import { QUOTED_WITH_ESCAPES, Unescaper, type FieldTable } from './field-table';
import { hashBytes, lanesKey } from './field-hash';

/** A string column with at most this many distinct values (and at most half as many as non-null cells) is categorical. */
export const CATEGORICAL_MAX_DISTINCT = 1000;

export interface ColumnFacts {
  type: ColumnType;
  nonNull: number;
}

/** The string type the whole column earns: categorical when few distinct values repeat often enough. */
export function stringType(distinct: number, nonNull: number): 'categorical' | 'text' {
  return distinct <= CATEGORICAL_MAX_DISTINCT && distinct * 2 <= nonNull ? 'categorical' : 'text';
}

/** Everything one column has shown so far; a candidate type drops out at the first cell that does not fit it. */
class ColumnGuess {
  nonNull = 0;
  maybeInteger = true;
  maybeNumber = true;
  maybeBoolean = true;
  maybeDatetime = true;
  /** hashes of the distinct values, until there are too many to be categorical */
  distinct: Set<number> | null = new Set();

  add(buf: Buffer, start: number, end: number): void {
    if (isNullCell(buf, start, end)) return;
    this.nonNull++;
    if (this.maybeNumber) {
      const kind = parseNumber(buf, start, end);
      if (kind === NOT_A_NUMBER) this.maybeNumber = this.maybeInteger = false;
      else if (kind === FLOAT) this.maybeInteger = false;
    }
    if (this.maybeBoolean && parseBoolean(buf, start, end) < 0) this.maybeBoolean = false;
    if (this.maybeDatetime && Number.isNaN(parseDatetime(buf, start, end))) this.maybeDatetime = false;
    if (this.distinct) {
      hashBytes(buf, start, end);
      this.distinct.add(lanesKey());
      if (this.distinct.size > CATEGORICAL_MAX_DISTINCT) this.distinct = null;
    }
  }

  facts(): ColumnFacts {
    const nonNull = this.nonNull;
    if (nonNull === 0) return { type: 'text', nonNull };
    if (this.maybeInteger) return { type: 'integer', nonNull };
    if (this.maybeNumber) return { type: 'numeric', nonNull };
    if (this.maybeBoolean) return { type: 'boolean', nonNull };
    if (this.maybeDatetime) return { type: 'datetime', nonNull };
    return { type: this.distinct ? stringType(this.distinct.size, nonNull) : 'text', nonNull };
  }
}

export class TypeInference {
  private readonly columns: ColumnGuess[];
  private readonly unescaper = new Unescaper();

  constructor(columnCount: number) {
    this.columns = Array.from({ length: columnCount }, () => new ColumnGuess());
  }

  /** rows [from, to) of the table, each with at least as many fields as there are columns */
  addRows(table: FieldTable, from: number, to: number): void {
    const { buf, starts, ends, flags, rowStarts } = table;
    for (let c = 0; c < this.columns.length; c++) {
      const column = this.columns[c];
      for (let r = from; r < to; r++) {
        const k = rowStarts[r] + c;
        if (flags[k] === QUOTED_WITH_ESCAPES) column.add(this.unescaper.bytes, 0, this.unescaper.run(table, k));
        else column.add(buf, starts[k], ends[k]);
      }
    }
  }

  facts(): ColumnFacts[] {
    return this.columns.map((c) => c.facts());
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
