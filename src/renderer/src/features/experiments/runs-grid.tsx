// The runs table: rows and columns both virtualized, so only the cells on screen exist and only their windows are fetched.
import { useVirtualizer } from '@tanstack/react-virtual';
import { ArrowDown, ArrowUp } from 'lucide-react';
import { memo, useEffect, useMemo, useRef } from 'react';
import type { RunColumnRef } from '../../../../shared/experiments';
import { formatCount } from '../../components/format';
import { cellAt, idAt, type RunsSort, type RunsWindow } from '../../stores/runs-table-store';
import { columnKey, columnKind, columnWidth, formatRunValue, isNumericColumn, STATUS_DOTS } from './run-values';
import classes from './runs-grid.module.css';

const ROW_HEIGHT = 26;
const HEADER_HEIGHT = 36;
const CHECK_WIDTH = 34;
const NUMBER_WIDTH = 58;

export interface RunsGridProps {
  columns: RunColumnRef[];
  rowCount: number;
  pages: Readonly<Record<number, RunsWindow>>;
  sort: RunsSort;
  selected: readonly string[];
  height: number;
  onSort(column: RunColumnRef): void;
  onToggle(id: string): void;
  onOpen(id: string): void;
  /** rows [first, last] and the columns on (or near) screen, so the owner fetches exactly those */
  onRangeChange(first: number, last: number, columns: RunColumnRef[]): void;
}

function HeaderLabel({ column, sort }: { column: RunColumnRef; sort: RunsSort }) {
  const kind = columnKind(column);
  const active = sort?.column === column;
  return (
    <>
      <span className={classes.headerText}>
        <span className={classes.headerKey}>{columnKey(column)}</span>
        <span className={`${classes.headerKind} ${classes[`kind${kind}`] ?? ''}`}>{kind === 'attr' ? 'run' : kind}</span>
      </span>
      {active && (sort.desc ? <ArrowDown size={12} aria-label="sorted descending" /> : <ArrowUp size={12} aria-label="sorted ascending" />)}
    </>
  );
}

function Cell({ column, value, onOpen, id }: { column: RunColumnRef; value: string | number | null | undefined; onOpen(id: string): void; id: string | undefined }) {
  if (value === undefined) return <span className={classes.loading}>·</span>;
  if (column === 'attr:name' && id) {
    return (
      <button type="button" className={classes.link} onClick={() => onOpen(id)} data-testid="run-link" title={String(value)}>
        {String(value)}
      </button>
    );
  }
  if (column === 'attr:status' && typeof value === 'string') {
    return (
      <>
        <span className={classes.status} style={{ background: STATUS_DOTS[value] ?? '#adb5bd' }} />
        {value}
      </>
    );
  }
  return <span className={value === null ? classes.null : undefined}>{formatRunValue(column, value)}</span>;
}

interface RowProps {
  index: number;
  top: number;
  width: number;
  pinned: RunColumnRef | null;
  pinnedWidth: number;
  scrolling: { ref: RunColumnRef; start: number; size: number }[];
  pages: Readonly<Record<number, RunsWindow>>;
  isSelected: boolean;
  onToggle(id: string): void;
  onOpen(id: string): void;
}

const Row = memo(function Row({ index, top, width, pinned, pinnedWidth, scrolling, pages, isSelected, onToggle, onOpen }: RowProps) {
  const id = idAt(pages, index);
  const cls = [classes.row, index % 2 === 1 && classes.odd, isSelected && classes.selected].filter(Boolean).join(' ');
  return (
    <div className={cls} style={{ top, height: ROW_HEIGHT, width }} role="row" aria-rowindex={index + 2} aria-selected={isSelected} data-testid="runs-row" data-run={id}>
      <div className={classes.pinned} style={{ width: pinnedWidth }}>
        <div className={classes.pinnedCell} style={{ width: CHECK_WIDTH, justifyContent: 'center' }} role="gridcell">
          {id && (
            <input
              type="checkbox"
              className={classes.check}
              checked={isSelected}
              onChange={() => onToggle(id)}
              aria-label={`select run ${index + 1}`}
              data-testid="run-select"
            />
          )}
        </div>
        <div className={`${classes.pinnedCell} ${classes.cellNumber} ${classes.null}`} style={{ width: NUMBER_WIDTH, justifyContent: 'flex-end' }} role="rowheader">
          {formatCount(index + 1)}
        </div>
        {pinned && (
          <div className={`${classes.pinnedCell} ${isNumericColumn(pinned) ? classes.cellNumber : ''}`} style={{ width: columnWidth(pinned) }} role="gridcell">
            <Cell column={pinned} value={cellAt(pages, index, pinned)} onOpen={onOpen} id={id} />
          </div>
        )}
      </div>
      {scrolling.map((c) => (
        <div
          key={c.ref}
          className={`${classes.cell} ${isNumericColumn(c.ref) ? classes.cellNumber : ''}`}
          style={{ left: c.start, width: c.size, lineHeight: `${ROW_HEIGHT - 1}px` }}
          role="gridcell"
        >
          <Cell column={c.ref} value={cellAt(pages, index, c.ref)} onOpen={onOpen} id={id} />
        </div>
      ))}
    </div>
  );
});

