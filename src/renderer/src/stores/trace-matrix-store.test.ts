// The trace matrix store against a real Workbench: requirements imported from a CSV and a dataset in two versions,
// links made and removed through trace.link / trace.unlink as the grid's keys ask, undone and redone.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { tempDir } from '../../../main/test-support/temp-project';
import { openTestWorkbench, type TestWorkbench } from '../../../main/test-support/test-workbench';
import { linksAt, refOfKey } from '../features/trace/matrix/matrix-layout';
import { createTraceMatrixStore, type TraceMatrixState } from './trace-matrix-store';
import { inProcessHost } from './test-host';

const requirementsCsv = `id,parent,title,level,text
SYS-1,,Fault detection,system,The plant monitor shall detect sensor faults.
SW-1,SYS-1,Alarm latency,software,The service shall raise an alarm within 2 s.
ML-1,SYS-1,Recall,ml-component,The classifier shall reach a recall of at least 0.8.
SYS-2,,Alarm log,system,The console shall log every alarm.
`;
const readingsCsv = (shift: number) => `temperature,site\n${Array.from({ length: 40 }, (_, i) => `${20 + shift + (i % 7)},${['north', 'south'][i % 2]}`).join('\n')}\n`;

let bench: TestWorkbench;
let store: StoreApi<TraceMatrixState>;
const state = () => store.getState();

/** the grid's rows and columns as ids, the way the person reads them */
function grid(): { rows: string[]; columns: string[] } {
  const { index, layout } = state();
  if (index === null || layout === null) throw new Error('the matrix has not loaded');
  const requirement = (i: number) => index.matrix.rows[i].id;
  const target = (i: number) => index.matrix.columns[i].id;
  return layout.direction === 'forward'
    ? { rows: layout.rows.map(requirement), columns: layout.columns.map(target) }
    : { rows: layout.rows.map(target), columns: layout.columns.map(requirement) };
}

/** the links the matrix holds now, as `requirement -> target type status` */
function links(): string[] {
  const { index } = state();
  if (index === null) return [];
  return index.matrix.cells.map((c) => `${index.matrix.rows[c.row].id} -> ${index.matrix.columns[c.column].id} ${c.linkType} ${c.status}`).sort();
}

/** focuses the cell of a requirement and a target, as a click on it does */
function pickCell(requirement: string, target: string, mode: 'only' | 'extend' | 'add' = 'only') {
  const { rows, columns } = grid();
  const position = state().direction === 'forward' ? { row: rows.indexOf(requirement), column: columns.indexOf(target) } : { row: rows.indexOf(target), column: columns.indexOf(requirement) };
  expect(position.row).toBeGreaterThanOrEqual(0);
  expect(position.column).toBeGreaterThanOrEqual(0);
  state().pick(position, mode);
}

