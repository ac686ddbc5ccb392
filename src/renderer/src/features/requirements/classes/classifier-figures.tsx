// A classifier's figures: its cross-validated means (overall first, then F1 per class), and a retrained candidate
// against the classifier in use on the same held-out rows.
import { Badge, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { HeldOutComparison as HeldOutComparisonResult, HeldOutFigures } from '../../../../../shared/requirements-classes';

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

/** Below this many rows a held-out figure moves by several points with one row: the table says so. */
const FEW_ROWS = 30;

/** One side-by-side table: the candidate and one baseline on the same rows. */
function FiguresTable({ rowsLabel, candidate, current, currentLabel, testId }: { rowsLabel: string; candidate: HeldOutFigures; current: HeldOutFigures | null; currentLabel: string; testId: string }) {
  const rows: [string, (f: HeldOutFigures) => number][] = [
    ['accuracy', (f) => f.accuracy],
    ['f1_macro', (f) => f.f1_macro],
  ];
  return (
    <Table fz="xs" withTableBorder data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{rowsLabel}</Table.Th>
          <Table.Th data-testid={`${testId}-candidate`}>candidate {candidate.model}</Table.Th>
          <Table.Th data-testid={`${testId}-current`}>{currentLabel}</Table.Th>
          <Table.Th>change</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(([name, of]) => (
          <Table.Tr key={name} data-testid={`${testId}-row`} data-key={name}>
            <Table.Td c="dimmed">{name}</Table.Td>
            <Table.Td ff="monospace">{figure(of(candidate))}</Table.Td>
            <Table.Td ff="monospace">{current ? figure(of(current)) : '—'}</Table.Td>
            <Table.Td>{current ? <Delta candidate={of(candidate)} current={of(current)} /> : '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * The retraining's comparison: training sets on rows neither saw (the current set trained again without them), and,
 * where there are such rows, the current classifier file itself on the held-out rows it never learnt from.
 */
export function HeldOutComparison({ heldOut }: { heldOut: HeldOutComparisonResult }) {
  const { candidate, current, unseenByCurrent } = heldOut;
  return (
    <Stack gap={4}>
      <FiguresTable
        testId="held-out"
        rowsLabel={`on ${candidate.rows} held-out rows`}
        candidate={candidate}
        current={current}
        currentLabel={current ? `current ${current.model}` : 'current: none (the first version, or one imported without its training set)'}
      />
      {current && (
        <Text size="xs" c="dimmed" data-testid="held-out-caveat">
          Neither side saw these rows: the current column is the current version's training set trained again by the same recipe without them, not its file, which may have learnt from them.
        </Text>
      )}
      {unseenByCurrent ? (
        <FiguresTable
          testId="held-out-unseen"
          rowsLabel={`on the ${unseenByCurrent.current.rows} held-out rows the current file never saw${unseenByCurrent.current.rows < FEW_ROWS ? ' (too few to judge by)' : ''}`}
          candidate={unseenByCurrent.candidate}
          current={unseenByCurrent.current}
          currentLabel={`current file ${unseenByCurrent.current.model}`}
        />
      ) : (
        current && (
          <Text size="xs" c="dimmed" data-testid="held-out-unseen-none">
            The current file saw every held-out row, so it is compared through its training set only.
          </Text>
        )
      )}
    </Stack>
  );
}
