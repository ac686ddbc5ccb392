// A classifier's figures: its cross-validated means (overall first, then F1 per class), and a retrained candidate
// against the classifier in use on the same held-out rows.
import { Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { HeldOutFigures } from '../../../../../shared/requirements-classes';

/** the overall figures, in this order; every other key (f1_<class>, ...) follows alphabetically */
const OVERALL = ['accuracy', 'f1_macro', 'precision_macro', 'recall_macro'];

const figure = (value: number) => value.toFixed(3);

export function CvFigures({ metrics, testId }: { metrics: Record<string, number>; testId: string }) {
  const keys = Object.keys(metrics);
  if (keys.length === 0) {
    return (
      <Text size="xs" c="dimmed" data-testid={testId}>
        No cross-validated figures recorded.
      </Text>
    );
  }
  const overall = OVERALL.flatMap((k) => [k, `cv_${k}`]).filter((k) => k in metrics);
  const rest = keys.filter((k) => !overall.includes(k)).sort();
  return (
    <Stack gap={6} data-testid={testId}>
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        {overall.map((k) => (
          <div key={k} data-testid="cv-figure" data-key={k}>
            <Text size="xs" c="dimmed">
              {k}
            </Text>
            <Text size="lg" fw={600} ff="monospace">
              {figure(metrics[k] ?? 0)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {rest.length > 0 && (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing={4} verticalSpacing={2}>
          {rest.map((k) => (
            <Text key={k} size="xs" ff="monospace" data-testid="cv-figure" data-key={k}>
              <Text span c="dimmed" size="xs">
                {k}
              </Text>{' '}
              {figure(metrics[k] ?? 0)}
            </Text>
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}

function Delta({ candidate, current }: { candidate: number; current: number }) {
  const delta = candidate - current;
  // three decimals are what the figures show: a smaller change reads as none
  const color = Math.abs(delta) < 0.0005 ? 'gray' : delta > 0 ? 'teal' : 'red';
  return (
    <Badge size="sm" variant="light" color={color} ff="monospace">
      {delta >= 0 ? '+' : ''}
      {delta.toFixed(3)}
    </Badge>
  );
}

export function HeldOutComparison({ candidate, current }: { candidate: HeldOutFigures; current: HeldOutFigures | null }) {
  const rows: [string, (f: HeldOutFigures) => number][] = [
    ['accuracy', (f) => f.accuracy],
    ['f1_macro', (f) => f.f1_macro],
  ];
  return (
    <Stack gap={4}>
      <Table fz="xs" withTableBorder data-testid="held-out">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>on {candidate.rows} held-out rows</Table.Th>
            <Table.Th data-testid="held-out-candidate">candidate {candidate.model}</Table.Th>
            <Table.Th data-testid="held-out-current">{current ? `current ${current.model}` : 'current: none (the first version)'}</Table.Th>
            <Table.Th>change</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(([name, of]) => (
            <Table.Tr key={name} data-testid="held-out-row" data-key={name}>
              <Table.Td c="dimmed">{name}</Table.Td>
              <Table.Td ff="monospace">{figure(of(candidate))}</Table.Td>
              <Table.Td ff="monospace">{current ? figure(of(current)) : '—'}</Table.Td>
              <Table.Td>{current ? <Delta candidate={of(candidate)} current={of(current)} /> : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {current && (
        <Text size="xs" c="dimmed" data-testid="held-out-caveat">
          Neither side saw these rows: the current column is the current version's training set trained again by the same recipe without them, not its file, which may have learnt from them.
        </Text>
      )}
    </Stack>
  );
}
