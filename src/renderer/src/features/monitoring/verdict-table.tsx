// The per-column verdicts of a report, drifted columns first then by severity; a row opens the column's distributions.
import { Table, Text, Tooltip } from '@mantine/core';
import { useMemo } from 'react';
import type { DriftReport, ReportColumn } from '../../../../shared/monitoring';
import { formatNumber } from '../../components/format';
import { shownSeverity } from './drift-charts';

const num = (v: number | null) => (v === null ? '—' : Number.isFinite(v) ? formatNumber(v) : '∞');
const rate = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(v > 0 && v < 0.001 ? 2 : 1)}%`);

function byConcern(a: { column: ReportColumn }, b: { column: ReportColumn }): number {
  if (a.column.drift !== b.column.drift) return a.column.drift ? -1 : 1;
  return (shownSeverity(b.column) ?? -1) - (shownSeverity(a.column) ?? -1);
}

function NewCategories({ values, total }: { values: string[]; total: number }) {
  if (total === 0) return <>—</>;
  const shown = values.slice(0, 3).join(', ');
  return (
    <Tooltip label={values.slice(0, 30).join(', ')} multiline maw={320} withinPortal>
      <Text size="xs" truncate maw={160}>
        {total} ({shown}
        {total > 3 ? ', …' : ''})
      </Text>
    </Tooltip>
  );
}

export function VerdictTable({ report, selected, onSelect }: { report: DriftReport; selected: number | null; onSelect: (column: number) => void }) {
  const rows = useMemo(() => report.columns.map((column, index) => ({ column, index })).sort(byConcern), [report.columns]);
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover fz="xs" verticalSpacing={4} style={{ whiteSpace: 'nowrap' }} data-testid="verdict-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Column</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Test</Table.Th>
            <Table.Th ta="right">Statistic</Table.Th>
            <Table.Th ta="right">p-value</Table.Th>
            <Table.Th ta="right">Threshold</Table.Th>
            <Table.Th>Drift</Table.Th>
            <Table.Th ta="right">Missing ref</Table.Th>
            <Table.Th ta="right">Missing cur</Table.Th>
            <Table.Th>New categories</Table.Th>
            <Table.Th ta="right">Out of range</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ column: c, index }) => (
            <Table.Tr
              key={c.column}
              onClick={() => onSelect(index)}
              style={{ cursor: 'pointer' }}
              bg={selected === index ? 'blue.0' : undefined}
              data-testid="verdict-row"
              data-column={c.column}
              data-drift={c.drift}
            >
              <Table.Td fw={c.drift ? 600 : 400} miw={110} maw={220} style={{ whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
                {c.column}
              </Table.Td>
              <Table.Td c="dimmed">{c.type}</Table.Td>
              <Table.Td ff="monospace">{c.test ?? <Text span size="xs" c="dimmed" title={c.skipped ?? undefined}>none</Text>}</Table.Td>
              <Table.Td ta="right" ff="monospace">{num(c.statistic)}</Table.Td>
              <Table.Td ta="right" ff="monospace">{num(c.pValue)}</Table.Td>
              <Table.Td ta="right" ff="monospace">{num(c.threshold)}</Table.Td>
              <Table.Td>
                <Text span size="xs" fw={700} c={c.drift ? 'red.7' : 'teal.7'}>
                  {c.drift ? 'drift' : 'ok'}
                </Text>
              </Table.Td>
              <Table.Td ta="right" ff="monospace">{rate(c.missingRef)}</Table.Td>
              <Table.Td ta="right" ff="monospace" c={c.missingDrift ? 'red.7' : undefined} fw={c.missingDrift ? 700 : undefined} title={c.missingDrift ? `missing rate changed (p = ${num(c.missingPValue)})` : undefined}>
                {rate(c.missingCur)}
              </Table.Td>
              <Table.Td>
                <NewCategories values={c.newCategories} total={c.newCategoryCount} />
              </Table.Td>
              <Table.Td ta="right" ff="monospace" style={{ whiteSpace: 'normal' }}>
                {c.outOfRange ? `${formatNumber(c.outOfRange.below)} below · ${formatNumber(c.outOfRange.above)} above` : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
