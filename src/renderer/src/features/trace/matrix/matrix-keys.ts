// The matrix grid's keyboard as a pure function: a key press (with its modifiers) to a command, and a move to the
// grid position it lands on, clamped to the grid.

export interface GridPosition {
  row: number;
  column: number;
}

export type MatrixCommand =
  /** `extend`: Shift held, the selection grows from the anchor to where the focus lands */
  | { kind: 'move'; to: (from: GridPosition, grid: { rows: number; columns: number; pageRows: number }) => GridPosition; extend: boolean }
  | { kind: 'toggle' }
  | { kind: 'remove' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'select-all' };

export interface KeyPress {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

const clamp = (value: number, size: number): number => Math.max(0, Math.min(size - 1, value));

const by =
  (rows: number, columns: number) =>
  (from: GridPosition, grid: { rows: number; columns: number }): GridPosition => ({ row: clamp(from.row + rows, grid.rows), column: clamp(from.column + columns, grid.columns) });

/** The command a key press means in the grid, or null for keys the grid leaves alone (Tab leaves it). */
export function commandFor(press: KeyPress): MatrixCommand | null {
  const command = press.ctrlKey || press.metaKey;
  const extend = press.shiftKey;
  switch (press.key) {
    case 'ArrowUp':
      return { kind: 'move', to: by(-1, 0), extend };
    case 'ArrowDown':
      return { kind: 'move', to: by(1, 0), extend };
    case 'ArrowLeft':
      return { kind: 'move', to: by(0, -1), extend };
    case 'ArrowRight':
      return { kind: 'move', to: by(0, 1), extend };
    // Home/End go to the row's first or last cell; with Ctrl, to the grid's first or last cell (as spreadsheets do)
    case 'Home':
      return { kind: 'move', to: (from) => ({ row: command ? 0 : from.row, column: 0 }), extend };
    case 'End':
      return { kind: 'move', to: (from, grid) => ({ row: command ? grid.rows - 1 : from.row, column: grid.columns - 1 }), extend };
    case 'PageUp':
      return { kind: 'move', to: (from, grid) => by(-grid.pageRows, 0)(from, grid), extend };
    case 'PageDown':
      return { kind: 'move', to: (from, grid) => by(grid.pageRows, 0)(from, grid), extend };
    case ' ':
    case 'Enter':
      return { kind: 'toggle' };
    case 'Delete':
    case 'Backspace':
      return { kind: 'remove' };
    case 'z':
    case 'Z':
      if (!command) return null;
      return extend ? { kind: 'redo' } : { kind: 'undo' };
    case 'y':
    case 'Y':
      return command ? { kind: 'redo' } : null;
    case 'a':
    case 'A':
      return command ? { kind: 'select-all' } : null;
    default:
      return null;
  }
}
