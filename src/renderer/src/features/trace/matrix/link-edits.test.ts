// What a toggle, a Delete and an undo do to the selected cells' links, and what each key means to the grid.
import { describe, expect, it } from 'vitest';
import type { TraceTarget } from '../../../../../shared/trace';
import { inverseEdit, planRemove, planToggle, type EditableCell } from './link-edits';
import { commandFor } from './matrix-keys';

const dataset: TraceTarget = { kind: 'dataset_version', id: 'readings@1' };
const evaluation: TraceTarget = { kind: 'evaluation', id: 'eval-0123456789abcdef' };

const cells: EditableCell[] = [
  { requirement: 'ML-1', target: dataset, links: [{ linkType: 'trained-on', link: 'lnk-a' }] },
  { requirement: 'ML-2', target: dataset, links: [] },
  { requirement: 'ML-1', target: evaluation, links: [{ linkType: 'evaluated-by', link: 'lnk-b' }] },
];

describe('link edits', () => {
  it('fills the selected cells that lack the usual type of their column, leaving the others as they are', () => {
    expect(planToggle(cells, 'auto')).toEqual({
      action: 'link',
      links: [
        { requirement: 'ML-2', target: dataset, type: 'trained-on', link: null },
        { requirement: 'ML-1', target: evaluation, type: 'verifies', link: null },
      ],
    });
  });

  it('takes the chosen type off every selected cell when all of them have it', () => {
    const both = cells.filter((c) => c.requirement === 'ML-1' && c.target === dataset);
    expect(planToggle(both, 'trained-on')).toEqual({ action: 'unlink', links: [{ requirement: 'ML-1', target: dataset, type: 'trained-on', link: 'lnk-a' }] });
    expect(planToggle([], 'auto')).toBeNull();
  });

  it('removes every link of the selection on Delete, whatever its type, and undoes it by making them again', () => {
    const removal = planRemove(cells);
    expect(removal?.links.map((l) => `${l.requirement} ${l.type} ${l.link}`)).toEqual(['ML-1 trained-on lnk-a', 'ML-1 evaluated-by lnk-b']);
    expect(planRemove(cells.filter((c) => c.links.length === 0))).toBeNull();
    if (removal) expect(inverseEdit(removal)).toEqual({ action: 'link', links: removal.links });
  });
});

describe('the grid keys', () => {
  const press = (key: string, mods: Partial<{ shiftKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => commandFor({ key, shiftKey: false, ctrlKey: false, metaKey: false, ...mods });
  const grid = { rows: 100, columns: 20, pageRows: 30 };
  const moveFrom = (from: { row: number; column: number }, key: string, mods: Parameters<typeof press>[1] = {}) => {
    const command = press(key, mods);
    if (command?.kind !== 'move') throw new Error(`${key} is not a move`);
    return { to: command.to(from, grid), extend: command.extend };
  };

  it('moves by arrows, pages, Home and End, clamped to the grid, extending the selection with Shift', () => {
    expect(moveFrom({ row: 0, column: 0 }, 'ArrowUp')).toEqual({ to: { row: 0, column: 0 }, extend: false });
    expect(moveFrom({ row: 5, column: 19 }, 'ArrowRight', { shiftKey: true })).toEqual({ to: { row: 5, column: 19 }, extend: true });
    expect(moveFrom({ row: 80, column: 3 }, 'PageDown').to).toEqual({ row: 99, column: 3 });
    expect(moveFrom({ row: 40, column: 3 }, 'PageUp').to).toEqual({ row: 10, column: 3 });
    expect(moveFrom({ row: 40, column: 3 }, 'Home').to).toEqual({ row: 40, column: 0 });
    expect(moveFrom({ row: 40, column: 3 }, 'End').to).toEqual({ row: 40, column: 19 });
    expect(moveFrom({ row: 40, column: 3 }, 'End', { ctrlKey: true }).to).toEqual({ row: 99, column: 19 });
    expect(moveFrom({ row: 40, column: 3 }, 'Home', { metaKey: true }).to).toEqual({ row: 0, column: 0 });
  });

  it('toggles on Space and Enter, removes on Delete, undoes on Ctrl+Z and redoes on Ctrl+Shift+Z or Ctrl+Y', () => {
    expect(press(' ')?.kind).toBe('toggle');
    expect(press('Enter')?.kind).toBe('toggle');
    expect(press('Delete')?.kind).toBe('remove');
    expect(press('z', { ctrlKey: true })?.kind).toBe('undo');
    expect(press('Z', { ctrlKey: true, shiftKey: true })?.kind).toBe('redo');
    expect(press('y', { metaKey: true })?.kind).toBe('redo');
    expect(press('a', { ctrlKey: true })?.kind).toBe('select-all');
    // letters without Ctrl, and Tab, are left to the page
    expect(press('z')).toBeNull();
    expect(press('Tab')).toBeNull();
  });
});
