// The flat table of one document's requirements: virtualized rows (thousands scroll like tens), filters by class,
// level, status, lint findings and free text, and the editor beside it for the selected row.
import { Group, Select, Text, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Search } from 'lucide-react';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import { REQUIREMENT_LEVELS, type RequirementTableRow } from '../../../../shared/requirements';
import { lintRules } from '../../../../shared/requirements-lint';
import { formatCount } from '../../components/format';
import { useRequirements } from '../../stores';
import { ClassCell } from './classes/class-cell';
import { LintBadge } from './lint-badge';
import { classesOf, filterRequirements, noFilter, NONE, rulesById, valuesOf, type RequirementsFilter } from './requirement-filters';
import { goToRequirements } from './requirements-routes';
import { RequirementsSplit } from './requirements-split';
import classes from './requirements.module.css';

const ROW_HEIGHT = 34;

interface Column {
  key: string;
  label: string;
  /** a fixed width, or null for the column that takes the rest */
  width: number | null;
  cell(row: RequirementTableRow, onChanged: () => void): ReactNode;
}

const columns: Column[] = [
  { key: 'id', label: 'ID', width: 120, cell: (r) => r.id },
  { key: 'title', label: 'Title', width: 150, cell: (r) => r.title },
  { key: 'text', label: 'Text', width: null, cell: (r) => r.text },
  { key: 'level', label: 'Level', width: 100, cell: (r) => r.level ?? '' },
  { key: 'status', label: 'Status', width: 90, cell: (r) => r.status ?? '' },
  // wide enough for a person's correction beside the struck-through verdict it overrules (look-and-feel · usability 83%);
  // title and status stay narrow so the text column keeps about 290 px in a 1280 px window
  { key: 'class', label: 'Class', width: 236, cell: (r, onChanged) => <ClassCell row={r} onChanged={onChanged} /> },
  { key: 'lint', label: 'Lint', width: 90, cell: (r) => <LintBadge row={r} /> },
];

const cellStyle = (c: Column): CSSProperties => (c.width === null ? { flex: '1 1 0', minWidth: 200 } : { width: c.width });

/** the choices of a filter: any, then the values, then the rows without one */
const choices = (values: readonly string[], noneLabel: string) => [...values.map((v) => ({ value: v, label: v })), { value: NONE, label: noneLabel }];

function Filters({ rows, filter, onChange }: { rows: RequirementTableRow[]; filter: RequirementsFilter; onChange(filter: RequirementsFilter): void }) {
  const classValues = useMemo(() => valuesOf(rows, classesOf), [rows]);
  const statusValues = useMemo(() => valuesOf(rows, (r) => [r.status]), [rows]);
  const lintChoices: { value: NonNullable<RequirementsFilter['lint']>; label: string }[] = [
    { value: 'with', label: 'with findings' },
    { value: 'without', label: 'without findings' },
    ...lintRules.map((rule) => ({ value: rule, label: rule })),
  ];
  return (
    <Group gap="xs" align="flex-end" data-testid="requirements-filters">
      <TextInput
        size="xs"
        label="Search"
        placeholder="id, title or text"
        leftSection={<Search size={14} />}
        value={filter.text}
        onChange={(e) => onChange({ ...filter, text: e.currentTarget.value })}
        w={220}
        data-testid="filter-text"
      />
      <Select size="xs" label="Class" placeholder="any" clearable data={choices(classValues, 'unclassified')} value={filter.klass} onChange={(klass) => onChange({ ...filter, klass })} w={170} data-testid="filter-class" />
      <Select size="xs" label="Level" placeholder="any" clearable data={choices(REQUIREMENT_LEVELS, 'no level')} value={filter.level} onChange={(level) => onChange({ ...filter, level })} w={140} data-testid="filter-level" />
      <Select size="xs" label="Status" placeholder="any" clearable data={choices(statusValues, 'no status')} value={filter.status} onChange={(status) => onChange({ ...filter, status })} w={140} data-testid="filter-status" />
      <Select
        size="xs"
        label="Lint"
        placeholder="any"
        clearable
        data={lintChoices}
        value={filter.lint}
        onChange={(value) => onChange({ ...filter, lint: lintChoices.find((c) => c.value === value)?.value ?? null })}
        w={220}
        data-testid="filter-lint"
      />
    </Group>
  );
}

export function RequirementsTablePage({ document, selected }: { document: string; selected: string | null }) {
  const rows = useRequirements((s) => s.rows);
  const lint = useRequirements((s) => s.lint);
  const loadLint = useRequirements((s) => s.loadLint);
  const refresh = useRequirements((s) => s.refresh);
  const [filter, setFilter] = useState<RequirementsFilter>(noFilter);
  const byRule = filter.lint !== null && filter.lint !== 'with' && filter.lint !== 'without';

  // the per-rule filter needs each requirement's rules, which only the lint report has
  useEffect(() => {
    if (byRule && lint === null) void loadLint();
  }, [byRule, lint, loadLint]);

  const rules = useMemo(() => (lint === null ? null : rulesById(lint)), [lint]);
  const shown = useMemo(() => filterRequirements(rows, filter, rules), [rows, filter, rules]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const onChanged = () => void refresh();

  return (
    <RequirementsSplit selected={selected}>
      <Group justify="space-between" align="flex-end" mb="xs">
        <Filters rows={rows} filter={filter} onChange={setFilter} />
        <Text size="sm" c="dimmed" data-testid="requirements-count">
          {formatCount(shown.length)} of {formatCount(rows.length)}
        </Text>
      </Group>
      <div ref={scroller} className={classes.tableScroller} style={{ height: 'calc(100vh - 300px)' }} data-testid="requirements-table">
        <div className={classes.tableHeader}>
          {columns.map((c) => (
            <div key={c.key} className={classes.tableCell} style={cellStyle(c)}>
              {c.label}
            </div>
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = shown[item.index];
            return (
              <div
                key={row.id}
                className={`${classes.tableRow} ${row.id === selected ? classes.entrySelected : ''}`}
                style={{ top: item.start, height: ROW_HEIGHT, width: '100%' }}
                onClick={() => goToRequirements({ tab: 'table', document, id: row.id })}
                data-testid="requirement-row"
                data-id={row.id}
              >
                {columns.map((c) => (
                  <div
                    key={c.key}
                    className={classes.tableCell}
                    style={cellStyle(c)}
                    title={c.key === 'text' ? row.text : undefined}
                    // the class menu must not also select the row
                    onClick={c.key === 'class' ? (e) => e.stopPropagation() : undefined}
                  >
                    {c.cell(row, onChanged)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </RequirementsSplit>
  );
}