beforeAll(async () => {
  bench = await openTestWorkbench(1);
  const file = path.join(tempDir(), 'plant.csv');
  fs.writeFileSync(file, requirementsCsv);
  await bench.call('requirements.import', { source: { kind: 'path', path: file }, document: 'Plant' });
  await bench.importCsv('readings', readingsCsv(0));
  await bench.importCsv('readings', readingsCsv(3));
  store = createTraceMatrixStore(inProcessHost(bench));
  await state().load();
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

describe('the trace matrix store', () => {
  it('lays the requirements out in document order against the dataset versions, folds a parent and turns the grid round', () => {
    expect(state().error).toBeNull();
    expect(grid()).toEqual({ rows: ['SYS-1', 'SW-1', 'ML-1', 'SYS-2'], columns: ['readings@1', 'readings@2'] });
    state().toggleFold('SYS-1');
    expect(grid().rows).toEqual(['SYS-1', 'SYS-2']);
    state().toggleFold('SYS-1');
    state().setDirection('backward');
    expect(grid()).toEqual({ rows: ['readings@1', 'readings@2'], columns: ['SYS-1', 'SW-1', 'ML-1', 'SYS-2'] });
    state().setDirection('forward');
  });

  it('links the focused cell with the usual type for its column on Space, and takes it off on a second Space', async () => {
    pickCell('ML-1', 'readings@1');
    await state().toggle();
    expect(state().error).toBeNull();
    expect(links()).toEqual(['ML-1 -> readings@1 trained-on ok']);
    expect(state().past.map((e) => e.action)).toEqual(['link']);
    // the grid still focuses the same cell after the reload
    expect(state().focusPosition()).toEqual({ row: 2, column: 0 });

    await state().toggle();
    expect(links()).toEqual([]);
    expect(state().past.map((e) => e.action)).toEqual(['link', 'unlink']);
  });

  it('applies a toggle to every selected cell: a Shift range and a Ctrl-picked cell, filling the ones without the link first', async () => {
    pickCell('SW-1', 'readings@1');
    state().move((from) => ({ row: from.row + 1, column: from.column }), true);
    pickCell('SYS-2', 'readings@2', 'add');
    expect(state().selected.size).toBe(3);
    state().setLinkType('satisfies');
    await state().toggle();
    expect(links()).toEqual(['ML-1 -> readings@1 satisfies ok', 'SW-1 -> readings@1 satisfies ok', 'SYS-2 -> readings@2 satisfies ok']);
  });

  it('undoes and redoes an edit through trace.unlink and trace.link, the link made again getting a new id', async () => {
    const before = state().index?.matrix.cells.map((c) => c.link).sort();
    await state().undo();
    expect(links()).toEqual([]);
    expect(state().future).toHaveLength(1);
    await state().redo();
    expect(links()).toHaveLength(3);
    const after = state().index?.matrix.cells.map((c) => c.link).sort();
    expect(after).not.toEqual(before);
    // the removed links stay in the store, marked removed, so the trail of the undo is kept
    const removed = bench.project.store.db.prepare('SELECT COUNT(*) AS n FROM trace_links WHERE removed_at IS NOT NULL').get() as { n: number };
    expect(removed.n).toBeGreaterThanOrEqual(3);
    // and the undone edit can be undone again: the ids it carries are the new ones
    await state().undo();
    expect(links()).toEqual([]);
    await state().redo();
    expect(links()).toHaveLength(3);
  });

  it('removes every link of the selected cells on Delete, and a new edit clears what could be redone', async () => {
    pickCell('SW-1', 'readings@1');
    await state().remove();
    expect(links()).toEqual(['ML-1 -> readings@1 satisfies ok', 'SYS-2 -> readings@2 satisfies ok']);
    await state().undo();
    expect(state().future).toHaveLength(1);
    pickCell('SYS-1', 'readings@2');
    state().setLinkType('auto');
    await state().toggle();
    expect(state().future).toEqual([]);
    expect(links()).toContain('SYS-1 -> readings@2 trained-on ok');
  });

  it('shows a refused link in one line and records nothing to undo', async () => {
    const past = state().past.length;
    pickCell('SYS-2', 'readings@1');
    state().setLinkType('refines');
    await state().toggle();
    expect(state().error?.message).toMatch(/refines/);
    expect(state().error?.message).not.toContain('\n');
    expect(state().past).toHaveLength(past);
    expect(links().some((l) => l.startsWith('SYS-2 -> readings@1'))).toBe(false);
    state().dismissError();
    state().setLinkType('auto');
  });

  it('filters requirements by search, level, link status and coverage, and targets by kind and name', () => {
    state().setFilters({ search: 'alarm' });
    expect(grid().rows).toEqual(['SW-1', 'SYS-2']);
    state().setFilters({ search: '', level: 'system' });
    expect(grid().rows).toEqual(['SYS-1', 'SYS-2']);
    state().setFilters({ level: null, status: 'ok' });
    expect(grid().rows).toEqual(['SYS-1', 'SW-1', 'ML-1', 'SYS-2']);
    // none of these links verifies anything, so every requirement is uncovered
    state().setFilters({ status: null, coverage: 'covered' });
    expect(grid().rows).toEqual([]);
    state().setFilters({ coverage: 'uncovered', targetSearch: '@2' });
    expect(grid()).toEqual({ rows: ['SYS-1', 'SW-1', 'ML-1', 'SYS-2'], columns: ['readings@2'] });
    state().setFilters({ coverage: null, targetSearch: '', kinds: ['run'] });
    expect(grid().columns).toEqual([]);
    state().clearFilters();
    expect(grid()).toEqual({ rows: ['SYS-1', 'SW-1', 'ML-1', 'SYS-2'], columns: ['readings@1', 'readings@2'] });
  });

  it('reloads when trace.changed says links changed elsewhere', async () => {
    await bench.call('trace.link', { requirement: 'SYS-2', target: { kind: 'dataset_version', id: 'readings@1' }, type: 'trained-on' });
    expect(links().some((l) => l.startsWith('SYS-2 -> readings@1'))).toBe(false);
    bench.app.events.emit('trace.changed', { requirements: ['SYS-2'] });
    await expect.poll(() => links().some((l) => l.startsWith('SYS-2 -> readings@1'))).toBe(true);
    const { index, focus } = state();
    const ref = index && focus ? refOfKey(index, focus) : null;
    expect(ref && index ? linksAt(index, ref).map((c) => c.linkType) : []).toEqual(['trained-on']);
  });
});
