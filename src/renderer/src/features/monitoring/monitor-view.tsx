// One monitor: its definition, its reports over time, its alert rules (and the form that adds one), its alerts.
import { Anchor, Badge, Button, Card, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Play, Plus } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { ALERT_METRICS, ALERT_SCOPES, type AlertMetric, type AlertRule, type AlertScope, type MonitorDefinition, type WindowSpec } from '../../../../shared/monitoring';
import { PageHeader } from '../../app/page-header';
import { formatTime } from '../../components/format';
import { KeyValueTable } from '../../components/key-value-table';
import { useMonitoring } from '../../stores';
import { ChartCard } from '../experiments/chart-card';
import { AlertsTable } from './alerts-table';
import { runsFigure } from './drift-charts';
import { goToMonitoring } from './monitoring-routes';
import { ReportJobPanel } from './report-job-panel';
import { ReportsTable } from './reports-table';

type Op = AlertRule['op'];
const OPS: Op[] = ['>', '>=', '<', '<='];

const METRIC_LABELS: Record<AlertMetric, string> = {
  drift_share: 'drifted share of columns',
  column_severity: "a column's drift severity",
  missing_rate: "a column's missing rate",
  estimated_performance: 'estimated performance (CBPE)',
  realised_performance: 'realised performance',
  multivariate_auc: 'multivariate AUC',
  prediction_drift: 'prediction drift (1 = drifted)',
};
const SCOPE_LABELS: Record<AlertScope, string> = { report: 'the whole report', latest_window: 'the newest window', any_window: 'any window' };
const needsColumn = (m: AlertMetric) => m === 'column_severity' || m === 'missing_rate';

function describeWindow(w: WindowSpec | undefined): string {
  if (!w) return 'none';
  if (w.kind === 'chunk') return `chunks of ${w.size.toLocaleString('en-US')} rows`;
  if (w.kind === 'versions') return w.from ? `one per version from v${w.from}` : 'one per version';
  return w.unit === 'custom' ? `${w.column}, every ${w.days} days` : `${w.column} by ${w.unit}`;
}

function Definition({ definition }: { definition: MonitorDefinition }) {
  const rows: [string, string][] = [
    ['Reference', `${definition.reference.dataset}@${definition.reference.version}`],
    ['Monitored dataset', `${definition.dataset} (newest version each run)`],
    ['Model', definition.model ?? 'none'],
    ['Label', definition.label ?? (definition.model ? "the model's target" : '—')],
    ['Windows', describeWindow(definition.window)],
    ['Columns', definition.columns ? definition.columns.join(', ') : 'every shared column'],
    ['Tests', definition.tests ? Object.entries(definition.tests).map(([c, t]) => `${c}: ${t.test}${t.threshold !== undefined ? ` ${t.threshold}` : ''}`).join(', ') : 'automatic'],
    ['Dataset drift at', `${definition.driftShare * 100}% of columns`],
    ['Multivariate', definition.multivariate ? 'on' : 'off'],
  ];
  return (
<KeyValueTable rows={rows} labelWidth={150} spacing={3} testId="monitor-definition" />
  );
}

function RuleForm({ monitor, columns }: { monitor: string; columns: string[] }) {
  const addRule = useMonitoring((s) => s.addRule);
  const [metric, setMetric] = useState<AlertMetric>('drift_share');
  const [column, setColumn] = useState<string | null>(null);
  const [op, setOp] = useState<Op>('>=');
  const [threshold, setThreshold] = useState<number | string>(0.5);
  const [scope, setScope] = useState<AlertScope>('report');
  const [retrain, setRetrain] = useState(false);
  const [name, setName] = useState('');
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    const ok = await addRule({
      monitor,
      metric,
      column: needsColumn(metric) ? (column ?? undefined) : undefined,
      op,
      threshold: Number(threshold),
      scope,
      retrain,
      name: name.trim() || undefined,
    });
    setSaving(false);
    if (ok) setName('');
  };

  return (
    <Stack gap="xs" data-testid="rule-form">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="xs">
        <Select
          size="xs"
          label="Metric"
          data={ALERT_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
          value={metric}
          onChange={(m) => m && setMetric(m as AlertMetric)}
          allowDeselect={false}
          data-testid="rule-metric"
        />
        <Select size="xs" label="Column" data={columns} value={column} onChange={setColumn} disabled={!needsColumn(metric)} placeholder={needsColumn(metric) ? 'pick' : 'not needed'} searchable data-testid="rule-column" />
        <Group gap={4} wrap="nowrap" align="flex-end">
          <Select size="xs" label="Op" data={OPS} value={op} onChange={(o) => o && setOp(o as Op)} allowDeselect={false} w={70} data-testid="rule-op" />
          <NumberInput size="xs" label="Threshold" value={threshold} onChange={setThreshold} decimalScale={6} data-testid="rule-threshold" />
        </Group>
        <Select
          size="xs"
          label="Scope"
          data={ALERT_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s] }))}
          value={scope}
          onChange={(s) => s && setScope(s as AlertScope)}
          allowDeselect={false}
          data-testid="rule-scope"
        />
      </SimpleGrid>
      <Group gap="md" align="flex-end">
        <TextInput size="xs" label="Rule name" placeholder="automatic" value={name} onChange={(e) => setName(e.currentTarget.value)} w={240} data-testid="rule-name" />
        <Switch mb={6} size="xs" label="Start a retraining run when it fires (a candidate, never promoted)" checked={retrain} onChange={(e) => setRetrain(e.currentTarget.checked)} data-testid="rule-retrain" />
        <Button size="xs" leftSection={<Plus size={14} />} loading={saving} onClick={() => void submit()} data-testid="rule-add">
          Add rule
        </Button>
      </Group>
    </Stack>
  );
}

