// The form behind a new drift report and a new monitor: what to compare, with which model, over which windows, and
// any per-column test instead of the automatic choice. A report runs at once; a monitor is saved (and run once).
import { ActionIcon, Button, Card, Group, NumberInput, SegmentedControl, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { Play, Plus, Save, X } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { DatasetVersionInfo } from '../../../../shared/domain';
import { DRIFT_TESTS, type ColumnTestOverride, type DatasetVersionRef, type DriftTest, type WindowSpec } from '../../../../shared/monitoring';
import { DatasetVersionPicker } from '../../components/dataset-version-picker';
import { useDatasets, useMonitoring } from '../../stores';
import { goToMonitoring, type NewMode } from './monitoring-routes';
import { ReportJobPanel } from './report-job-panel';

type WindowKind = 'none' | 'time' | 'chunk' | 'versions';
type TimeUnit = 'day' | 'week' | 'month' | 'custom';

interface OverrideRow {
  column: string | null;
  test: DriftTest;
  threshold: number | string;
}

function useVersions(dataset: string | null): DatasetVersionInfo[] {
  const versions = useDatasets((s) => (dataset ? s.versions[dataset] : undefined));
  const loadVersions = useDatasets((s) => s.loadVersions);
  useEffect(() => {
    if (dataset) void loadVersions(dataset);
  }, [dataset, loadVersions]);
  return versions ?? [];
}

function windowOf(kind: WindowKind, column: string | null, unit: TimeUnit, days: number | string, chunk: number | string, from: number | string): WindowSpec | undefined | string {
  switch (kind) {
    case 'none':
      return undefined;
    case 'time':
      if (!column) return 'pick the datetime column to window by';
      if (unit === 'custom') return Number(days) > 0 ? { kind: 'time', column, unit, days: Number(days) } : 'give the custom window a length in days';
      return { kind: 'time', column, unit };
    case 'chunk':
      return Number(chunk) >= 1 ? { kind: 'chunk', size: Math.floor(Number(chunk)) } : 'give the chunk size in rows';
    case 'versions':
      return from === '' ? { kind: 'versions' } : { kind: 'versions', from: Number(from) };
  }
}

export function ReportForm({ mode }: { mode: NewMode }) {
  const datasets = useDatasets((s) => s.list);
  const loadList = useDatasets((s) => s.loadList);
  const models = useMonitoring((s) => s.models);
  const loadModels = useMonitoring((s) => s.loadModels);
  const startReport = useMonitoring((s) => s.startReport);
  const createMonitor = useMonitoring((s) => s.createMonitor);
  const runMonitor = useMonitoring((s) => s.runMonitor);
  const busy = useMonitoring((s) => s.task !== null);

  const [name, setName] = useState('');
  const [reference, setReference] = useState<DatasetVersionRef | null>(null);
  const [current, setCurrent] = useState<DatasetVersionRef | null>(null);
  const [monitored, setMonitored] = useState<string | null>(null);
  const [model, setModel] = useState<string | null>(null);
  const [label, setLabel] = useState<string | null>(null);
  const [windowKind, setWindowKind] = useState<WindowKind>(mode === 'monitor' ? 'versions' : 'none');
  const [timeColumn, setTimeColumn] = useState<string | null>(null);
  const [unit, setUnit] = useState<TimeUnit>('week');
  const [days, setDays] = useState<number | string>(7);
  const [chunk, setChunk] = useState<number | string>(1000);
  const [from, setFrom] = useState<number | string>('');
  const [driftShare, setDriftShare] = useState<number | string>(0.5);
  const [multivariate, setMultivariate] = useState(true);
  const [runNow, setRunNow] = useState(true);
  const [overrides, setOverrides] = useState<OverrideRow[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  const dismissOutcome = useMonitoring((s) => s.dismissOutcome);
  useEffect(() => {
    void loadList();
    void loadModels();
    // how an earlier report ended belongs to that report, not to this fresh form (on opening only: `busy` turning
    // false when this form's own job ends must not hide its outcome, so it is not a dependency)
    if (!busy) dismissOutcome();
  }, [loadList, loadModels, dismissOutcome]);
  useEffect(() => {
    // start from the first dataset on every side: most reports compare two versions of one dataset
    if (datasets.length === 0) return;
    const first = datasets[0].name;
    setReference((r) => r ?? { dataset: first, version: 0 });
    setCurrent((c) => c ?? { dataset: first, version: 0 });
    setMonitored((m) => m ?? first);
  }, [datasets]);

  // the columns the choices below offer: the current side's (a monitor's: its dataset's newest version)
  const currentDataset = mode === 'monitor' ? monitored : (current?.dataset ?? null);
  const currentVersions = useVersions(currentDataset);
  const columns = useMemo(() => {
    const chosen = mode === 'report' && current ? currentVersions.find((v) => v.version === current.version) : currentVersions[currentVersions.length - 1];
    return chosen?.columns ?? [];
  }, [mode, current, currentVersions]);
  const dateColumns = columns.filter((c) => c.type === 'datetime').map((c) => c.name);

  const submit = async () => {
    const spec = windowOf(windowKind, timeColumn, unit, days, chunk, from);
    const tests: Record<string, ColumnTestOverride> = {};
    for (const o of overrides) {
      if (!o.column) continue;
      tests[o.column] = o.threshold === '' ? { test: o.test } : { test: o.test, threshold: Number(o.threshold) };
    }
    const missing = !reference || reference.version === 0 ? 'pick the reference version' : mode === 'report' && (!current || current.version === 0) ? 'pick the current version' : mode === 'monitor' && !name.trim() ? 'name the monitor' : null;
    const found = typeof spec === 'string' ? spec : missing;
    setProblem(found);
    if (found !== null || typeof spec === 'string' || !reference) return;
    const common = {
      reference,
      model: model ?? undefined,
      label: label ?? undefined,
      tests: Object.keys(tests).length > 0 ? tests : undefined,
      driftShare: Number(driftShare),
      window: spec,
      multivariate,
    };
    if (mode === 'report' && current) {
      await startReport({ ...common, current, name: name.trim() || undefined });
      return;
    }
    if (!monitored) return;
    const monitor = await createMonitor({ ...common, name: name.trim(), dataset: monitored });
    if (!monitor) return;
    if (runNow) await runMonitor(monitor.definition.name);
    goToMonitoring({ page: 'monitor', id: monitor.id });
  };

  const setOverride = (i: number, patch: Partial<OverrideRow>) => setOverrides(overrides.map((o, j) => (j === i ? { ...o, ...patch } : o)));

  return (
    <Stack gap="sm" maw={760}>
      <Card withBorder padding="sm" data-testid="report-form">
        <Stack gap="sm">
          <SegmentedControl
            size="xs"
            fullWidth
            value={mode}
            onChange={(m) => goToMonitoring({ page: 'new', mode: m as NewMode })}
            data={[
              { value: 'report', label: 'One report: reference vs current' },
              { value: 'monitor', label: 'A monitor: re-run on every new version' },
            ]}
            data-testid="report-form-mode"
          />
          <TextInput
            size="xs"
            label={mode === 'monitor' ? 'Monitor name' : 'Report name'}
            placeholder={mode === 'monitor' ? 'e.g. readings-weekly' : 'automatic'}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="report-form-name"
          />
          <DatasetVersionPicker label="Reference dataset" value={reference} onChange={setReference} testId="report-form-reference" />
          {mode === 'report' ? (
            <DatasetVersionPicker label="Current dataset" value={current} onChange={setCurrent} testId="report-form-current" />
          ) : (
            <Select
              size="xs"
              label="Monitored dataset (each run compares its newest version)"
              data={datasets.map((d) => d.name)}
              value={monitored}
              onChange={setMonitored}
              allowDeselect={false}
              searchable
              data-testid="report-form-monitored"
            />
          )}
          <SimpleGrid cols={2} spacing="xs">
            <Select
              size="xs"
              label="Model version (prediction drift, CBPE)"
              placeholder="none"
              data={models.map((m) => ({ value: m.id, label: `${m.id}${m.aliases.length > 0 ? ` (${m.aliases.join(', ')})` : ''}${m.trainedOn ? ` · trained on ${m.trainedOn}` : ''}` }))}
              value={model}
              onChange={setModel}
              clearable
              searchable
              data-testid="report-form-model"
            />
            <Select
              size="xs"
              label="Label column (realised performance)"
              placeholder="the model's target"
              data={columns.map((c) => c.name)}
              value={label}
              onChange={setLabel}
              clearable
              searchable
              disabled={!model}
              data-testid="report-form-label"
            />
          </SimpleGrid>
          <div>
            <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
              Windows over time
            </Text>
            <SegmentedControl
              size="xs"
              value={windowKind}
              onChange={(k) => setWindowKind(k as WindowKind)}
              data={[
                { value: 'none', label: 'None' },
                { value: 'time', label: 'By date column' },
                { value: 'chunk', label: 'Fixed-size chunks' },
                { value: 'versions', label: 'One per version' },
              ]}
              data-testid="report-form-window"
            />
            <SimpleGrid cols={3} spacing="xs" mt={6}>
              {windowKind === 'time' && (
                <>
                  <Select size="xs" label="Date column" data={dateColumns} value={timeColumn} onChange={setTimeColumn} placeholder={dateColumns.length ? 'pick' : 'no datetime column'} data-testid="report-form-time-column" />
                  <Select
                    size="xs"
                    label="Unit (UTC)"
                    data={[
                      { value: 'day', label: 'day' },
                      { value: 'week', label: 'ISO week (Monday)' },
                      { value: 'month', label: 'month' },
                      { value: 'custom', label: 'custom days' },
                    ]}
                    value={unit}
                    onChange={(u) => u && setUnit(u as TimeUnit)}
                    allowDeselect={false}
                    data-testid="report-form-time-unit"
                  />
                  {unit === 'custom' && <NumberInput size="xs" label="Days" value={days} onChange={setDays} min={1} max={3660} data-testid="report-form-time-days" />}
                </>
              )}
              {windowKind === 'chunk' && <NumberInput size="xs" label="Rows per chunk" value={chunk} onChange={setChunk} min={1} allowDecimal={false} data-testid="report-form-chunk" />}
              {windowKind === 'versions' && <NumberInput size="xs" label="From version" placeholder="every version" value={from} onChange={setFrom} min={1} allowDecimal={false} data-testid="report-form-from" />}
            </SimpleGrid>
          </div>
          <div>
            <Group justify="space-between" mb={4}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase">
                Per-column tests (default: Evidently's automatic choice)
              </Text>
              <Button size="compact-xs" variant="subtle" leftSection={<Plus size={12} />} onClick={() => setOverrides([...overrides, { column: null, test: 'psi', threshold: '' }])} data-testid="report-form-add-test">
                Override a column
              </Button>
            </Group>
            <Stack gap={4}>
              {overrides.map((o, i) => (
                <Group key={i} gap="xs" wrap="nowrap" data-testid="report-form-override">
                  <Select size="xs" placeholder="column" data={columns.map((c) => c.name)} value={o.column} onChange={(c) => setOverride(i, { column: c })} searchable style={{ flex: 2 }} />
                  <Select size="xs" data={[...DRIFT_TESTS]} value={o.test} onChange={(t) => t && setOverride(i, { test: t as DriftTest })} allowDeselect={false} style={{ flex: 1 }} />
                  <NumberInput size="xs" placeholder="test's threshold" value={o.threshold} onChange={(t) => setOverride(i, { threshold: t })} min={0} decimalScale={6} style={{ flex: 1 }} />
                  <ActionIcon variant="subtle" color="gray" onClick={() => setOverrides(overrides.filter((_, j) => j !== i))} aria-label="remove override">
                    <X size={14} />
                  </ActionIcon>
                </Group>
              ))}
            </Stack>
          </div>
          <Group gap="lg">
            <NumberInput size="xs" label="Dataset drift at share" value={driftShare} onChange={setDriftShare} min={0.01} max={1} step={0.05} decimalScale={3} w={150} data-testid="report-form-share" />
            <Switch mt={18} size="xs" label="Multivariate check (domain classifier)" checked={multivariate} onChange={(e) => setMultivariate(e.currentTarget.checked)} data-testid="report-form-multivariate" />
            {mode === 'monitor' && <Switch mt={18} size="xs" label="Run it now on the newest version" checked={runNow} onChange={(e) => setRunNow(e.currentTarget.checked)} data-testid="report-form-run-now" />}
          </Group>
          {problem && (
            <Text size="sm" c="red" data-testid="report-form-problem">
              {problem}
            </Text>
          )}
          <Group justify="flex-end">
            <Button leftSection={mode === 'monitor' ? <Save size={16} /> : <Play size={16} />} onClick={() => void submit()} disabled={busy} data-testid="report-form-submit">
              {mode === 'monitor' ? 'Create monitor' : 'Run drift report'}
            </Button>
          </Group>
        </Stack>
      </Card>
      <ReportJobPanel />
    </Stack>
  );
}
