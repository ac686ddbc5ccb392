// A table cell holding a number: right-aligned in a monospace font, so digits line up down the column.
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export function NumberCell({ children }: { children: ReactNode }) {
  return (
    <Table.Td ta="right" ff="monospace">
      {children}
    </Table.Td>
  );
}
