// The matrix geometry on built matrices: folding a nested hierarchy, the backward grid, keys that outlive a reload,
// and a 20,000 x 2,000 matrix with 100,000 links laid out and range-selected within bounds.
import { describe, expect, it } from 'vitest';
import type { TraceMatrixView } from '../../../../../shared/trace';
import type { TraceMatrixColumn, TraceMatrixRow } from '../../../../../shared/trace-matrix';
import { cellKey, indexMatrix, keyOf, layoutMatrix, linksAt, MAX_SELECTED_CELLS, noMatrixFilters, positionOf, rectangleKeys, refAt, refOfKey } from './matrix-layout';

const row = (id: string, depth: number): TraceMatrixRow => ({ id, title: `title of ${id}`, depth, level: depth === 0 ? 'system' : 'software', class: null });
const dataset = (id: string): TraceMatrixColumn => ({ kind: 'dataset_version', id, label: id });

function matrix(rows: TraceMatrixRow[], columns: TraceMatrixColumn[], cells: TraceMatrixView['cells'] = []): TraceMatrixView {
  return { title: 'Trace matrix', createdAt: '2026-01-01T00:00:00Z', rows, columns, cells };
}

const tree = matrix(
  [row('A', 0), row('A.1', 1), row('A.1.a', 2), row('A.2', 1), row('B', 0)],
  [dataset('d@1'), { kind: 'evaluation', id: 'eval-1', label: 'scoring' }],
  [
    { row: 2, column: 1, linkType: 'verifies', status: 'ok', link: 'lnk-1' },
    { row: 2, column: 1, linkType: 'evaluated-by', status: 'suspect', link: 'lnk-2' },
    { row: 4, column: 0, linkType: 'trained-on', status: 'ok', link: 'lnk-3' },
  ],
);

const ids = (list: number[], of: { id: string }[]) => list.map((i) => of[i].id);

describe('the matrix layout', () => {
  it('hides a folded row’s descendants at every depth, and a folded leaf hides nothing', () => {
    const index = indexMatrix(tree);
    expect(ids(layoutMatrix(index, 'forward', noMatrixFilters, new Set(['A'])).rows, tree.rows)).toEqual(['A', 'B']);
    expect(ids(layoutMatrix(index, 'forward', noMatrixFilters, new Set(['A.1'])).rows, tree.rows)).toEqual(['A', 'A.1', 'A.2', 'B']);
    expect(ids(layoutMatrix(index, 'forward', noMatrixFilters, new Set(['A.1.a', 'B'])).rows, tree.rows)).toEqual(['A', 'A.1', 'A.1.a', 'A.2', 'B']);
  });

  it('filters by link status and coverage on every link of a row, not just the first', () => {
    const index = indexMatrix(tree);
    const rows = (filters: Partial<typeof noMatrixFilters>) => ids(layoutMatrix(index, 'forward', { ...noMatrixFilters, ...filters }, new Set()).rows, tree.rows);
    expect(rows({ status: 'suspect' })).toEqual(['A.1.a']);
    // a trained-on link verifies nothing
    expect(rows({ coverage: 'covered' })).toEqual(['A.1.a']);
    expect(rows({ coverage: 'uncovered', level: 'system' })).toEqual(['A', 'B']);
    expect(rows({ search: 'TITLE OF A.2' })).toEqual(['A.2']);
  });

  it('turns the grid round: targets as rows, requirements as columns, the same cells at mirrored positions', () => {
    const index = indexMatrix(tree);
    const forward = layoutMatrix(index, 'forward', noMatrixFilters, new Set());
    const backward = layoutMatrix(index, 'backward', noMatrixFilters, new Set());
    const ref = refAt(forward, 2, 1);
    expect(ref).toEqual({ requirement: 2, target: 1 });
    if (ref === null) return;
    expect(positionOf(backward, ref)).toEqual({ row: 1, column: 2 });
    expect(refAt(backward, 1, 2)).toEqual(ref);
    expect(linksAt(index, ref).map((c) => c.link)).toEqual(['lnk-1', 'lnk-2']);
    expect(refAt(forward, 5, 0)).toBeNull();
  });

  it('finds a cell by its key after a reload that put a new column before it', () => {
    const before = indexMatrix(tree);
    const key = keyOf(before, { requirement: 2, target: 1 });
    expect(key).toBe(cellKey('A.1.a', { kind: 'evaluation', id: 'eval-1' }));
    const after = indexMatrix(matrix(tree.rows, [dataset('d@0'), ...tree.columns]));
    expect(refOfKey(after, key)).toEqual({ requirement: 2, target: 2 });
    expect(refOfKey(after, cellKey('gone', { kind: 'run', id: 'r' }))).toBeNull();
  });

  it('lays out 20,000 requirements by 2,000 artifacts with 100,000 links, and cuts a whole-grid range at the bound', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => row(`R-${i}`, i % 10 === 0 ? 0 : 1));
    const columns = Array.from({ length: 2_000 }, (_, i) => dataset(`d${i}@1`));
    const cells = Array.from({ length: 100_000 }, (_, i) => ({ row: (i * 7) % 20_000, column: (i * 13) % 2_000, linkType: 'verifies' as const, status: 'ok' as const, link: `lnk-${i}` }));
    const index = indexMatrix(matrix(rows, columns, cells));
    const layout = layoutMatrix(index, 'forward', noMatrixFilters, new Set(['R-0']));
    expect(layout.rows).toHaveLength(20_000 - 9);
    expect(layout.columns).toHaveLength(2_000);
    expect(linksAt(index, { requirement: 7, target: 13 }).map((c) => c.link)).toContain('lnk-1');
    const keys = rectangleKeys(index, layout, { row: 0, column: 0 }, { row: layout.rows.length - 1, column: 1_999 });
    expect(keys).toHaveLength(MAX_SELECTED_CELLS);
    expect(new Set(keys).size).toBe(MAX_SELECTED_CELLS);
  });
});