function RulesTable({ rules }: { rules: AlertRule[] }) {
  if (rules.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="rules-empty">
        No rules yet: a rule turns a figure of each run into an alert.
      </Text>
    );
  }
  return (
    <Table fz="xs" verticalSpacing={3} data-testid="rules-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Rule</Table.Th>
          <Table.Th>Fires when</Table.Th>
          <Table.Th>Scope</Table.Th>
          <Table.Th>Retrain</Table.Th>
          <Table.Th>Id</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.map((r) => (
          <Table.Tr key={r.id} data-testid="rule-row">
            <Table.Td>{r.name}</Table.Td>
            <Table.Td ff="monospace">
              {r.metric}
              {r.column ? `(${r.column})` : ''} {r.op} {r.threshold}
            </Table.Td>
            <Table.Td>{SCOPE_LABELS[r.scope]}</Table.Td>
            <Table.Td>{r.retrain ? <Badge size="xs">retrains</Badge> : '—'}</Table.Td>
            <Table.Td ff="monospace" c="dimmed">
              {r.id}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function MonitorView({ id }: { id: string }) {
  const monitor = useMonitoring((s) => s.monitors.find((m) => m.id === id || m.definition.name === id));
  const loaded = useMonitoring((s) => s.loaded);
  const allReports = useMonitoring((s) => s.reports);
  const allAlerts = useMonitoring((s) => s.alerts);
  const runMonitor = useMonitoring((s) => s.runMonitor);
  const busy = useMonitoring((s) => s.task !== null);
  const opened = useMonitoring((s) => (monitor?.lastReport ? s.opened[monitor.lastReport.id] : undefined));
  const loadReport = useMonitoring((s) => s.loadReport);

  const reports = useMemo(() => allReports.filter((r) => r.monitorId === monitor?.id), [allReports, monitor?.id]);
  const alerts = useMemo(() => allAlerts.filter((a) => a.monitorId === monitor?.id), [allAlerts, monitor?.id]);
  const runs = useMemo(() => (monitor ? runsFigure(reports, monitor.definition.driftShare) : null), [reports, monitor]);

  // the rule form offers the columns of the newest report
  useEffect(() => {
    if (monitor?.lastReport) void loadReport(monitor.lastReport.id);
  }, [monitor?.lastReport, loadReport]);
  const columns = useMemo(() => opened?.columns.map((c) => c.column) ?? [], [opened]);

  if (!monitor) {
    return (
      <Text size="sm" c="dimmed" data-testid="monitor-missing">
        {loaded ? `No monitor ${id} in this project.` : 'Reading the monitor…'}
      </Text>
    );
  }
  const name = monitor.definition.name;
  return (
    <Stack gap="sm" data-testid="monitor-view">
      <PageHeader
        title={name}
        subtitle={`Monitor ${monitor.id} · created ${formatTime(monitor.createdAt)} by ${monitor.createdBy} · re-runs whenever a version of ${monitor.definition.dataset} is imported`}
        actions={
          <Button size="xs" leftSection={<Play size={14} />} onClick={() => void runMonitor(name)} disabled={busy} data-testid="monitor-run">
            Run now
          </Button>
        }
      />
      <ReportJobPanel succeeded={false} />
      {monitor.lastReport && (
        <Card withBorder padding="sm" data-testid="monitor-last" style={{ borderLeft: `6px solid var(--mantine-color-${monitor.lastReport.datasetDrift ? 'red' : 'teal'}-6)` }}>
          <Group gap="sm">
            <Badge size="lg" color={monitor.lastReport.datasetDrift ? 'red' : 'teal'}>
              {monitor.lastReport.datasetDrift ? 'Drift' : 'No drift'}
            </Badge>
            <Text size="sm">
              Latest run {formatTime(monitor.lastReport.createdAt)}: {(monitor.lastReport.share * 100).toFixed(0)}% of columns drifted, {monitor.lastReport.current} against{' '}
              {monitor.lastReport.reference}.
            </Text>
            <Anchor size="sm" onClick={() => goToMonitoring({ page: 'report', id: monitor.lastReport?.id ?? '' })} data-testid="monitor-last-open">
              Open the report
            </Anchor>
          </Group>
        </Card>
      )}
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="sm">
        <Card withBorder padding="sm">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
            Definition
          </Text>
          <Definition definition={monitor.definition} />
        </Card>
        <ChartCard title={`Runs over time (${reports.length})`} figure={runs} height={200} testId="monitor-runs" empty="No run yet." />
      </SimpleGrid>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Reports
        </Text>
        <ReportsTable reports={reports} />
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Alert rules
        </Text>
        <Stack gap="sm">
          <RulesTable rules={monitor.rules} />
          <RuleForm monitor={monitor.id} columns={columns} />
        </Stack>
      </Card>
      <Card withBorder padding="sm">
        <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={6}>
          Alerts ({alerts.length})
        </Text>
        <AlertsTable alerts={alerts} />
      </Card>
    </Stack>
  );
}
