// The Monitoring area: monitors, reports and alerts at a glance, and the report, monitor and new-report pages.
import { Anchor, Badge, Button, Card, Group, Stack, Table, Text } from '@mantine/core';
import { BellRing, FilePlus2, Radar } from 'lucide-react';
import { useEffect, useMemo } from 'react';
import { PageHeader } from '../../app/page-header';
import { ErrorBanner } from '../../components/error-banner';
import { formatTime } from '../../components/format';
import { useMonitoring } from '../../stores';
import { AlertsTable } from './alerts-table';
import { MonitorView } from './monitor-view';
import { goToMonitoring, type MonitoringRoute } from './monitoring-routes';
import { ReportForm } from './report-form';
import { ReportView } from './report-view';
import { ReportsTable } from './reports-table';

function MonitorsTable() {
  const monitors = useMonitoring((s) => s.monitors);
  if (monitors.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="monitors-empty">
        No monitor yet: a monitor re-runs its drift report each time a new version of its dataset is imported.
      </Text>
    );
  }
  return (
    <Table fz="xs" verticalSpacing={4} highlightOnHover data-testid="monitors-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Monitor</Table.Th>
          <Table.Th>Reference</Table.Th>
          <Table.Th>Dataset</Table.Th>
          <Table.Th>Model</Table.Th>
          <Table.Th>Latest run</Table.Th>
          <Table.Th ta="right">Runs</Table.Th>
          <Table.Th ta="right">Rules</Table.Th>
          <Table.Th ta="right">Alerts</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {monitors.map((m) => (
          <Table.Tr key={m.id} onClick={() => goToMonitoring({ page: 'monitor', id: m.id })} style={{ cursor: 'pointer' }} data-testid="monitor-row">
            <Table.Td fw={600}>{m.definition.name}</Table.Td>
            <Table.Td ff="monospace">
              {m.definition.reference.dataset}@{m.definition.reference.version}
            </Table.Td>
            <Table.Td>{m.definition.dataset}</Table.Td>
            <Table.Td ff="monospace">{m.definition.model ?? '—'}</Table.Td>
            <Table.Td>
              {m.lastReport ? (
                <Group gap={6} wrap="nowrap">
                  <Badge size="xs" color={m.lastReport.datasetDrift ? 'red' : 'teal'} variant={m.lastReport.datasetDrift ? 'filled' : 'light'}>
                    {m.lastReport.datasetDrift ? 'drift' : 'no drift'}
                  </Badge>
                  <Text size="xs" c="dimmed">
                    {formatTime(m.lastReport.createdAt)}
                  </Text>
                </Group>
              ) : (
                <Text size="xs" c="dimmed">
                  not run
                </Text>
              )}
            </Table.Td>
            <Table.Td ta="right">{m.reports}</Table.Td>
            <Table.Td ta="right">{m.rules.length}</Table.Td>
            <Table.Td ta="right" c={m.openAlerts > 0 ? 'red.7' : undefined} fw={m.openAlerts > 0 ? 700 : undefined}>
              {m.openAlerts || '—'}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Overview() {
  const reports = useMonitoring((s) => s.reports);
  const alerts = useMonitoring((s) => s.alerts);
  const monitors = useMonitoring((s) => s.monitors);
  const names = useMemo(() => Object.fromEntries(monitors.map((m) => [m.id, m.definition.name])), [monitors]);
  return (
    <Stack gap="sm">
      <PageHeader
        title="Monitoring"
        subtitle="Does the data feeding a model still look like the data it was trained on? Drift reports per column and over time, monitors that re-run on every import, alerts and retraining."
        actions={
          <Group gap="xs">
            <Button size="xs" leftSection={<FilePlus2 size={14} />} onClick={() => goToMonitoring({ page: 'new', mode: 'report' })} data-testid="monitoring-new-report">
              New drift report
            </Button>
            <Button size="xs" variant="default" leftSection={<Radar size={14} />} onClick={() => goToMonitoring({ page: 'new', mode: 'monitor' })} data-testid="monitoring-new-monitor">
              New monitor
            </Button>
          </Group>
        }
      />
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Monitors ({monitors.length})
        </Text>
        <MonitorsTable />
      </Card>
      <Card withBorder padding="sm">
        <Group gap={6} mb={6}>
          <BellRing size={14} />
          <Text size="xs" fw={700} c="dimmed" tt="uppercase">
            Alerts ({alerts.length})
          </Text>
        </Group>
        <AlertsTable alerts={alerts.slice(0, 20)} monitorNames={names} />
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Reports ({reports.length})
        </Text>
        <ReportsTable reports={reports} />
      </Card>
    </Stack>
  );
}

function Page({ route }: { route: MonitoringRoute }) {
  switch (route.page) {
    case 'overview':
      return <Overview />;
    case 'report':
      return <ReportView id={route.id} />;
    case 'monitor':
      return <MonitorView id={route.id} />;
    case 'new':
      return (
        <Stack gap="sm">
          <PageHeader title={route.mode === 'monitor' ? 'New monitor' : 'New drift report'} />
          <ReportForm mode={route.mode} />
        </Stack>
      );
  }
}

export function MonitoringArea({ route }: { route: MonitoringRoute }) {
  const load = useMonitoring((s) => s.load);
  const error = useMonitoring((s) => s.error);
  const dismissError = useMonitoring((s) => s.dismissError);
  useEffect(() => {
    void load();
  }, [load, route.page]);
  return (
    <Stack gap="sm" data-testid="monitoring-area">
      {route.page !== 'overview' && (
        <Anchor size="xs" onClick={() => goToMonitoring({ page: 'overview' })} data-testid="monitoring-back">
          ← Monitoring
        </Anchor>
      )}
      <ErrorBanner error={error} onClose={dismissError} />
      <Page route={route} />
    </Stack>
  );
}
