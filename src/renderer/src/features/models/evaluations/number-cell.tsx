// Table cells holding numbers: right-aligned in a monospace font so digits line up down the column; a figure with an
// interval puts the interval under the value in small type, so narrow columns never wrap a bracket.
import { Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { MetricWithInterval } from '../../../../../shared/evaluations';
import { formatMetric } from './evaluation-format';

export function NumberCell({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
      {children}
    </Table.Td>
  );
}

export function IntervalCell({ estimate }: { estimate: MetricWithInterval }) {
  return (
    <NumberCell>
      {formatMetric(estimate.value)}
      {estimate.low !== null && estimate.high !== null && (
        <Text size="xs" c="dimmed" ff="monospace">
          [{formatMetric(estimate.low)}, {formatMetric(estimate.high)}]
        </Text>
      )}
    </NumberCell>
  );
}
