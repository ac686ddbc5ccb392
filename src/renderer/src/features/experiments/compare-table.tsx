// The side-by-side comparison: one row per attribute, param and metric, one column per run. Rows are virtualized and
// cells are plain elements, so 50 runs x 1,000 metrics draws the twenty-odd rows on screen, not 50,000 components.
import { Card, Group, Switch, Text, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Search } from 'lucide-react';
import { memo, useMemo, useRef, useState } from 'react';
import type { RunComparison, RunDetail } from '../../../../shared/experiments';
import { compareRows, type CompareRow, type Section } from './compare-rows';
import classes from './compare-table.module.css';
import { colorAt } from './experiment-charts';
import { goTo } from './experiments-routes';
import { formatMetric, formatParam, STATUS_DOTS } from './run-values';

type Item = { kind: 'section'; section: Section } | { kind: 'row'; row: CompareRow };

const ROW_HEIGHT = 22;
const HEADER_HEIGHT = 42;
const KEY_WIDTH = 200;
const MAX_HEIGHT = 460;

export const runLabel = (run: RunDetail) => `#${run.seq} ${run.name}`;

function formatCell(section: Section, value: string | number | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return formatMetric(value);
  return section === 'Params' ? formatParam(value) : value;
}

const RowView = memo(function RowView({ row, top, width, runWidth }: { row: CompareRow; top: number; width: number; runWidth: number }) {
  return (
    <div
      className={`${classes.row} ${row.differs ? classes.differs : ''}`}
      style={{ top, height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT - 1}px`, width }}
      role="row"
      data-testid={`compare-${row.section.toLowerCase()}-row`}
      data-key={row.key}
      data-differs={row.differs}
    >
      <div className={classes.key} style={{ width: KEY_WIDTH }} role="rowheader" title={row.key}>
        {row.key}
      </div>
      {row.values.map((v, j) => {
        const text = formatCell(row.section, v);
        return (
          <div
            key={j}
            className={`${classes.cell} ${row.section === 'Run' ? '' : classes.number} ${row.best === j ? classes.best : ''}`}
            style={{ width: runWidth }}
            role="gridcell"
            title={text}
          >
            {text}
          </div>
        );
      })}
    </div>
  );
});

export interface CompareTableProps {
  comparison: RunComparison;
  /** the runs to show as columns (the parallel-coordinates brush keeps some), or null for all */
  shownRunIds: readonly string[] | null;
}

export function CompareTable({ comparison, shownRunIds }: CompareTableProps) {
  const [onlyDiff, setOnlyDiff] = useState(true);
  const [query, setQuery] = useState('');
  // indices into comparison.runs, so each run keeps its colour (the curves' colour) when others are hidden
  const shown = useMemo(() => {
    const keep = shownRunIds === null ? null : new Set(shownRunIds);
    return comparison.runs.flatMap((r, i) => (keep === null || keep.has(r.id) ? [i] : []));
  }, [comparison, shownRunIds]);
  const all = useMemo(() => compareRows(comparison, shown), [comparison, shown]);
  const differing = useMemo(() => ({ params: all.filter((r) => r.section === 'Params' && r.differs).length, metrics: all.filter((r) => r.section === 'Metrics' && r.differs).length }), [all]);
  const items = useMemo(() => {
    const needle = query.toLowerCase();
    const out: Item[] = [];
    let section: Section | null = null;
    for (const row of all) {
      if ((onlyDiff && !row.differs && row.section !== 'Run') || (needle && !row.key.toLowerCase().includes(needle))) continue;
      if (row.section !== section) out.push({ kind: 'section', section: row.section });
      section = row.section;
      out.push({ kind: 'row', row });
    }
    return out;
  }, [all, onlyDiff, query]);
  const runWidth = Math.max(120, Math.min(200, Math.floor(820 / Math.max(1, shown.length))));
  const width = KEY_WIDTH + runWidth * shown.length;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10, paddingStart: HEADER_HEIGHT });
  const height = Math.min(MAX_HEIGHT, HEADER_HEIGHT + items.length * ROW_HEIGHT + 2);

  return (
    <Card withBorder padding="xs" data-testid="compare-table-card">
      <Group justify="space-between" mb={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Params and metrics · {differing.params} params and {differing.metrics} metrics differ
          {shown.length < comparison.runs.length && ` · ${shown.length} of ${comparison.runs.length} runs (brushed)`}
        </Text>
        <Group gap="sm">
          <TextInput size="xs" w={180} placeholder="filter keys" leftSection={<Search size={12} />} value={query} onChange={(e) => setQuery(e.currentTarget.value)} aria-label="filter keys" />
          <Switch size="xs" label="Only differences" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.currentTarget.checked)} data-testid="compare-only-diff" />
        </Group>
      </Group>
      <div ref={scroller} className={classes.scroller} style={{ height }} role="grid" aria-rowcount={items.length + 1} aria-colcount={shown.length + 1} data-testid="compare-table" data-rows={items.length}>
        <div style={{ height: virtual.getTotalSize(), width, position: 'relative' }}>
          <div className={classes.header} style={{ height: HEADER_HEIGHT, width }} role="row">
            <div className={classes.key} style={{ width: KEY_WIDTH }} role="columnheader">
              Key
            </div>
            {shown.map((i) => {
              const r = comparison.runs[i];
              return (
                <div key={r.id} className={classes.headerCell} style={{ width: runWidth }} role="columnheader" data-testid="compare-run-column" data-run={r.id}>
                  <button type="button" className={classes.runLink} onClick={() => goTo({ page: 'run', id: r.id, tab: 'overview' })} title={runLabel(r)}>
                    <span className={classes.swatch} style={{ background: colorAt(i) }} />
                    <span>{runLabel(r)}</span>
                  </button>
                  <span className={classes.status} style={{ color: STATUS_DOTS[r.status] }}>
                    {r.status}
                  </span>
                </div>
              );
            })}
          </div>
          {virtual.getVirtualItems().map((v) => {
            const item = items[v.index];
            return item.kind === 'section' ? (
              <div key={`s-${item.section}`} className={classes.section} style={{ top: v.start, height: ROW_HEIGHT, lineHeight: `${ROW_HEIGHT}px`, width }} role="row">
                {item.section}
              </div>
            ) : (
              <RowView key={`${item.row.section}.${item.row.key}`} row={item.row} top={v.start} width={width} runWidth={runWidth} />
            );
          })}
        </div>
      </div>
    </Card>
  );
}
