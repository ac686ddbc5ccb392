// A virtualized, read-only table for very large row counts: sticky header and row numbers, rows fetched by range.
import { memo, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { elementScroll, observeElementOffset, useVirtualizer } from '@tanstack/react-virtual';
import type { CellValue, ColumnSchema, ColumnType } from '../../../shared/domain';
import { formatCell, formatCount } from './format';
import classes from './data-grid.module.css';

export interface DataGridProps {
  columns: ColumnSchema[];
  rowCount: number;
  /** the row at an index, or undefined while its page is still on its way */
  getRow: (index: number) => CellValue[] | undefined;
  /** changes whenever getRow would answer differently, so visible rows redraw */
  revision: unknown;
  /** the rows on (or near) screen, so the owner can fetch them */
  onRangeChange: (first: number, last: number) => void;
  height: number;
}

const ROW_HEIGHT = 24;
const HEADER_HEIGHT = 34;
/**
 * Rows are virtualized in blocks: the virtualizer tracks 1 item per 32 rows, so 10M rows cost it
 * 312,500 entries instead of 10M (which would take ~240 MB and ~200 ms to measure).
 */
const BLOCK_ROWS = 32;
/** browsers cap element heights (~16-33M px): past this the scrollbar maps onto the rows proportionally */
const MAX_SCROLL_HEIGHT = 8_000_000;
const numericTypes: ColumnType[] = ['integer', 'numeric'];
const columnWidths: Record<ColumnType, number> = {
  integer: 110,
  numeric: 120,
  boolean: 80,
  categorical: 140,
  text: 220,
  datetime: 170,
};

interface Layout {
  widths: number[];
  rowNumberWidth: number;
  totalWidth: number;
}

interface BlockProps {
  index: number;
  rowCount: number;
  columns: ColumnSchema[];
  layout: Layout;
  getRow: (index: number) => CellValue[] | undefined;
  revision: unknown;
}

const Block = memo(
  function Block({ index, rowCount, columns, layout, getRow }: BlockProps) {
    const first = index * BLOCK_ROWS;
    const last = Math.min(rowCount, first + BLOCK_ROWS);
    const rows = [];
    for (let r = first; r < last; r++) {
      const row = getRow(r);
      rows.push(
        <div key={r} className={classes.row} style={{ height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT - 1}px` }} role="row" aria-rowindex={r + 2}>
          <div className={`${classes.cell} ${classes.rowNumber}`} style={{ width: layout.rowNumberWidth }} role="rowheader">
            {formatCount(r + 1)}
          </div>
          {columns.map((col, c) => {
            const value = row?.[c];
            const numeric = numericTypes.includes(col.type);
            const cls = [classes.cell, numeric && classes.number, row && value === null && classes.null, !row && classes.loading]
              .filter(Boolean)
              .join(' ');
            return (
              <div key={col.name} className={cls} style={{ width: layout.widths[c] }} role="gridcell">
                {!row ? '·' : value === null ? 'null' : formatCell(value, col.type)}
              </div>
            );
          })}
        </div>,
      );
    }
    return <>{rows}</>;
  },
  (a, b) => a.index === b.index && a.revision === b.revision && a.columns === b.columns && a.layout === b.layout && a.rowCount === b.rowCount,
);

export function DataGrid({ columns, rowCount, getRow, revision, onRangeChange, height }: DataGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const scale = useRef(1);
  const [viewport, setViewport] = useState(height);

  const layout = useMemo<Layout>(() => {
    const widths = columns.map((c) => columnWidths[c.type]);
    const rowNumberWidth = 26 + formatCount(rowCount).length * 8;
    return { widths, rowNumberWidth, totalWidth: rowNumberWidth + widths.reduce((a, b) => a + b, 0) };
  }, [columns, rowCount]);

  const virtualHeight = rowCount * ROW_HEIGHT;
  const realHeight = Math.min(virtualHeight, MAX_SCROLL_HEIGHT);
  const bodyViewport = Math.max(0, viewport - HEADER_HEIGHT);
  scale.current = virtualHeight > realHeight ? (virtualHeight - bodyViewport) / Math.max(1, realHeight - bodyViewport) : 1;

  const virtualizer = useVirtualizer({
    count: Math.ceil(rowCount / BLOCK_ROWS),
    getScrollElement: () => scroller.current,
    estimateSize: () => BLOCK_ROWS * ROW_HEIGHT,
    overscan: 1,
    observeElementOffset: (instance, cb) => observeElementOffset(instance, (offset, scrolling) => cb(offset * scale.current, scrolling)),
    scrollToFn: (offset, options, instance) => elementScroll(offset / scale.current, options, instance),
  });

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setViewport(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // a wheel notch should move a few rows even when the scrollbar is scaled down for millions of rows
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (scale.current <= 1 || e.ctrlKey) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? ROW_HEIGHT : e.deltaMode === 2 ? bodyViewport : 1;
      el.scrollTop += (e.deltaY * unit) / scale.current;
      el.scrollLeft += e.deltaX * unit;
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [bodyViewport]);

  const items = virtualizer.getVirtualItems();
  const firstBlock = items[0]?.index ?? 0;
  const lastBlock = items[items.length - 1]?.index ?? 0;

  useEffect(() => {
    const timer = window.setTimeout(() => onRangeChange(firstBlock * BLOCK_ROWS, (lastBlock + 1) * BLOCK_ROWS - 1), 40);
    return () => window.clearTimeout(timer);
  }, [firstBlock, lastBlock, onRangeChange]);

  // CSS clamps lengths near 33M px, so blocks sit relative to the visible window, never at their raw virtual offset
  const virtualOffset = virtualizer.scrollOffset ?? 0;
  const realOffset = virtualOffset / scale.current;

  return (
    <div
      ref={scroller}
      className={classes.scroller}
      style={{ height }}
      tabIndex={0}
      role="grid"
      aria-rowcount={rowCount + 1}
      aria-colcount={columns.length + 1}
      data-testid="data-grid"
    >
      <div style={{ height: HEADER_HEIGHT + realHeight, width: layout.totalWidth, position: 'relative' }}>
        <div className={classes.header} style={{ height: HEADER_HEIGHT, width: layout.totalWidth }} role="row" aria-rowindex={1}>
          <div className={`${classes.headerCell} ${classes.rowNumber}`} style={{ width: layout.rowNumberWidth }} role="columnheader">
            #
          </div>
          {columns.map((col, c) => (
            <div
              key={col.name}
              className={`${classes.headerCell} ${numericTypes.includes(col.type) ? classes.number : ''}`}
              style={{ width: layout.widths[c] }}
              role="columnheader"
              title={`${col.name} (${col.type})`}
            >
              <span>{col.name}</span>
              <span className={classes.headerType}>{col.type}</span>
            </div>
          ))}
        </div>
        <div className={classes.body} style={{ top: HEADER_HEIGHT, width: layout.totalWidth, transform: `translateY(${realOffset}px)` }}>
          {items.map((item) => (
            <div key={item.key} className={classes.block} style={{ top: item.start - virtualOffset, width: layout.totalWidth }}>
              <Block index={item.index} rowCount={rowCount} columns={columns} layout={layout} getRow={getRow} revision={revision} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
