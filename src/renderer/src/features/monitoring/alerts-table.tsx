// Alerts as a table: when, which rule, the figure that crossed, the report it fired on, and its retraining run.
import { Anchor, Badge, Table, Text } from '@mantine/core';
import { succeededAs } from '../../../../shared/jobs';
import type { AlertInfo } from '../../../../shared/monitoring';
import { formatNumber, formatTime } from '../../components/format';
import { useJobs } from '../../stores';
import { goTo } from '../experiments/experiments-routes';
import { JobStateBadge } from '../jobs/job-row';
import { goToMonitoring } from './monitoring-routes';

function Retraining({ alert }: { alert: AlertInfo }) {
  const job = useJobs((s) => (alert.retrainJobId ? s.jobs.find((j) => j.id === alert.retrainJobId) : undefined));
  // the run is on the alert once recorded; until the lists refresh, the finished job already names it
  const runId = alert.retrainRunId ?? (job && succeededAs(job, 'train') ? job.result.run : null);
  if (runId) {
    return (
      <Anchor size="xs" onClick={() => goTo({ page: 'run', id: runId, tab: 'overview' })} data-testid="alert-retrain-run">
        candidate run
      </Anchor>
    );
  }
  if (alert.retrainJobId) return job ? <JobStateBadge state={job.state} /> : <Text size="xs">job started</Text>;
  return (
    <Text size="xs" c="dimmed">
      —
    </Text>
  );
}

export function AlertsTable({ alerts, monitorNames }: { alerts: AlertInfo[]; monitorNames?: Record<string, string> }) {
  if (alerts.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="alerts-empty">
        No alert has fired.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table fz="xs" verticalSpacing={4} striped data-testid="alerts-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Fired</Table.Th>
            {monitorNames && <Table.Th>Monitor</Table.Th>}
            <Table.Th>Rule</Table.Th>
            <Table.Th ta="right">Value</Table.Th>
            <Table.Th>Window</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th>Report</Table.Th>
            <Table.Th>Retraining</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {alerts.map((a) => (
            <Table.Tr key={a.id} data-testid="alert-row" data-rule={a.ruleId}>
              <Table.Td>{formatTime(a.firedAt)}</Table.Td>
              {monitorNames && (
                <Table.Td>
                  <Anchor size="xs" onClick={() => goToMonitoring({ page: 'monitor', id: a.monitorId })}>
                    {monitorNames[a.monitorId] ?? a.monitorId}
                  </Anchor>
                </Table.Td>
              )}
              <Table.Td>
                <Badge size="xs" color="red" variant="light" tt="none">
                  {a.ruleName}
                </Badge>
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {formatNumber(a.value)}
              </Table.Td>
              <Table.Td>{a.window ?? 'whole report'}</Table.Td>
              <Table.Td maw={320} style={{ overflowWrap: 'anywhere' }}>
                {a.message}
              </Table.Td>
              <Table.Td>
                <Anchor size="xs" onClick={() => goToMonitoring({ page: 'report', id: a.reportId })}>
                  open
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Retraining alert={a} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
