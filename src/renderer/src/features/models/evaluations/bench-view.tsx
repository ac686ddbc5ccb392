// A benchmark: p50/p95/p99 latency and throughput per provider and batch size, the same as plots against batch
// size, the providers that could not run, and the machine it ran on.
import { Card, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useMemo } from 'react';
import type { BenchmarkBody } from '../../../../../shared/evaluations';
import { ChartCard } from '../../experiments/chart-card';
import { latencyFigure, throughputFigure } from './evaluation-charts';
import { formatMs } from './evaluation-format';
import { NumberCell } from './number-cell';

function MachineLine({ body }: { body: BenchmarkBody }) {
  const m = body.machine;
  return (
    <Text size="xs" c="dimmed" data-testid="bench-machine">
      {m.cpu} · {m.cores} cores · {m.memoryGb.toFixed(0)} GB · {m.os} · Node {m.node} · onnxruntime {m.onnxruntime} · providers:{' '}
      {m.providers.map((p) => `${p.name} ${p.available ? 'available' : 'unavailable'}${p.detail ? ` (${p.detail})` : ''}`).join(', ')}
    </Text>
  );
}

export function BenchView({ body }: { body: BenchmarkBody }) {
  const latency = useMemo(() => latencyFigure(body), [body]);
  const throughput = useMemo(() => throughputFigure(body), [body]);
  const points = body.points.slice().sort((a, b) => a.provider.localeCompare(b.provider) || a.batchSize - b.batchSize);
  return (
    <Stack gap="sm" data-testid="bench-view">
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <Text size="sm">
            {body.inputs === 'dataset' ? 'Rows from the dataset version' : 'Synthetic inputs from the model’s shapes'}, {body.warmup} warm-up run
            {body.warmup === 1 ? '' : 's'} per batch size before timing.
          </Text>
          {body.unavailable.map((u) => (
            <Text key={u.provider} size="sm" c="orange" data-testid="bench-unavailable">
              {u.provider} not measured: {u.reason}
            </Text>
          ))}
          <Table withTableBorder striped fz="sm" data-testid="bench-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>provider</Table.Th>
                <Table.Th ta="right">batch</Table.Th>
                <Table.Th ta="right">runs</Table.Th>
                <Table.Th ta="right">p50</Table.Th>
                <Table.Th ta="right">p95</Table.Th>
                <Table.Th ta="right">p99</Table.Th>
                <Table.Th ta="right">mean</Table.Th>
                <Table.Th ta="right">rows / s</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((p) => (
                <Table.Tr key={`${p.provider}-${p.batchSize}`}>
                  <Table.Td>{p.provider}</Table.Td>
                  <NumberCell>{p.batchSize}</NumberCell>
                  <NumberCell>{p.runs}</NumberCell>
                  <NumberCell>{formatMs(p.p50Ms)}</NumberCell>
                  <NumberCell>{formatMs(p.p95Ms)}</NumberCell>
                  <NumberCell>{formatMs(p.p99Ms)}</NumberCell>
                  <NumberCell>{formatMs(p.meanMs)}</NumberCell>
                  <NumberCell>{Math.round(p.rowsPerSecond).toLocaleString('en-US')}</NumberCell>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <MachineLine body={body} />
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
        <ChartCard title="Latency vs batch size" figure={latency} height={260} testId="bench-latency" />
        <ChartCard title="Throughput vs batch size" figure={throughput} height={260} testId="bench-throughput" />
      </SimpleGrid>
    </Stack>
  );
}
