// The matrix editor's controls: which document, which way round, the link type a toggle makes, undo and redo, the
// filters (class, level, status, coverage, kinds, searches) and the exports.
import { ActionIcon, Button, Group, MultiSelect, SegmentedControl, Select, Text, TextInput, Tooltip } from '@mantine/core';
import { Download, Redo2, Search, Undo2 } from 'lucide-react';
import { useMemo, type ReactNode } from 'react';
import { REQUIREMENT_LEVELS } from '../../../../../shared/requirements';
import { MATRIX_EXPORT_FORMATS, TRACE_LINK_STATUSES, TRACE_LINK_TYPES, TRACE_TARGET_KINDS } from '../../../../../shared/trace-matrix';
import { formatBytes } from '../../../components/format';
import { useTraceMatrix } from '../../../stores';
import type { LinkTypeChoice } from './link-edits';
import { KIND_NAMES } from './matrix-grid';
import { noMatrixFilters, type MatrixDirection, type MatrixFilters, type MatrixIndex } from './matrix-layout';

const ALL_DOCUMENTS = '';
const linkTypeChoices: { value: LinkTypeChoice; label: string }[] = [{ value: 'auto', label: 'usual type' }, ...TRACE_LINK_TYPES.map((t) => ({ value: t, label: t }))];
const coverageChoices: { value: NonNullable<MatrixFilters['coverage']>; label: string }[] = [
  { value: 'covered', label: 'covered' },
  { value: 'uncovered', label: 'uncovered' },
];
const directions: { value: MatrixDirection; label: string }[] = [
  { value: 'forward', label: 'By requirement' },
  { value: 'backward', label: 'By artifact' },
];

/** the value of `choices` that `value` names, or null (Mantine's onChange hands back a plain string) */
function chosen<T extends string>(choices: readonly (T | { value: T })[], value: string | null): T | null {
  for (const c of choices) {
    const v = typeof c === 'string' ? c : c.value;
    if (v === value) return v;
  }
  return null;
}

/** A filter by one of `choices`, or (cleared) by none. */
function ChoiceFilter<T extends string>(props: { label: string; choices: readonly (T | { value: T; label: string })[]; value: T | null; onChange: (value: T | null) => void; w: number; testId: string }) {
  const { label, choices, value, onChange, w, testId } = props;
  return <Select size="xs" label={label} placeholder="any" clearable data={choices} value={value} onChange={(v) => onChange(chosen(choices, v))} w={w} data-testid={testId} />;
}

/** A filter by words a name or id contains. */
function SearchFilter({ label, placeholder, value, onChange, testId }: { label: string; placeholder: string; value: string; onChange: (value: string) => void; testId: string }) {
  return <TextInput size="xs" label={label} placeholder={placeholder} leftSection={<Search size={14} />} value={value} onChange={(e) => onChange(e.currentTarget.value)} w={140} data-testid={testId} />;
}

/** Undo or Redo: an icon button whose tooltip names its keys. */
function HistoryButton({ label, keys, icon, disabled, onClick, testId }: { label: string; keys: string; icon: ReactNode; disabled: boolean; onClick: () => void; testId: string }) {
  return (
    <Tooltip label={`${label} (${keys})`}>
      <ActionIcon variant="default" size="lg" disabled={disabled} onClick={onClick} aria-label={label} data-testid={testId}>
        {icon}
      </ActionIcon>
    </Tooltip>
  );
}

