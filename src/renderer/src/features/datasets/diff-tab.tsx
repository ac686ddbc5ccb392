// Diff: pick two versions and see rows added and removed, columns added, removed and retyped, and changed statistics.
import { Badge, Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { ArrowRight } from 'lucide-react';
import { useEffect, useState } from 'react';
import type { ColumnSchema, ColumnType, DatasetVersionInfo, StatChange } from '../../../../shared/domain';
import { formatCount, formatNumber, formatSpan, formatStat } from '../../components/format';
import { useDatasets } from '../../stores';

function Figure({ label, value, color, testId }: { label: string; value: string; color?: string; testId: string }) {
  return (
    <Card withBorder padding="xs">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} ff="monospace" c={color} data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function ColumnList({ label, columns, color, testId }: { label: string; columns: string[]; color: string; testId: string }) {
  return (
    <Group gap={6} data-testid={testId} data-count={columns.length}>
      <Text size="sm" fw={500} w={170}>
        {label} ({columns.length})
      </Text>
      {columns.length === 0 ? (
        <Text size="sm" c="dimmed">
          none
        </Text>
      ) : (
        columns.map((c) => (
          <Badge key={c} color={color} variant="light" tt="none">
            {c}
          </Badge>
        ))
      )}
    </Group>
  );
}

function delta(change: StatChange, type: ColumnType | undefined): string {
  if (typeof change.from !== 'number' || typeof change.to !== 'number') return '';
  const d = change.to - change.from;
  const text = type === 'datetime' ? formatSpan(d) : formatNumber(d);
  return d > 0 ? `+${text}` : text;
}

const describe = (c: ColumnSchema) => `${c.name}: ${c.type}`;

export function DiffTab({ dataset, versions, selected }: { dataset: string; versions: DatasetVersionInfo[]; selected: number }) {
  const diffEntry = useDatasets((s) => s.diff);
  const loadDiff = useDatasets((s) => s.loadDiff);
  const previous = versions.filter((v) => v.version < selected).at(-1)?.version ?? selected;
  const [from, setFrom] = useState(previous);
  const [to, setTo] = useState(selected);
  const key = `${dataset}@${from}..${to}`;
  const diff = diffEntry?.key === key ? diffEntry.data : null;

  useEffect(() => {
    void loadDiff(dataset, from, to);
  }, [dataset, from, to, loadDiff]);

  const types = new Map<string, ColumnType>(versions.find((v) => v.version === to)?.columns.map((c) => [c.name, c.type]));
  const options = versions.map((v) => ({ value: String(v.version), label: `Version ${v.version}` }));
  return (
    <Stack gap="md">
      <Group gap="xs" align="flex-end">
        <Select label="From" data={options} value={String(from)} onChange={(v) => v && setFrom(Number(v))} w={150} allowDeselect={false} data-testid="diff-from" />
        <ArrowRight size={16} style={{ marginBottom: 10 }} />
        <Select label="To" data={options} value={String(to)} onChange={(v) => v && setTo(Number(v))} w={150} allowDeselect={false} data-testid="diff-to" />
      </Group>
      {versions.length < 2 && (
        <Text size="sm" c="dimmed">
          This dataset has one version: import a changed file under the same name to compare.
        </Text>
      )}
      {!diff ? (
        <Loader size="sm" />
      ) : (
        <>
          <SimpleGrid cols={4} spacing="sm">
            <Figure label={`Rows in v${diff.from}`} value={formatCount(diff.rowsFrom)} testId="diff-rows-from" />
            <Figure label={`Rows in v${diff.to}`} value={formatCount(diff.rowsTo)} testId="diff-rows-to" />
            <Figure label="Rows added" value={`+${formatCount(diff.rowsAdded)}`} color="teal.8" testId="diff-rows-added" />
            <Figure label="Rows removed" value={`−${formatCount(diff.rowsRemoved)}`} color="red.8" testId="diff-rows-removed" />
          </SimpleGrid>
          {diff.rowsComparedOn && (
            <Text size="xs" c="dimmed" mt={-8} data-testid="diff-compared-on">
              The versions have different columns, so rows are compared on the {diff.rowsComparedOn.length} columns both share with the same type
              {diff.rowsComparedOn.length > 0 && diff.rowsComparedOn.length <= 8 ? `: ${diff.rowsComparedOn.join(', ')}` : ''}.
            </Text>
          )}
          <Card withBorder padding="sm">
            <Stack gap={8}>
              <ColumnList label="Columns added" columns={diff.columnsAdded.map(describe)} color="teal" testId="diff-columns-added" />
              <ColumnList label="Columns removed" columns={diff.columnsRemoved.map(describe)} color="red" testId="diff-columns-removed" />
              <ColumnList
                label="Columns retyped"
                columns={diff.columnsRetyped.map((c) => `${c.name}: ${c.from} → ${c.to}`)}
                color="orange"
                testId="diff-columns-retyped"
              />
            </Stack>
          </Card>
          <Table withTableBorder striped verticalSpacing={4} fz="xs" bg="white" data-testid="diff-stats">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column</Table.Th>
                <Table.Th w={90}>Statistic</Table.Th>
                <Table.Th ta="right" w={140}>
                  v{diff.from}
                </Table.Th>
                <Table.Th ta="right" w={140}>
                  v{diff.to}
                </Table.Th>
                <Table.Th ta="right" w={110}>
                  Change
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {diff.statChanges.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={5} c="dimmed">
                    No statistic changed.
                  </Table.Td>
                </Table.Tr>
              )}
              {diff.statChanges.map((c) => (
                <Table.Tr key={`${c.column}.${c.stat}`} data-testid="diff-stat-row">
                  <Table.Td fw={500}>{c.column}</Table.Td>
                  <Table.Td>{c.stat}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatStat(c.from, types.get(c.column), c.stat)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {formatStat(c.to, types.get(c.column), c.stat)}
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {delta(c, types.get(c.column))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
