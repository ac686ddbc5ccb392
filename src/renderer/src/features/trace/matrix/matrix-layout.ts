// The matrix editor's geometry as pure functions: the cells indexed by row, the filters and the folded hierarchy
// deciding which requirements and targets show, the forward (requirements x targets) and backward (targets x
// requirements) grids over them, and the stable key of a cell that survives reloads, filters and a change of view.
import type { RequirementLevel } from '../../../../../shared/requirements';
import type { TraceMatrixView, TraceMatrixViewCell, TraceTarget } from '../../../../../shared/trace';
import { targetKey } from '../../../stores/trace-review-store';
import { VERIFYING_LINK_TYPES, type TraceLinkStatus, type TraceMatrixColumn, type TraceTargetKind } from '../../../../../shared/trace-matrix';

export type MatrixDirection = 'forward' | 'backward';

export interface MatrixFilters {
  /** matched case-insensitively against a requirement's id and title */
  search: string;
  /** matched case-insensitively against a target's label and id */
  targetSearch: string;
  /** a requirement class, or null for any */
  klass: string | null;
  level: RequirementLevel | null;
  /** requirements with at least one link in this status */
  status: TraceLinkStatus | null;
  /** covered: at least one verifying link that is ok (as the coverage report counts) */
  coverage: 'covered' | 'uncovered' | null;
  /** target kinds shown; empty: every kind */
  kinds: TraceTargetKind[];
}

export const noMatrixFilters: MatrixFilters = { search: '', targetSearch: '', klass: null, level: null, status: null, coverage: null, kinds: [] };

/** Lookups built once per loaded matrix, so filtering, drawing and key handling never scan the cells. */
export interface MatrixIndex {
  matrix: TraceMatrixView;
  /** row -> column -> the links of that cell (usually one) */
  cells: Map<number, Map<number, TraceMatrixViewCell[]>>;
  rowOf: Map<string, number>;
  columnOf: Map<string, number>;
  /** rows whose next row lies deeper: they fold */
  parents: Set<number>;
}

/** One grid: its rows and columns as indices into the matrix's rows (requirements) or columns (targets). */
export interface MatrixLayout {
  direction: MatrixDirection;
  rows: number[];
  columns: number[];
  /** matrix index -> grid position on the requirement axis and on the target axis (-1: hidden) */
  requirementPosition: Int32Array;
  targetPosition: Int32Array;
}

/** A cell as the requirement and target it joins, whatever the view. */
export interface CellRef {
  requirement: number;
  target: number;
}

/** A cell's key by ids, so a selection outlives a reload (new columns shift indices) and a switch of direction. */
export const cellKey = (requirement: string, target: TraceTarget): string => `${requirement}\u001f${targetKey(target)}`;

export function indexMatrix(matrix: TraceMatrixView): MatrixIndex {
  const cells = new Map<number, Map<number, TraceMatrixViewCell[]>>();
  for (const cell of matrix.cells) {
    let row = cells.get(cell.row);
    if (row === undefined) cells.set(cell.row, (row = new Map()));
    const here = row.get(cell.column);
    if (here === undefined) row.set(cell.column, [cell]);
    else here.push(cell);
  }
  const parents = new Set<number>();
  matrix.rows.forEach((r, i) => {
    const next = matrix.rows[i + 1];
    if (next !== undefined && next.depth > r.depth) parents.add(i);
  });
  return {
    matrix,
    cells,
    rowOf: new Map(matrix.rows.map((r, i) => [r.id, i])),
    columnOf: new Map(matrix.columns.map((c, i) => [targetKey(c), i])),
    parents,
  };
}

/** one empty list for every empty cell, so a drawn cell's props stay equal across scrolls and it is not drawn again */
const NO_LINKS: readonly TraceMatrixViewCell[] = [];

export const linksAt = (index: MatrixIndex, ref: CellRef): readonly TraceMatrixViewCell[] => index.cells.get(ref.requirement)?.get(ref.target) ?? NO_LINKS;

export const keyOf = (index: MatrixIndex, ref: CellRef): string => cellKey(index.matrix.rows[ref.requirement].id, index.matrix.columns[ref.target]);

export function refOfKey(index: MatrixIndex, key: string): CellRef | null {
  const [requirement, target] = key.split('\u001f');
  const r = index.rowOf.get(requirement);
  const t = target === undefined ? undefined : index.columnOf.get(target);
  return r === undefined || t === undefined ? null : { requirement: r, target: t };
}