export function RunsGrid({ columns, rowCount, pages, sort, selected, height, onSort, onToggle, onOpen, onRangeChange }: RunsGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  // the first column stays put beside the checkboxes, so a row keeps its name while metrics scroll by
  const pinned = columns[0] ?? null;
  const rest = useMemo(() => columns.slice(1), [columns]);
  const pinnedWidth = CHECK_WIDTH + NUMBER_WIDTH + (pinned ? columnWidth(pinned) : 0);
  const selectedSet = useMemo(() => new Set(selected), [selected]);

  const rows = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    paddingStart: HEADER_HEIGHT,
  });
  const cols = useVirtualizer({
    horizontal: true,
    count: rest.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => columnWidth(rest[i]),
    overscan: 3,
    paddingStart: pinnedWidth,
  });
  useEffect(() => {
    cols.measure();
  }, [rest, pinnedWidth, cols]);

  const rowItems = rows.getVirtualItems();
  const colItems = cols.getVirtualItems();
  const firstRow = rowItems[0]?.index ?? 0;
  const lastRow = rowItems[rowItems.length - 1]?.index ?? 0;
  const firstCol = colItems[0]?.index ?? 0;
  const lastCol = colItems[colItems.length - 1]?.index ?? -1;
  const scrolling = useMemo(
    () => colItems.map((c) => ({ ref: rest[c.index], start: c.start, size: c.size })).filter((c) => c.ref !== undefined),
    // keyed on the window's bounds, not the items array (new on every scroll event), so rows redraw only when it moves
    [firstCol, lastCol, rest, pinnedWidth],
  );
  const totalWidth = cols.getTotalSize();

  useEffect(() => {
    const timer = window.setTimeout(() => {
      const visible = [...(pinned ? [pinned] : []), ...rest.slice(firstCol, lastCol + 1)];
      onRangeChange(firstRow, Math.max(firstRow, lastRow), visible);
    }, 40);
    return () => window.clearTimeout(timer);
  }, [firstRow, lastRow, firstCol, lastCol, pinned, rest, onRangeChange]);

  return (
    <div
      ref={scroller}
      className={classes.scroller}
      style={{ height }}
      tabIndex={0}
      role="grid"
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length + 2}
      aria-label="Runs"
      data-testid="runs-grid"
    >
      <div style={{ height: rows.getTotalSize(), width: totalWidth, position: 'relative' }}>
        <div className={classes.header} style={{ height: HEADER_HEIGHT, width: totalWidth }} role="row" aria-rowindex={1}>
          <div className={`${classes.pinned} ${classes.headerPinned}`} style={{ width: pinnedWidth }}>
            <div className={classes.pinnedCell} style={{ width: CHECK_WIDTH }} role="columnheader" aria-label="selected" />
            <div className={`${classes.pinnedCell} ${classes.number} ${classes.null}`} style={{ width: NUMBER_WIDTH, fontWeight: 600 }} role="columnheader">
              #
            </div>
            {pinned && (
              <button
                type="button"
                className={`${classes.headerCell} ${isNumericColumn(pinned) ? classes.number : ''}`}
                style={{ width: columnWidth(pinned) }}
                onClick={() => onSort(pinned)}
                role="columnheader"
                aria-sort={sort?.column === pinned ? (sort.desc ? 'descending' : 'ascending') : 'none'}
                title={`${pinned}: click to sort`}
                data-testid="runs-header"
                data-column={pinned}
              >
                <HeaderLabel column={pinned} sort={sort} />
              </button>
            )}
          </div>
          {scrolling.map((c) => (
            <button
              type="button"
              key={c.ref}
              className={`${classes.headerCell} ${isNumericColumn(c.ref) ? classes.number : ''}`}
              style={{ left: c.start, width: c.size }}
              onClick={() => onSort(c.ref)}
              role="columnheader"
              aria-sort={sort?.column === c.ref ? (sort.desc ? 'descending' : 'ascending') : 'none'}
              title={`${c.ref}: click to sort`}
              data-testid="runs-header"
              data-column={c.ref}
            >
              <HeaderLabel column={c.ref} sort={sort} />
            </button>
          ))}
        </div>
        {rowItems.map((r) => (
          <Row
            key={r.index}
            index={r.index}
            top={r.start}
            width={totalWidth}
            pinned={pinned}
            pinnedWidth={pinnedWidth}
            scrolling={scrolling}
            pages={pages}
            isSelected={selectedSet.has(idAt(pages, r.index) ?? '')}
            onToggle={onToggle}
            onOpen={onOpen}
          />
        ))}
      </div>
    </div>
  );
}
