// A two-column table of labelled facts (a model version's lineage, a monitor's definition): dimmed labels, values beside.
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export function KeyValueTable({ rows, labelWidth, spacing, testId }: { rows: [string, ReactNode][]; labelWidth: number; spacing: number; testId?: string }) {
  return (
    <Table fz="xs" verticalSpacing={spacing} data-testid={testId}>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Td c="dimmed" w={labelWidth}>
              {k}
            </Table.Td>
            <Table.Td>{v}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
