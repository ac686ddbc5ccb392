// Champion vs challenger: each metric side by side with its bootstrap interval and the difference, how often they
// agree, the first rows where they do not, and the latency of each.
import { Badge, Card, Stack, Table, Text } from '@mantine/core';
import type { ComparisonBody, MetricWithInterval } from '../../../../../shared/evaluations';
import { formatMs } from './evaluation-format';
import { IntervalCell, NumberCell } from './number-cell';
import { RuntimeUsedLine } from './runtime-used';

/** a difference whose interval leaves out zero is told apart from one that may be chance */
const excludesZero = (d: MetricWithInterval) => d.low !== null && d.high !== null && (d.low > 0 || d.high < 0);

export function ComparisonView({ body, champion, challenger }: { body: ComparisonBody; champion: string; challenger: string }) {
  return (
    <Stack gap="sm" data-testid="comparison-view">
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <RuntimeUsedLine runtime={body.runtime} />
          <Text size="sm" data-testid="comparison-agreement">
            {body.rows.toLocaleString('en-US')} rows; they agree on <b>{(body.agreement * 100).toFixed(1)}%</b> ({body.disagreements.toLocaleString('en-US')} disagree). Median latency
            per row: {champion} {formatMs(body.latency.champion)}, {challenger} {formatMs(body.latency.challenger)}.
          </Text>
          {body.metrics.length > 0 ? (
            <Table withTableBorder fz="sm" data-testid="comparison-metrics">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>metric{body.target && ` vs ${body.target}`}</Table.Th>
                  <Table.Th ta="right">champion {champion}</Table.Th>
                  <Table.Th ta="right">challenger {challenger}</Table.Th>
                  <Table.Th ta="right">challenger − champion</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {body.metrics.map((m) => (
                  <Table.Tr key={m.name}>
                    <Table.Td>{m.name}</Table.Td>
                    <IntervalCell estimate={m.champion} />
                    <IntervalCell estimate={m.challenger} />
                    <IntervalCell estimate={m.difference} />
                    <Table.Td>
                      {excludesZero(m.difference) && (
                        <Badge size="xs" variant="light" color="grape">
                          interval excludes 0
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <Text size="sm" c="dimmed">
              No label column was given: agreement only.
            </Text>
          )}
        </Stack>
      </Card>
      {body.disagreeing.length > 0 && (
        <Card withBorder padding="sm">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
            Rows where they disagree (first {body.disagreeing.length})
          </Text>
          <Table.ScrollContainer minWidth={400} mah={300}>
            <Table striped fz="sm" w="auto" horizontalSpacing="lg" data-testid="comparison-disagreeing">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th ta="right">row (0-based)</Table.Th>
                  <Table.Th>champion {champion}</Table.Th>
                  <Table.Th>challenger {challenger}</Table.Th>
                  <Table.Th>truth{body.target && ` (${body.target})`}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {body.disagreeing.map((d) => (
                  <Table.Tr key={d.row}>
                    <NumberCell>{d.row}</NumberCell>
                    <Table.Td ff="monospace">{String(d.champion)}</Table.Td>
                    <Table.Td ff="monospace">{String(d.challenger)}</Table.Td>
                    <Table.Td ff="monospace">{d.truth === null ? '—' : String(d.truth)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
