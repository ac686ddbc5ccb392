// The trace matrix as RFC 4180 CSV, one line per link (sparse, so 100,000 links make 100,000 lines, not rows x columns),
// safe to open in a spreadsheet: no field can start a formula.
import type { TraceMatrix, TraceMatrixColumn, TraceMatrixRow } from '../../../shared/trace-matrix';
import { indexMatrix } from './matrix-index';

export const MATRIX_CSV_HEADER = ['requirement', 'title', 'level', 'class', 'depth', 'target_kind', 'target_id', 'target_label', 'link_type', 'status'] as const;

/**
 * Lines in row order, each row's links in column-group order. A requirement with no link still gets a line (its target
 * fields empty) and so does an artifact nothing links to (its requirement fields empty), so the file holds the whole
 * matrix, uncovered parts included. CRLF line ends, as RFC 4180 writes them.
 */
export function matrixCsv(matrix: TraceMatrix): string {
  const index = indexMatrix(matrix);
  const lines: string[] = [MATRIX_CSV_HEADER.join(',')];
  const none = ['', '', '', '', ''];
  matrix.rows.forEach((row, r) => {
    const links = index.byRow[r];
    if (links.length === 0) lines.push(line([...rowFields(row), ...none]));
    for (const link of links) lines.push(line([...rowFields(row), ...columnFields(matrix.columns[link.column]), link.linkType, link.status]));
  });
  for (const c of index.columnOrder) if (index.byColumn[c].length === 0) lines.push(line([...none, ...columnFields(matrix.columns[c]), '', '']));
  return `${lines.join('\r\n')}\r\n`;
}

function rowFields(row: TraceMatrixRow): string[] {
  return [row.id, row.title, row.level ?? '', row.class ?? '', String(row.depth)];
}

function columnFields(column: TraceMatrixColumn): string[] {
  return [column.kind, column.id, column.label];
}

function line(fields: string[]): string {
  return fields.map(csvField).join(',');
}

/**
 * One field: a text a spreadsheet would read as a formula (starting with = + - @, or with a tab or carriage return,
 * which some spreadsheets skip before looking) gets a leading apostrophe, OWASP's advice for CSV injection; then it is
 * quoted when it holds a comma, quote or line break.
 */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
