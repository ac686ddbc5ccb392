// Stored drift reports as a table, newest first: what was compared, the verdict, windows and alerts; a row opens it.
import { Badge, Table, Text } from '@mantine/core';
import type { DriftReportSummary } from '../../../../shared/monitoring';
import { formatTime } from '../../components/format';
import { goToMonitoring } from './monitoring-routes';

export function ReportsTable({ reports }: { reports: DriftReportSummary[] }) {
  if (reports.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="reports-empty">
        No drift report yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table fz="xs" verticalSpacing={4} highlightOnHover data-testid="reports-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Report</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Reference → current</Table.Th>
            <Table.Th>Model</Table.Th>
            <Table.Th>Verdict</Table.Th>
            <Table.Th ta="right">Windows</Table.Th>
            <Table.Th ta="right">Alerts</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.map((r) => (
            <Table.Tr key={r.id} onClick={() => goToMonitoring({ page: 'report', id: r.id })} style={{ cursor: 'pointer' }} data-testid="report-row" data-drift={r.datasetDrift}>
              <Table.Td fw={500}>{r.name}</Table.Td>
              <Table.Td>{formatTime(r.createdAt)}</Table.Td>
              <Table.Td ff="monospace">
                {r.reference} → {r.current}
              </Table.Td>
              <Table.Td ff="monospace">{r.model ?? '—'}</Table.Td>
              <Table.Td>
                <Badge size="xs" color={r.datasetDrift ? 'red' : 'teal'} variant={r.datasetDrift ? 'filled' : 'light'}>
                  {r.datasetDrift ? 'drift' : 'no drift'} · {(r.share * 100).toFixed(0)}%
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{r.windows || '—'}</Table.Td>
              <Table.Td ta="right" c={r.alerts > 0 ? 'red.7' : undefined} fw={r.alerts > 0 ? 700 : undefined}>
                {r.alerts || '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
