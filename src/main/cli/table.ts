// Human CLI output as tab-separated rows with every cell on one line: a name or path holding a line break or a tab
// cannot split a row or shift its columns (it prints as \n or \t).
import { oneLine } from '../../shared/one-line';

export type Cell = string | number | boolean | null | undefined;

export function cell(value: Cell): string {
  return value === null || value === undefined ? '' : oneLine(String(value));
}

export function table(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => row.map(cell).join('\t')).join('\n');
}
