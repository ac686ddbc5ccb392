// The matrix grid: one scroller with sticky column and row headers, only the cells in view drawn (20,000 rows by
// 2,000 columns cost what a screenful does), keyboard navigation and toggling, and click, Shift+click, Ctrl+click.
import { ChevronDown, ChevronRight } from 'lucide-react';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { TARGET_KIND_WORDS, type TraceMatrixViewCell } from '../../../../../shared/trace';
import type { TraceTargetKind } from '../../../../../shared/trace-matrix';
import { useTraceMatrix } from '../../../stores';
import { targetKey } from '../../../stores/trace-review-store';
import type { PickMode } from '../../../stores/trace-matrix-store';
import { traceHash } from '../trace-routes';
import { LinkMark } from './link-mark';
import { commandFor } from './matrix-keys';
import { keyOf, linksAt, refAt, type MatrixIndex, type MatrixLayout } from './matrix-layout';
import classes from './matrix.module.css';

const ROW_HEIGHT = 26;
const COLUMN_WIDTH = 40;
const ROW_HEADER_WIDTH = 320;
const GROUP_HEIGHT = 22;
const LABEL_HEIGHT = 120;
const HEADER_HEIGHT = GROUP_HEIGHT + LABEL_HEIGHT;
/** rows and columns drawn beyond the edges, so a short scroll shows no blank strip */
const OVERSCAN = 2;
/** a kind group narrower than this shows the kind's short word ('eval', 'drift') instead of its name */
const GROUP_NAME_WIDTH = 110;
/** a cell shows this many links; more read as "+n" */
const MARKS_SHOWN = 2;

export const KIND_NAMES: Readonly<Record<TraceTargetKind, string>> = {
  requirement: 'Requirements',
  dataset_version: 'Dataset versions',
  study: 'Studies',
  run: 'Runs',
  model_version: 'Model versions',
  drift_report: 'Drift reports',
  monitor: 'Monitors',
  alert: 'Alerts',
  evaluation: 'Evaluations',
  approval: 'Approvals',
};

interface Viewport {
  top: number;
  left: number;
  width: number;
  height: number;
}

/** the first and last index of a fixed-size axis in view, with overscan */
function span(offset: number, extent: number, size: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(offset / size) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((offset + extent) / size) + OVERSCAN);
  return [first, last];
}

interface AxisLabel {
  key: string;
  /** the grid's label and its tooltip */
  text: string;
  title: string;
  kind: TraceTargetKind;
}

function requirementLabel(index: MatrixIndex, i: number): AxisLabel {
  const row = index.matrix.rows[i];
  return { key: row.id, text: row.id, title: `${row.id} ${row.title}`, kind: 'requirement' };
}

function targetLabel(index: MatrixIndex, i: number): AxisLabel {
  const column = index.matrix.columns[i];
  return { key: targetKey(column), text: column.label, title: `${KIND_NAMES[column.kind]}: ${column.label}${column.label === column.id ? '' : ` (${column.id})`}`, kind: column.kind };
}

const Cell = memo(function Cell({
  links,
  requirement,
  target,
  focused,
  selected,
  top,
  left,
  row,
  column,
}: {
  links: readonly TraceMatrixViewCell[];
  requirement: string;
  target: string;
  focused: boolean;
  selected: boolean;
  top: number;
  left: number;
  row: number;
  column: number;
}) {
  return (
    <div
      className={`${classes.cell} ${selected ? classes.selected : ''} ${focused ? classes.focused : ''}`}
      style={{ top, left, width: COLUMN_WIDTH, height: ROW_HEIGHT }}
      data-testid="matrix-cell"
      data-row={row}
      data-column={column}
      data-requirement={requirement}
      data-target={target}
      data-links={links.map((l) => `${l.linkType}:${l.status}`).join(' ')}
      data-focused={focused || undefined}
      data-selected={selected || undefined}
      title={links.map((l) => `${l.linkType} · ${l.status}`).join('\n') || undefined}
    >
      {links.slice(0, MARKS_SHOWN).map((l) => (
        <LinkMark key={l.link} type={l.linkType} status={l.status} />
      ))}
      {links.length > MARKS_SHOWN && <span>+{links.length - MARKS_SHOWN}</span>}
    </div>
  );
});

