// Guesses a delimited file's dialect from its first bytes: the delimiter (comma, tab, semicolon, pipe) and whether row 1 is a header.
import { AppFailure, fail } from '../../shared/errors';
import { NOT_A_NUMBER, parseNumber } from './cell-parsers';
import { CsvTokenizer } from './csv-tokenizer';
import { fieldText, type RowFields } from './row-fields';
import { cellFits, TypeInference } from './type-inference';

export interface CsvDialect {
  delimiter: number;
  hasHeader: boolean;
  columns: string[];
}

const CANDIDATES = [44, 9, 59, 124]; // , tab ; |
const SAMPLE_ROWS = 200;

function copyRow(row: RowFields): RowFields {
  return { ...row, starts: row.starts.slice(0, row.count), ends: row.ends.slice(0, row.count), flags: row.flags.slice(0, row.count) };
}

/** The sample's rows up to the first quoting error: the full read reports that error with the column names. */
function sampleRows(sample: Buffer, delimiter: number, final: boolean, file: string): RowFields[] {
  const rows: RowFields[] = [];
  try {
    new CsvTokenizer(delimiter, file).feed(sample, final, (row) => {
      if (rows.length < SAMPLE_ROWS) rows.push(copyRow(row));
    });
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
  }
  return rows;
}

/**
 * The delimiter that splits the sample's rows into the same number (> 1) of fields most consistently, ties going to
 * more fields. A file no candidate splits is one column.
 */
function detectDelimiter(sample: Buffer, final: boolean, file: string): { delimiter: number; rows: RowFields[] } {
  let best: { delimiter: number; rows: RowFields[]; score: number } | null = null;
  for (const delimiter of CANDIDATES) {
    const rows = sampleRows(sample, delimiter, final, file);
    if (rows.length === 0) continue;
    const width = rows[0].count;
    if (width < 2) continue;
    const consistent = rows.filter((r) => r.count === width).length / rows.length;
    const score = consistent * 1000 + Math.min(width, 999);
    if (!best || score > best.score) best = { delimiter, rows, score };
  }
  if (best) return best;
  const rows = sampleRows(sample, 44, final, file);
  // a quoting error in the very first row: raise it here, there are no column names to give it
  if (rows.length === 0) new CsvTokenizer(44, file).feed(sample, final, () => undefined);
  return { delimiter: 44, rows };
}

/**
 * Row 1 is a header unless one of its cells is a number, or every typed column (number, boolean, datetime) of the
 * other rows also accepts row 1's cell. So an all-text file is taken to have a header: the usual case.
 */
function looksLikeHeader(rows: RowFields[]): boolean {
  const first = rows[0];
  for (let c = 0; c < first.count; c++) if (parseNumber(first.buf, first.starts[c], first.ends[c]) !== NOT_A_NUMBER) return false;
  const rest = rows.slice(1).filter((r) => r.count === first.count);
  const inference = new TypeInference(first.count);
  for (const r of rest) inference.addRow(r);
  const typed = inference.facts().map((f, c) => ({ ...f, c })).filter((f) => f.nonNull > 0 && f.type !== 'text' && f.type !== 'categorical');
  if (typed.length === 0) return true;
  return typed.some((f) => !cellFits(f.type, first.buf, first.starts[f.c], first.ends[f.c]));
}

function columnNames(first: RowFields, hasHeader: boolean, file: string): string[] {
  if (!hasHeader) return Array.from({ length: first.count }, (_, i) => `column_${i + 1}`);
  const names = Array.from({ length: first.count }, (_, i) => fieldText(first, i).trim() || `column_${i + 1}`);
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      fail('CSV_DUPLICATE_HEADER', `${file}: columns ${earlier + 1} and ${i + 1} are both named '${name}'.`, {
        where: { file, line: first.line, column: i + 1, field: name },
        hint: 'Give every column its own name in the header row.',
      });
    }
    seen.set(name, i);
  });
  return names;
}

/** `final` says the sample is the whole file, so its last row is complete even without a line break. */
export function detectDialect(sample: Buffer, final: boolean, file: string): CsvDialect {
  const { delimiter, rows } = detectDelimiter(sample, final, file);
  if (rows.length === 0) fail('FILE_EMPTY', `${file} holds no rows.`, { where: { file } });
  const hasHeader = looksLikeHeader(rows);
  const columns = columnNames(rows[0], hasHeader, file);
  if (columns.length === 0) fail('CSV_NO_COLUMNS', `${file} has no columns.`, { where: { file } });
  return { delimiter, hasHeader, columns };
}
