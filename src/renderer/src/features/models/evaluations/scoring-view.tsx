// A scoring evaluation: the metrics of the predictions against the label column, where they were stored, and how
// long scoring took on which provider.
import { Card, Group, Stack, Table, Text } from '@mantine/core';
import type { ScoringBody } from '../../../../../shared/evaluations';
import { DatasetVersionLink } from './dataset-version-link';
import { formatMetric } from './evaluation-format';
import { NumberCell } from './number-cell';
import { RuntimeUsedLine } from './runtime-used';

export function ScoringView({ body }: { body: ScoringBody }) {
  return (
    <Card withBorder padding="sm" data-testid="scoring-view">
      <Stack gap="sm">
        <Group gap="xs">
          <Text size="sm">
            {body.rows.toLocaleString('en-US')} rows scored in {body.seconds.toFixed(2)} s; predictions in
          </Text>
          <DatasetVersionLink id={body.output} tab="preview" testId="scoring-output" />
        </Group>
        <RuntimeUsedLine runtime={body.runtime} />
        {body.metrics ? (
          // as wide as its text: a Stack would stretch it and part each metric from its value
          <Table withTableBorder fz="sm" w="auto" miw={320} style={{ alignSelf: 'flex-start' }} data-testid="scoring-metrics">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{body.metrics.task} metric vs {body.metrics.target}</Table.Th>
                <Table.Th ta="right">value</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {Object.entries(body.metrics.metrics).map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Td>{name}</Table.Td>
                  <NumberCell>{formatMetric(value)}</NumberCell>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        ) : (
          <Text size="sm" c="dimmed">
            No label column was given, so no metrics were computed.
          </Text>
        )}
      </Stack>
    </Card>
  );
}