export function MatrixControls() {
  const documents = useTraceMatrix((s) => s.documents);
  const document = useTraceMatrix((s) => s.document);
  const setDocument = useTraceMatrix((s) => s.setDocument);
  const direction = useTraceMatrix((s) => s.direction);
  const setDirection = useTraceMatrix((s) => s.setDirection);
  const linkType = useTraceMatrix((s) => s.linkType);
  const setLinkType = useTraceMatrix((s) => s.setLinkType);
  const canUndo = useTraceMatrix((s) => s.past.length > 0);
  const canRedo = useTraceMatrix((s) => s.future.length > 0);
  const editing = useTraceMatrix((s) => s.editing);
  const undo = useTraceMatrix((s) => s.undo);
  const redo = useTraceMatrix((s) => s.redo);
  const exporting = useTraceMatrix((s) => s.exporting);
  const exportMatrix = useTraceMatrix((s) => s.exportMatrix);
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <Select
        size="xs"
        label="Document"
        data={[{ value: ALL_DOCUMENTS, label: 'All documents' }, ...documents.map((d) => ({ value: d.id, label: d.name }))]}
        value={document ?? ALL_DOCUMENTS}
        onChange={(value) => void setDocument(value === null || value === ALL_DOCUMENTS ? null : value)}
        allowDeselect={false}
        w={150}
        data-testid="matrix-document"
      />
      <SegmentedControl size="xs" transitionDuration={0} data={directions} value={direction} onChange={(value) => setDirection(chosen(directions, value) ?? 'forward')} data-testid="matrix-direction" />
      <Select
        size="xs"
        label="Space / Enter links as"
        data={linkTypeChoices}
        value={linkType}
        onChange={(value) => setLinkType(chosen(linkTypeChoices, value) ?? 'auto')}
        allowDeselect={false}
        w={160}
        data-testid="matrix-link-type"
      />
      <HistoryButton label="Undo" keys="Ctrl+Z" icon={<Undo2 size={16} />} disabled={!canUndo || editing} onClick={() => void undo()} testId="matrix-undo" />
      <HistoryButton label="Redo" keys="Ctrl+Shift+Z" icon={<Redo2 size={16} />} disabled={!canRedo || editing} onClick={() => void redo()} testId="matrix-redo" />
      <Group gap={4} ml="auto">
        {MATRIX_EXPORT_FORMATS.map((format) => (
          <Button
            key={format}
            size="xs"
            variant="default"
            leftSection={<Download size={14} />}
            loading={exporting === format}
            disabled={exporting !== null && exporting !== format}
            onClick={() => void exportMatrix(format)}
            data-testid={`matrix-export-${format}`}
          >
            {format.toUpperCase()}
          </Button>
        ))}
      </Group>
    </Group>
  );
}

export function MatrixFiltersBar({ index }: { index: MatrixIndex }) {
  const filters = useTraceMatrix((s) => s.filters);
  const setFilters = useTraceMatrix((s) => s.setFilters);
  const clearFilters = useTraceMatrix((s) => s.clearFilters);
  const classValues = useMemo(() => [...new Set(index.matrix.rows.flatMap((r) => (r.class === null ? [] : [r.class])))].sort(), [index]);
  const kindValues = useMemo(() => TRACE_TARGET_KINDS.filter((k) => index.matrix.columns.some((c) => c.kind === k)), [index]);
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="matrix-filters">
      <SearchFilter label="Requirements" placeholder="id or title" value={filters.search} onChange={(search) => setFilters({ search })} testId="matrix-search" />
      <SearchFilter label="Artifacts" placeholder="name or id" value={filters.targetSearch} onChange={(targetSearch) => setFilters({ targetSearch })} testId="matrix-target-search" />
      <ChoiceFilter label="Class" choices={classValues} value={filters.klass} onChange={(klass) => setFilters({ klass })} w={100} testId="matrix-filter-class" />
      <ChoiceFilter label="Level" choices={REQUIREMENT_LEVELS} value={filters.level} onChange={(level) => setFilters({ level })} w={120} testId="matrix-filter-level" />
      <ChoiceFilter label="Link status" choices={TRACE_LINK_STATUSES} value={filters.status} onChange={(status) => setFilters({ status })} w={120} testId="matrix-filter-status" />
      <ChoiceFilter label="Coverage" choices={coverageChoices} value={filters.coverage} onChange={(coverage) => setFilters({ coverage })} w={130} testId="matrix-filter-coverage" />
      <MultiSelect
        size="xs"
        label="Artifact kinds"
        placeholder={filters.kinds.length === 0 ? 'all' : undefined}
        data={kindValues.map((k) => ({ value: k, label: KIND_NAMES[k] }))}
        value={filters.kinds}
        onChange={(values) => setFilters({ kinds: TRACE_TARGET_KINDS.filter((k) => values.includes(k)) })}
        clearable
        w={170}
        data-testid="matrix-filter-kinds"
      />
      <Button size="xs" variant="subtle" disabled={filters === noMatrixFilters} onClick={clearFilters} data-testid="matrix-clear-filters">
        Clear
      </Button>
    </Group>
  );
}

export function MatrixExported() {
  const exported = useTraceMatrix((s) => s.exported);
  if (!exported) return null;
  return (
    <Text size="xs" c="dimmed" data-testid="matrix-exported">
      Wrote {exported.shown} ({exported.format.toUpperCase()}, {formatBytes(exported.bytes)}), SHA-256 {exported.sha256}
    </Text>
  );
}