function rowMatches(index: MatrixIndex, i: number, filters: MatrixFilters, search: string): boolean {
  const row = index.matrix.rows[i];
  if (search !== '' && !row.id.toLowerCase().includes(search) && !row.title.toLowerCase().includes(search)) return false;
  if (filters.klass !== null && row.class !== filters.klass) return false;
  if (filters.level !== null && row.level !== filters.level) return false;
  if (filters.status === null && filters.coverage === null) return true;
  const links = [...(index.cells.get(i)?.values() ?? [])].flat();
  if (filters.status !== null && !links.some((l) => l.status === filters.status)) return false;
  if (filters.coverage !== null) {
    const covered = links.some((l) => l.status === 'ok' && VERIFYING_LINK_TYPES.includes(l.linkType));
    if (covered !== (filters.coverage === 'covered')) return false;
  }
  return true;
}

/** The requirements shown, in document order: those the filters keep, less the descendants of folded rows. */
export function visibleRequirements(index: MatrixIndex, filters: MatrixFilters, folded: ReadonlySet<string>): number[] {
  const search = filters.search.trim().toLowerCase();
  const shown: number[] = [];
  // rows come in document order with their depth: a folded row hides the rows after it until one as shallow
  let foldedAt = Infinity;
  index.matrix.rows.forEach((row, i) => {
    if (row.depth <= foldedAt) foldedAt = Infinity;
    if (row.depth > foldedAt) return;
    if (folded.has(row.id) && index.parents.has(i)) foldedAt = row.depth;
    if (rowMatches(index, i, filters, search)) shown.push(i);
  });
  return shown;
}

function columnMatches(c: TraceMatrixColumn, filters: MatrixFilters, search: string): boolean {
  if (filters.kinds.length > 0 && !filters.kinds.includes(c.kind)) return false;
  return search === '' || c.label.toLowerCase().includes(search) || c.id.toLowerCase().includes(search);
}

export function visibleTargets(index: MatrixIndex, filters: MatrixFilters): number[] {
  const search = filters.targetSearch.trim().toLowerCase();
  const shown: number[] = [];
  index.matrix.columns.forEach((c, i) => {
    if (columnMatches(c, filters, search)) shown.push(i);
  });
  return shown;
}

function positions(size: number, shown: readonly number[]): Int32Array {
  const at = new Int32Array(size).fill(-1);
  shown.forEach((matrixIndex, position) => (at[matrixIndex] = position));
  return at;
}

export function layoutMatrix(index: MatrixIndex, direction: MatrixDirection, filters: MatrixFilters, folded: ReadonlySet<string>): MatrixLayout {
  const requirements = visibleRequirements(index, filters, folded);
  const targets = visibleTargets(index, filters);
  return {
    direction,
    rows: direction === 'forward' ? requirements : targets,
    columns: direction === 'forward' ? targets : requirements,
    requirementPosition: positions(index.matrix.rows.length, requirements),
    targetPosition: positions(index.matrix.columns.length, targets),
  };
}

/** The cell at grid position (row, column), or null outside the grid. */
export function refAt(layout: MatrixLayout, row: number, column: number): CellRef | null {
  const r = layout.rows[row];
  const c = layout.columns[column];
  if (r === undefined || c === undefined) return null;
  return layout.direction === 'forward' ? { requirement: r, target: c } : { requirement: c, target: r };
}

/** Where a cell sits in the grid, or null when a filter or a fold hides it. */
export function positionOf(layout: MatrixLayout, ref: CellRef): { row: number; column: number } | null {
  const r = layout.requirementPosition[ref.requirement] ?? -1;
  const t = layout.targetPosition[ref.target] ?? -1;
  if (r < 0 || t < 0) return null;
  return layout.direction === 'forward' ? { row: r, column: t } : { row: t, column: r };
}

/** A range selection larger than this is cut to it: a Shift+click across 20,000 x 2,000 would otherwise hold 40 M keys. */
export const MAX_SELECTED_CELLS = 10_000;

/** The keys of the rectangle between two grid positions, row by row, at most MAX_SELECTED_CELLS. */
export function rectangleKeys(index: MatrixIndex, layout: MatrixLayout, from: { row: number; column: number }, to: { row: number; column: number }): string[] {
  const keys: string[] = [];
  const [top, bottom] = from.row <= to.row ? [from.row, to.row] : [to.row, from.row];
  const [left, right] = from.column <= to.column ? [from.column, to.column] : [to.column, from.column];
  for (let r = top; r <= bottom; r++) {
    for (let c = left; c <= right; c++) {
      const ref = refAt(layout, r, c);
      if (ref === null) continue;
      keys.push(keyOf(index, ref));
      if (keys.length >= MAX_SELECTED_CELLS) return keys;
    }
  }
  return keys;
}
