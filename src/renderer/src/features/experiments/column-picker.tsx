// Choose the runs table's columns among thousands: search by name, tick a few, show or hide every match at once.
import { Badge, Button, Checkbox, Group, Popover, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Columns3, Search } from 'lucide-react';
import { useMemo, useRef, useState } from 'react';
import type { RunColumnInfo, RunColumnRef } from '../../../../shared/experiments';
import { formatCount } from '../../components/format';

type KindFilter = 'all' | 'attr' | 'param' | 'metric';
const ITEM_HEIGHT = 28;
const KIND_COLORS = { attr: 'gray', param: 'grape', metric: 'indigo' } as const;

function ColumnList({ items, visible, onToggle }: { items: RunColumnInfo[]; visible: Set<RunColumnRef>; onToggle(ref: RunColumnRef): void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const list = useVirtualizer({ count: items.length, getScrollElement: () => scroller.current, estimateSize: () => ITEM_HEIGHT, overscan: 8 });
  return (
    <div ref={scroller} style={{ height: 300, overflow: 'auto', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4 }} data-testid="column-picker-list">
      <div style={{ height: list.getTotalSize(), position: 'relative' }}>
        {list.getVirtualItems().map((item) => {
          const c = items[item.index];
          return (
            <Group
              key={c.ref}
              gap={8}
              wrap="nowrap"
              px={8}
              style={{ position: 'absolute', top: item.start, left: 0, right: 0, height: ITEM_HEIGHT }}
              data-testid="column-picker-item"
              data-column={c.ref}
            >
              <Checkbox size="xs" checked={visible.has(c.ref)} onChange={() => onToggle(c.ref)} label={c.key} styles={{ label: { fontSize: 12 }, body: { alignItems: 'center' } }} style={{ flex: 1, minWidth: 0 }} />
              <Badge size="xs" variant="light" color={KIND_COLORS[c.kind]}>
                {c.kind === 'attr' ? 'run' : c.kind}
              </Badge>
              <Text size="10px" c="dimmed" w={54} ta="right" ff="monospace" title="runs with a value">
                {formatCount(c.runs)}
              </Text>
            </Group>
          );
        })}
      </div>
    </div>
  );
}

export function ColumnPicker({ catalogue, visible, onChange }: { catalogue: RunColumnInfo[]; visible: RunColumnRef[]; onChange(columns: RunColumnRef[]): void }) {
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<KindFilter>('all');
  const visibleSet = useMemo(() => new Set(visible), [visible]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return catalogue.filter((c) => (kind === 'all' || c.kind === kind) && (!q || c.key.toLowerCase().includes(q)));
  }, [catalogue, query, kind]);
  const counts = useMemo(() => ({ param: catalogue.filter((c) => c.kind === 'param').length, metric: catalogue.filter((c) => c.kind === 'metric').length }), [catalogue]);

  const toggle = (ref: RunColumnRef) => onChange(visibleSet.has(ref) ? visible.filter((c) => c !== ref) : [...visible, ref]);
  const showMatches = () => onChange([...visible, ...matches.map((m) => m.ref).filter((r) => !visibleSet.has(r))]);
  const hideMatches = () => {
    const hidden = new Set(matches.map((m) => m.ref));
    onChange(visible.filter((c) => !hidden.has(c)));
  };

  return (
    <Popover width={420} position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default" leftSection={<Columns3 size={14} />} data-testid="column-picker-open">
          Columns · {visible.length} of {formatCount(catalogue.length)}
        </Button>
      </Popover.Target>
      <Popover.Dropdown data-testid="column-picker">
        <Stack gap={6}>
          <TextInput
            size="xs"
            placeholder={`Search ${formatCount(counts.metric)} metrics and ${formatCount(counts.param)} params`}
            leftSection={<Search size={14} />}
            value={query}
            onChange={(e) => setQuery(e.currentTarget.value)}
            data-autofocus
            data-testid="column-picker-search"
          />
          <SegmentedControl
            size="xs"
            value={kind}
            onChange={(k) => setKind(k as KindFilter)}
            data={[
              { value: 'all', label: 'All' },
              { value: 'attr', label: 'Run' },
              { value: 'param', label: 'Params' },
              { value: 'metric', label: 'Metrics' },
            ]}
          />
          <ColumnList items={matches} visible={visibleSet} onToggle={toggle} />
          <Group justify="space-between" gap={4}>
            <Text size="xs" c="dimmed">
              {formatCount(matches.length)} match
            </Text>
            <Group gap={4}>
              <Button size="compact-xs" variant="subtle" onClick={showMatches} disabled={matches.length > 500} title={matches.length > 500 ? 'narrow the search to 500 or fewer first' : undefined}>
                Show all matches
              </Button>
              <Button size="compact-xs" variant="subtle" color="gray" onClick={hideMatches}>
                Hide matches
              </Button>
            </Group>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
