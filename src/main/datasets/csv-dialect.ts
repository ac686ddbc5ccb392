// Guesses a delimited file's dialect from its first bytes: the delimiter (comma, tab, semicolon, pipe) and whether row 1 is a header.
import { AppFailure, fail } from '../../shared/errors';
import { NOT_A_NUMBER, parseNumber } from './cell-parsers';
import { CsvTokenizer } from './csv-tokenizer';
import { FieldTable, fieldText } from './field-table';
import { cellFits, TypeInference } from './type-inference';

export interface CsvDialect {
  delimiter: number;
  hasHeader: boolean;
  columns: string[];
}

const CANDIDATES = [44, 9, 59, 124]; // , tab ; |
const SAMPLE_ROWS = 200;
/**
 * The widest table imported. Memory per column is about 10 KB plus its cells (50,000 columns of 3 rows peaked at
 * 530 MB of heap and buffers, inside a 512 MB old-space limit), and each column of each chunk is a blob: past this a
 * file is refused with a clear message rather than risking the job's memory limit and filling the disk with tiny files.
 */
export const MAX_COLUMNS = 50_000;

/** The sample's first rows, up to the first quoting error: the full read reports that error with the column names. */
interface SampleRows {
  table: FieldTable;
  rows: number;
}

function sampleRows(sample: Buffer, delimiter: number, final: boolean, file: string): SampleRows {
  const table = new FieldTable();
  try {
    new CsvTokenizer(delimiter, file).feed(sample, final, table);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
  }
  return { table, rows: Math.min(table.rows, SAMPLE_ROWS) };
}

/**
 * The delimiter that splits the sample's rows into the same number (> 1) of fields most consistently, ties going to
 * more fields. A file no candidate splits is one column.
 */
function detectDelimiter(sample: Buffer, final: boolean, file: string): { delimiter: number; rows: SampleRows } {
  let best: { delimiter: number; rows: SampleRows; score: number } | null = null;
  for (const delimiter of CANDIDATES) {
    const rows = sampleRows(sample, delimiter, final, file);
    if (rows.rows === 0) continue;
    const width = rows.table.fieldCount(0);
    if (width < 2) continue;
    let same = 0;
    for (let r = 0; r < rows.rows; r++) if (rows.table.fieldCount(r) === width) same++;
    const consistent = same / rows.rows;
    const score = consistent * 1000 + Math.min(width, 999);
    if (!best || score > best.score) best = { delimiter, rows, score };
  }
  if (best) return best;
  const rows = sampleRows(sample, 44, final, file);
  // a quoting error in the very first row: raise it here, there are no column names to give it
  if (rows.rows === 0) new CsvTokenizer(44, file).feed(sample, final, new FieldTable());
  return { delimiter: 44, rows };
}

/**
 * Row 1 is a header unless one of its cells is a number, or every typed column (number, boolean, datetime) of the
 * other rows also accepts row 1's cell. So an all-text file is taken to have a header: the usual case.
 */
function looksLikeHeader({ table, rows }: SampleRows): boolean {
  const width = table.fieldCount(0);
  const { buf, starts, ends } = table;
  for (let c = 0; c < width; c++) if (parseNumber(buf, starts[c], ends[c]) !== NOT_A_NUMBER) return false;
  const inference = new TypeInference(width);
  for (let r = 1; r < rows; r++) if (table.fieldCount(r) === width) inference.addRows(table, r, r + 1);
  const typed = inference.facts().map((f, c) => ({ ...f, c })).filter((f) => f.nonNull > 0 && f.type !== 'text' && f.type !== 'categorical');
  if (typed.length === 0) return true;
  return typed.some((f) => !cellFits(f.type, buf, starts[f.c], ends[f.c]));
}

function columnNames({ table }: SampleRows, hasHeader: boolean, file: string): string[] {
  const width = table.fieldCount(0);
  if (!hasHeader) return Array.from({ length: width }, (_, i) => `column_${i + 1}`);
  const names = Array.from({ length: width }, (_, i) => fieldText(table, i).trim() || `column_${i + 1}`);
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) {
      fail('CSV_DUPLICATE_HEADER', `${file}: columns ${earlier + 1} and ${i + 1} are both named '${name}'.`, {
        where: { file, line: table.lines[0], column: i + 1, field: name },
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
  if (rows.rows === 0) fail('FILE_EMPTY', `${file} holds no rows.`, { where: { file } });
  const hasHeader = looksLikeHeader(rows);
  const width = rows.table.fieldCount(0);
  if (width > MAX_COLUMNS) {
    fail('CSV_TOO_WIDE', `${file} has ${width} columns; Airlock imports at most ${MAX_COLUMNS}.`, {
      where: { file, line: 1 },
      hint: 'Split the file into narrower tables.',
    });
  }
  const columns = columnNames(rows, hasHeader, file);
  if (columns.length === 0) fail('CSV_NO_COLUMNS', `${file} has no columns.`, { where: { file } });
  return { delimiter, hasHeader, columns };
}