function ColumnHeaders({ index, layout, first, last }: { index: MatrixIndex; layout: MatrixLayout; first: number; last: number }) {
  const label = (c: number) => (layout.direction === 'forward' ? targetLabel(index, layout.columns[c]) : requirementLabel(index, layout.columns[c]));
  const groups: { kind: TraceTargetKind; from: number; to: number }[] = [];
  const labels = [];
  for (let c = first; c <= last; c++) {
    const l = label(c);
    const open = groups.at(-1);
    if (open !== undefined && open.kind === l.kind) open.to = c;
    else groups.push({ kind: l.kind, from: c, to: c });
    labels.push(
      <div
        key={l.key}
        className={classes.columnLabel}
        style={{ left: ROW_HEADER_WIDTH + c * COLUMN_WIDTH, top: GROUP_HEIGHT, width: COLUMN_WIDTH, height: LABEL_HEIGHT }}
        title={l.title}
        data-testid="matrix-column"
        data-id={l.key}
      >
        <span>{l.text}</span>
      </div>,
    );
  }
  return (
    <>
      {groups.map((g) => {
        const width = (g.to - g.from + 1) * COLUMN_WIDTH;
        return (
          <div key={`${g.kind}-${g.from}`} className={classes.group} style={{ left: ROW_HEADER_WIDTH + g.from * COLUMN_WIDTH, width, height: GROUP_HEIGHT }} title={KIND_NAMES[g.kind]}>
            {width < GROUP_NAME_WIDTH ? TARGET_KIND_WORDS[g.kind] : KIND_NAMES[g.kind]}
          </div>
        );
      })}
      {labels}
    </>
  );
}

function RowHeaders({ index, layout, first, last, focusedRow }: { index: MatrixIndex; layout: MatrixLayout; first: number; last: number; focusedRow: number | null }) {
  const folded = useTraceMatrix((s) => s.folded);
  const toggleFold = useTraceMatrix((s) => s.toggleFold);
  const items = [];
  for (let r = first; r <= last; r++) {
    const i = layout.rows[r];
    const active = r === focusedRow ? classes.rowActive : '';
    const top = r * ROW_HEIGHT;
    if (layout.direction === 'forward') {
      const row = index.matrix.rows[i];
      const parent = index.parents.has(i);
      items.push(
        <div key={row.id} className={`${classes.rowLabel} ${active}`} style={{ top, height: ROW_HEIGHT, paddingLeft: 4 + row.depth * 14 }} title={`${row.id} ${row.title}`} data-testid="matrix-row" data-id={row.id}>
          {parent ? (
            <button type="button" className={classes.fold} onClick={() => toggleFold(row.id)} aria-label={folded.has(row.id) ? `unfold ${row.id}` : `fold ${row.id}`} data-testid="matrix-fold" data-id={row.id}>
              {folded.has(row.id) ? <ChevronRight size={14} /> : <ChevronDown size={14} />}
            </button>
          ) : (
            <span className={classes.fold} />
          )}
          <a className={classes.id} href={traceHash({ tab: 'impact', requirement: row.id, standard: null })} title={`Impact of ${row.id}`} data-testid="matrix-row-impact">
            {row.id}
          </a>
          <span className={classes.title}>{row.title}</span>
        </div>,
      );
    } else {
      const l = targetLabel(index, i);
      items.push(
        <div key={l.key} className={`${classes.rowLabel} ${active}`} style={{ top, height: ROW_HEIGHT, paddingLeft: 8 }} title={l.title} data-testid="matrix-row" data-id={l.key}>
          <span className={classes.kind}>{TARGET_KIND_WORDS[l.kind]}</span>
          <span className={classes.id}>{l.text}</span>
        </div>,
      );
    }
  }
  return <>{items}</>;
}

