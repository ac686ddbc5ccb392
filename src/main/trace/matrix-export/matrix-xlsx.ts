// The trace matrix as an .xlsx workbook: the forward matrix as a grid (requirements x artifacts grouped by kind, cells
// filled by status), the backward view as a list per artifact, and the uncovered report; only linked cells are written.
import type { TraceLinkStatus, TraceMatrix } from '../../../shared/trace-matrix';
import { indexMatrix, kindName, linkText, sameCellEnd, STATUS_FILLS, worstStatus, type MatrixIndex } from './matrix-index';
import { uncoveredReport } from './uncovered-report';
import { writeXlsx, type XlsxCell, type XlsxSheet, type XlsxStyle } from './xlsx-writer';

/** Indentation steps shown for hierarchy depth; deeper requirements indent no further. */
const MAX_INDENT = 8;

const STYLES: XlsxStyle[] = [
  {},
  { bold: true, fill: 'DDE3EA' },
  { bold: true, fill: 'B8C4D2', center: true },
  { fill: STATUS_FILLS.ok },
  { fill: STATUS_FILLS.suspect },
  { fill: STATUS_FILLS.failing },
  { fill: STATUS_FILLS['no-evidence'] },
  ...Array.from({ length: MAX_INDENT }, (_, i) => ({ indent: i + 1 })),
];
const HEADER = 1;
const GROUP = 2;
const STATUS_STYLE: Readonly<Record<TraceLinkStatus, number>> = { ok: 3, suspect: 4, failing: 5, 'no-evidence': 6 };
const indentStyle = (depth: number): number => (depth <= 0 ? 0 : 6 + Math.min(depth, MAX_INDENT));

/** Requirement id, title, level and class come before the artifact columns; id and title stay in view. */
const FORWARD_FIXED = ['Requirement', 'Title', 'Level', 'Class'];

export function matrixXlsx(matrix: TraceMatrix): Uint8Array {
  const index = indexMatrix(matrix);
  const modified = new Date(matrix.createdAt);
  return writeXlsx({
    sheets: [forwardSheet(index), backwardSheet(index), uncoveredSheet(matrix, index)],
    styles: STYLES,
    modified: Number.isNaN(modified.getTime()) ? new Date(Date.UTC(2000, 0, 1)) : modified,
  });
}

const header = (texts: readonly string[], from = 0): XlsxCell[] => texts.map((text, i) => ({ col: from + i, text, style: HEADER }));

/** Row 1 names each kind over its columns, row 2 each column; then a row per requirement with its links in place. */
function forwardSheet(index: MatrixIndex): XlsxSheet {
  const { matrix } = index;
  const first = FORWARD_FIXED.length;
  const groupRow: XlsxCell[] = [];
  const merges: [number, number, number, number][] = [];
  let at = first;
  for (const g of index.groups) {
    groupRow.push({ col: at, text: kindName(g.kind), style: GROUP });
    if (g.columns.length > 1) merges.push([0, at, 0, at + g.columns.length - 1]);
    at += g.columns.length;
  }
  const columnRow = [...header(FORWARD_FIXED), ...header(index.columnOrder.map((c) => matrix.columns[c].id), first)];
  const rows = matrix.rows.map((row, r) => {
    const cells: XlsxCell[] = [
      { col: 0, text: row.id },
      { col: 1, text: row.title, style: indentStyle(row.depth) },
      { col: 2, text: row.level ?? '' },
      { col: 3, text: row.class ?? '' },
    ];
    const links = index.byRow[r];
    for (let start = 0; start < links.length; ) {
      const end = sameCellEnd(links, start);
      const here = links.slice(start, end);
      cells.push({ col: first + index.position[links[start].column], text: here.map(linkText).join('; '), style: STATUS_STYLE[worstStatus(here)] });
      start = end;
    }
    return cells;
  });
  return {
    name: 'Forward',
    rows: [groupRow, columnRow, ...rows],
    freeze: { rows: 2, cols: 2 },
    merges,
    widths: [18, 48, 14, 16, ...index.columnOrder.map(() => 16)],
  };
}

/** A row per link read from the artifact's side, artifacts grouped by kind; an artifact nothing links to says so. */
function backwardSheet(index: MatrixIndex): XlsxSheet {
  const { matrix } = index;
  const rows: XlsxCell[][] = [header(['Kind', 'Artifact', 'Label', 'Requirement', 'Title', 'Link', 'Status'])];
  for (const c of index.columnOrder) {
    const column = matrix.columns[c];
    const lead: XlsxCell[] = [
      { col: 0, text: kindName(column.kind) },
      { col: 1, text: column.id },
      { col: 2, text: column.label },
    ];
    const links = index.byColumn[c];
    if (links.length === 0) rows.push([...lead, { col: 6, text: 'not linked' }]);
    for (const link of links) {
      const row = matrix.rows[link.row];
      rows.push([...lead, { col: 3, text: row.id }, { col: 4, text: row.title }, { col: 5, text: link.linkType }, { col: 6, text: link.status, style: STATUS_STYLE[link.status] }]);
    }
  }
  return { name: 'Backward', rows, freeze: { rows: 1, cols: 2 }, widths: [16, 24, 32, 18, 48, 14, 12] };
}

function uncoveredSheet(matrix: TraceMatrix, index: MatrixIndex): XlsxSheet {
  const report = uncoveredReport(matrix, index);
  const rows: XlsxCell[][] = [header(['What', 'ID', 'Title', 'Level', 'Class', 'Reason'])];
  for (const r of report.requirements) {
    rows.push([
      { col: 0, text: 'requirement' },
      { col: 1, text: r.id },
      { col: 2, text: r.title },
      { col: 3, text: r.level ?? '' },
      { col: 4, text: r.class ?? '' },
      { col: 5, text: r.reason },
    ]);
  }
  for (const a of report.artifacts) {
    rows.push([
      { col: 0, text: kindName(a.kind) },
      { col: 1, text: a.id },
      { col: 2, text: a.label },
      { col: 5, text: 'no requirement links to it' },
    ]);
  }
  return { name: 'Uncovered', rows, freeze: { rows: 1, cols: 0 }, widths: [16, 24, 48, 14, 16, 44] };
}
