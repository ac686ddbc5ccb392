// The runs table's filters: column, operator, value to add one; each active filter is a chip that removes itself.
import { ActionIcon, Badge, Button, Group, Select, TextInput } from '@mantine/core';
import { Filter, X } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { RunColumnInfo, RunFilter, RunFilterOp } from '../../../../shared/experiments';
import { columnKey } from './run-values';

const OPS: RunFilterOp[] = ['<', '<=', '>', '>=', '=', '!=', 'contains', 'exists'];

function describe(f: RunFilter): string {
  return f.op === 'exists' ? `${columnKey(f.column)} exists` : `${columnKey(f.column)} ${f.op} ${f.value}`;
}

/** the active filters, each a chip that removes itself */
export function FilterChips({ filters, onRemove }: { filters: RunFilter[]; onRemove(i: number): void }) {
  if (filters.length === 0) return null;
  return (
    <Group gap={4} data-testid="filter-chips">
      {filters.map((f, i) => (
        <Badge
          key={`${describe(f)}.${i}`}
          variant="light"
          tt="none"
          size="lg"
          radius="sm"
          fw={500}
          rightSection={
            <ActionIcon size={14} variant="transparent" color="gray" onClick={() => onRemove(i)} aria-label={`remove filter ${describe(f)}`} data-testid="filter-remove">
              <X size={11} />
            </ActionIcon>
          }
          data-testid="filter-chip"
        >
          {describe(f)}
        </Badge>
      ))}
    </Group>
  );
}

export function FilterBar({ catalogue, filters, onAdd }: { catalogue: RunColumnInfo[]; filters: RunFilter[]; onAdd(f: RunFilter): void }) {
  const [column, setColumn] = useState<string | null>(null);
  const [op, setOp] = useState<RunFilterOp>('>');
  const [value, setValue] = useState('');
  const options = useMemo(
    () =>
      (['attr', 'metric', 'param'] as const).map((kind) => ({
        group: kind === 'attr' ? 'Run' : kind === 'metric' ? 'Metrics' : 'Params',
        items: catalogue.filter((c) => c.kind === kind).map((c) => ({ value: c.ref, label: c.key })),
      })),
    [catalogue],
  );

  const add = () => {
    if (!column || (op !== 'exists' && value.trim() === '')) return;
    const text = value.trim();
    const numeric = text !== '' && Number.isFinite(Number(text)) && op !== 'contains';
    onAdd(op === 'exists' ? { column, op } : { column, op, value: numeric ? Number(text) : text });
    setValue('');
  };

  return (
    <Group gap={6} wrap="nowrap" data-testid="runs-filter-bar">
      <Filter size={14} color="var(--mantine-color-gray-6)" />
      <Select
        size="xs"
        placeholder="column"
        data={options}
        value={column}
        onChange={setColumn}
        searchable
        limit={200}
        w={170}
        aria-label="filter column"
        data-testid="filter-column"
      />
      <Select size="xs" data={OPS} value={op} onChange={(o) => o && setOp(o as RunFilterOp)} allowDeselect={false} w={92} aria-label="filter operator" data-testid="filter-op" />
      <TextInput
        size="xs"
        placeholder={op === 'exists' ? '' : 'value'}
        disabled={op === 'exists'}
        value={value}
        onChange={(e) => setValue(e.currentTarget.value)}
        onKeyDown={(e) => e.key === 'Enter' && add()}
        w={96}
        aria-label="filter value"
        data-testid="filter-value"
      />
      <Button size="xs" variant="default" onClick={add} disabled={!column || filters.length >= 20} data-testid="filter-add">
        Filter
      </Button>
    </Group>
  );
}
