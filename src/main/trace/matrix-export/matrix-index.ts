// The one pass every export starts from: checks a trace matrix, orders its columns by kind, and indexes its sparse
// cells by row and by column, so each format walks links only (never rows x columns).
import { fail } from '../../../shared/errors';
import { TRACE_LINK_STATUSES, TRACE_LINK_TYPES, TRACE_TARGET_KINDS, type TraceLinkStatus, type TraceMatrix, type TraceMatrixCell, type TraceStatusCounts, type TraceTargetKind } from '../../../shared/trace-matrix';

export interface ColumnGroup {
  kind: TraceTargetKind;
  /** column indices of this kind, in the matrix's order */
  columns: number[];
}

export interface MatrixIndex {
  matrix: TraceMatrix;
  /** columns grouped by kind in TRACE_TARGET_KINDS order; empty groups left out */
  groups: ColumnGroup[];
  /** every column index in group order */
  columnOrder: number[];
  /** a column's position in columnOrder */
  position: Int32Array;
  /** per row: its links, by column position then link type order */
  byRow: TraceMatrixCell[][];
  /** per column: its links, by row then link type order */
  byColumn: TraceMatrixCell[][];
}

const TYPE_RANK = new Map<string, number>(TRACE_LINK_TYPES.map((t, i) => [t, i]));
const STATUSES = new Set<string>(TRACE_LINK_STATUSES);
const KIND_RANK = new Map<string, number>(TRACE_TARGET_KINDS.map((k, i) => [k, i]));

/** Refuses, in one line naming the cell, a link outside the matrix, an unknown type or status, or the same link twice. */
export function indexMatrix(matrix: TraceMatrix): MatrixIndex {
  const { rows, columns, cells } = matrix;
  columns.forEach((c, i) => {
    if (!KIND_RANK.has(c.kind)) fail('BAD_INPUT', `Trace matrix column ${i + 1} (${c.id}) has an unknown kind "${c.kind}".`, { where: { field: `columns[${i}].kind` } });
  });
  const groups: ColumnGroup[] = TRACE_TARGET_KINDS.map((kind) => ({ kind, columns: [] as number[] }));
  columns.forEach((c, i) => groups[KIND_RANK.get(c.kind) ?? 0].columns.push(i));
  const present = groups.filter((g) => g.columns.length > 0);
  const columnOrder = present.flatMap((g) => g.columns);
  const position = new Int32Array(columns.length);
  columnOrder.forEach((c, p) => (position[c] = p));

  const byRow: TraceMatrixCell[][] = rows.map(() => []);
  const byColumn: TraceMatrixCell[][] = columns.map(() => []);
  const seen = new Set<string>();
  cells.forEach((cell, i) => {
    const where = { field: `cells[${i}]` };
    if (!Number.isInteger(cell.row) || cell.row < 0 || cell.row >= rows.length) fail('BAD_INPUT', `Trace matrix link ${i + 1} points at row ${cell.row}; the matrix has ${rows.length} rows.`, { where });
    if (!Number.isInteger(cell.column) || cell.column < 0 || cell.column >= columns.length) fail('BAD_INPUT', `Trace matrix link ${i + 1} points at column ${cell.column}; the matrix has ${columns.length} columns.`, { where });
    if (!TYPE_RANK.has(cell.linkType)) fail('BAD_INPUT', `Trace matrix link ${i + 1} has an unknown link type "${cell.linkType}".`, { where });
    if (!STATUSES.has(cell.status)) fail('BAD_INPUT', `Trace matrix link ${i + 1} has an unknown status "${cell.status}".`, { where });
    const key = `${cell.row}:${cell.column}:${cell.linkType}`;
    if (seen.has(key)) fail('BAD_INPUT', `Trace matrix link ${i + 1} repeats ${cell.linkType} from ${rows[cell.row].id} to ${columns[cell.column].id}.`, { where });
    seen.add(key);
    byRow[cell.row].push(cell);
    byColumn[cell.column].push(cell);
  });
  const typeRank = (c: TraceMatrixCell) => TYPE_RANK.get(c.linkType) ?? 0;
  for (const list of byRow) if (list.length > 1) list.sort((a, b) => position[a.column] - position[b.column] || typeRank(a) - typeRank(b));
  for (const list of byColumn) if (list.length > 1) list.sort((a, b) => a.row - b.row || typeRank(a) - typeRank(b));
  return { matrix, groups: present, columnOrder, position, byRow, byColumn };
}

/** Status colours (RRGGBB) in every format: Excel's own good / neutral / bad cell fills, so a reader knows them. */
export const STATUS_FILLS: Readonly<Record<TraceLinkStatus, string>> = { ok: 'C6EFCE', suspect: 'FFEB9C', failing: 'FFC7CE', 'no-evidence': 'E7E6E6' };

export function statusCounts(links: readonly TraceMatrixCell[]): TraceStatusCounts {
  const counts: TraceStatusCounts = { ok: 0, suspect: 0, failing: 0, 'no-evidence': 0 };
  for (const link of links) counts[link.status]++;
  return counts;
}

/** Most alarming first: a cell holding several links shows the worst of them. */
const SEVERITY: Readonly<Record<TraceLinkStatus, number>> = { failing: 3, suspect: 2, 'no-evidence': 1, ok: 0 };

export function worstStatus(links: readonly TraceMatrixCell[]): TraceLinkStatus {
  return links.reduce<TraceLinkStatus>((worst, l) => (SEVERITY[l.status] > SEVERITY[worst] ? l.status : worst), 'ok');
}

/** One link as text: its type, and its status unless ok ("verifies (suspect)"); the words every format shows. */
export function linkText(link: TraceMatrixCell): string {
  return link.status === 'ok' ? link.linkType : `${link.linkType} (${link.status})`;
}

/**
 * The links sharing one row and column, for a grid cell: [start, end) of `links` (sorted by column) that hold
 * `links[start].column`.
 */
export function sameCellEnd(links: readonly TraceMatrixCell[], start: number): number {
  let end = start + 1;
  while (end < links.length && links[end].column === links[start].column) end++;
  return end;
}

/** Plain words for a column kind in headings: "model version", "requirement". */
export function kindName(kind: TraceTargetKind): string {
  return kind.replace(/_/g, ' ');
}