export function MatrixGrid({ index, layout, height }: { index: MatrixIndex; layout: MatrixLayout; height: number }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<Viewport>({ top: 0, left: 0, width: 1200, height });
  const focus = useTraceMatrix((s) => s.focus);
  const selected = useTraceMatrix((s) => s.selected);
  const focusPosition = useTraceMatrix((s) => s.focusPosition);
  const pick = useTraceMatrix((s) => s.pick);
  const move = useTraceMatrix((s) => s.move);
  const selectAll = useTraceMatrix((s) => s.selectAll);
  const toggle = useTraceMatrix((s) => s.toggle);
  const remove = useTraceMatrix((s) => s.remove);
  const undo = useTraceMatrix((s) => s.undo);
  const redo = useTraceMatrix((s) => s.redo);

  const rows = layout.rows.length;
  const columns = layout.columns.length;
  const bodyHeight = view.height - HEADER_HEIGHT;
  const pageRows = Math.max(1, Math.floor(bodyHeight / ROW_HEIGHT) - 1);
  const focused = focus === null ? null : focusPosition();

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setView((v) => ({ ...v, width: element.clientWidth, height: element.clientHeight }));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // the focused cell stays in view: the scroller moves just enough, past the sticky headers
  useEffect(() => {
    const element = scroller.current;
    if (!element || focused === null) return;
    const top = focused.row * ROW_HEIGHT;
    const left = focused.column * COLUMN_WIDTH;
    const body = { height: element.clientHeight - HEADER_HEIGHT, width: element.clientWidth - ROW_HEADER_WIDTH };
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + ROW_HEIGHT > element.scrollTop + body.height) element.scrollTop = top + ROW_HEIGHT - body.height;
    if (left < element.scrollLeft) element.scrollLeft = left;
    else if (left + COLUMN_WIDTH > element.scrollLeft + body.width) element.scrollLeft = left + COLUMN_WIDTH - body.width;
  }, [focused?.row, focused?.column]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // keys on a control inside the grid (a fold button, a requirement's link) are that control's
    if (e.target !== e.currentTarget) return;
    const command = commandFor(e);
    if (command === null) return;
    e.preventDefault();
    switch (command.kind) {
      case 'move':
        return move((from) => command.to(from, { rows, columns, pageRows }), command.extend);
      case 'select-all':
        return selectAll();
      case 'toggle':
        return void toggle();
      case 'remove':
        return void remove();
      case 'undo':
        return void undo();
      case 'redo':
        return void redo();
    }
  };

  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const cell = e.target instanceof Element ? e.target.closest<HTMLElement>('[data-testid="matrix-cell"]') : null;
    if (!cell) return;
    const mode: PickMode = e.shiftKey ? 'extend' : e.ctrlKey || e.metaKey ? 'add' : 'only';
    pick({ row: Number(cell.dataset.row), column: Number(cell.dataset.column) }, mode);
  };

  const [firstRow, lastRow] = span(view.top, bodyHeight, ROW_HEIGHT, rows);
  const [firstColumn, lastColumn] = span(view.left, view.width - ROW_HEADER_WIDTH, COLUMN_WIDTH, columns);
  const cells = [];
  for (let r = firstRow; r <= lastRow; r++) {
    for (let c = firstColumn; c <= lastColumn; c++) {
      const ref = refAt(layout, r, c);
      if (ref === null) continue;
      const key = keyOf(index, ref);
      const column = index.matrix.columns[ref.target];
      cells.push(
        <Cell
          key={key}
          links={linksAt(index, ref)}
          requirement={index.matrix.rows[ref.requirement].id}
          target={targetKey(column)}
          focused={key === focus}
          selected={selected.has(key)}
          top={r * ROW_HEIGHT}
          left={ROW_HEADER_WIDTH + c * COLUMN_WIDTH}
          row={r}
          column={c}
        />,
      );
    }
  }

  const totalWidth = ROW_HEADER_WIDTH + columns * COLUMN_WIDTH;
  return (
    <div
      ref={scroller}
      className={classes.scroller}
      style={{ height }}
      tabIndex={0}
      aria-label="Trace matrix: arrows move, Space links, Delete unlinks"
      onKeyDown={onKeyDown}
      onClick={onClick}
      onScroll={(e) => {
        // whole rows and columns only: a scroll within one draws nothing new (the overscan covers the part-row)
        const top = Math.floor(e.currentTarget.scrollTop / ROW_HEIGHT) * ROW_HEIGHT;
        const left = Math.floor(e.currentTarget.scrollLeft / COLUMN_WIDTH) * COLUMN_WIDTH;
        setView((v) => (v.top === top && v.left === left ? v : { ...v, top, left }));
      }}
      data-testid="matrix-grid"
      data-rows={rows}
      data-columns={columns}
      data-direction={layout.direction}
    >
      <div style={{ width: totalWidth, height: HEADER_HEIGHT + rows * ROW_HEIGHT, position: 'relative' }}>
        <div className={classes.header} style={{ width: totalWidth, height: HEADER_HEIGHT }}>
          <div className={classes.corner} style={{ width: ROW_HEADER_WIDTH }}>
            {layout.direction === 'forward' ? 'Requirements ↓ · artifacts →' : 'Artifacts ↓ · requirements →'}
            <br />
            {rows.toLocaleString()} × {columns.toLocaleString()}
          </div>
          <ColumnHeaders index={index} layout={layout} first={firstColumn} last={lastColumn} />
        </div>
        <div className={classes.body} style={{ width: totalWidth, height: rows * ROW_HEIGHT }}>
          <div className={classes.rowHeaders} style={{ width: ROW_HEADER_WIDTH, height: rows * ROW_HEIGHT }}>
            <RowHeaders index={index} layout={layout} first={firstRow} last={lastRow} focusedRow={focused?.row ?? null} />
          </div>
          {cells}
        </div>
      </div>
    </div>
  );
}
