// Compare runs side by side: params and metrics with differences marked, overlaid curves, parallel coordinates,
// a metric against a param, and the confusion matrices next to each other.
import { Anchor, Badge, Box, Card, Grid, Group, Loader, MultiSelect, ScrollArea, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput } from '@mantine/core';
import { Search } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import type { RunComparison, RunDetail } from '../../../../shared/experiments';
import { lowerIsBetter } from '../../../../shared/study-metrics';
import { PageHeader } from '../../app/page-header';
import { ErrorBanner } from '../../components/error-banner';
import { formatInstant } from '../../components/format';
import { useExperiments } from '../../stores';
import { comparisonKey, curvesKey } from '../../stores/experiments-store';
import { ChartCard } from './chart-card';
import { colorAt, confusionFigure, lineFigure, parallelFigure, scatterFigure, type Series } from './experiment-charts';
import { goTo } from './experiments-routes';
import { asNumber, formatMetric, formatParam, STATUS_COLORS } from './run-values';

/** rows the side-by-side table draws at most; a filter narrows the rest */
const MAX_ROWS = 400;

type Row = { section: 'Run' | 'Params' | 'Metrics'; key: string; values: string[]; differs: boolean; best: number | null };

const runLabel = (run: RunDetail) => `#${run.seq} ${run.name}`;

function buildRows(c: RunComparison): Row[] {
  const { runs } = c;
  const attr = (key: string, pick: (r: RunDetail) => string): Row => {
    const values = runs.map(pick);
    return { section: 'Run', key, values, differs: new Set(values).size > 1, best: null };
  };
  const rows: Row[] = [
    attr('model_kind', (r) => r.modelKind ?? '—'),
    attr('dataset_version', (r) => r.datasetVersion ?? '—'),
    attr('target', (r) => r.target ?? '—'),
    attr('seed', (r) => String(r.seed ?? '—')),
    attr('status', (r) => r.status),
    attr('started_at', (r) => formatInstant(r.startedAt)),
  ];
  const differingParams = new Set(c.differingParams);
  const paramKeys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
  for (const key of paramKeys) {
    rows.push({ section: 'Params', key, values: runs.map((r) => (r.params[key] === undefined ? '—' : formatParam(r.params[key]))), differs: differingParams.has(key), best: null });
  }
  const differingMetrics = new Set(c.differingMetrics);
  const metricKeys = [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort();
  for (const key of metricKeys) {
    const raw = runs.map((r) => r.metrics[key] ?? null);
    const known = raw.filter((v): v is number => v !== null);
    const target = known.length > 1 ? (lowerIsBetter(key) ? Math.min(...known) : Math.max(...known)) : null;
    rows.push({ section: 'Metrics', key, values: raw.map((v) => formatMetric(v)), differs: differingMetrics.has(key), best: target === null ? null : raw.indexOf(target) });
  }
  return rows;
}

function SideBySide({ comparison }: { comparison: RunComparison }) {
  const [onlyDiff, setOnlyDiff] = useState(true);
  const [query, setQuery] = useState('');
  const all = useMemo(() => buildRows(comparison), [comparison]);
  const rows = all.filter((r) => (!onlyDiff || r.differs || r.section === 'Run') && (!query || r.key.toLowerCase().includes(query.toLowerCase())));
  const { runs } = comparison;
  const keyWidth = 200;
  const runWidth = Math.max(120, Math.min(200, Math.floor(820 / runs.length)));
  return (
    <Card withBorder padding="xs" data-testid="compare-table-card">
      <Group justify="space-between" mb={6}>
        <Text size="xs" fw={700} c="dimmed" tt="uppercase">
          Params and metrics · {comparison.differingParams.length} params and {comparison.differingMetrics.length} metrics differ
        </Text>
        <Group gap="sm">
          <TextInput size="xs" w={180} placeholder="filter keys" leftSection={<Search size={12} />} value={query} onChange={(e) => setQuery(e.currentTarget.value)} aria-label="filter keys" />
          <Switch size="xs" label="Only differences" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.currentTarget.checked)} data-testid="compare-only-diff" />
        </Group>
      </Group>
      <ScrollArea.Autosize mah={460} type="auto">
        <Table
          layout="fixed"
          withColumnBorders
          withTableBorder
          stickyHeader
          verticalSpacing={2}
          fz="xs"
          w={keyWidth + runWidth * runs.length}
          data-testid="compare-table"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={keyWidth}>Key</Table.Th>
              {runs.map((r, i) => (
                <Table.Th key={r.id} w={runWidth} data-testid="compare-run-column" data-run={r.id}>
                  <Group gap={6} wrap="nowrap">
                    <Box w={10} h={10} bg={colorAt(i)} style={{ borderRadius: 2, flex: '0 0 10px' }} />
                    <Anchor size="xs" fw={600} component="button" onClick={() => goTo({ page: 'run', id: r.id, tab: 'overview' })} truncate title={runLabel(r)}>
                      {runLabel(r)}
                    </Anchor>
                  </Group>
                  <Badge size="xs" variant="light" color={STATUS_COLORS[r.status]}>
                    {r.status}
                  </Badge>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, MAX_ROWS).map((row, i) => {
              const header = i === 0 || rows[i - 1].section !== row.section;
              return [
                header && (
                  <Table.Tr key={`${row.section}-header`}>
                    <Table.Td colSpan={runs.length + 1} bg="gray.1" fw={700} c="dimmed" tt="uppercase" fz={10}>
                      {row.section}
                    </Table.Td>
                  </Table.Tr>
                ),
                <Table.Tr
                  key={`${row.section}.${row.key}`}
                  bg={row.differs ? 'yellow.0' : undefined}
                  data-testid={`compare-${row.section.toLowerCase()}-row`}
                  data-key={row.key}
                  data-differs={row.differs}
                >
                  <Table.Td fw={row.differs ? 600 : 400} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={row.key}>
                    {row.key}
                  </Table.Td>
                  {row.values.map((v, j) => (
                    <Table.Td
                      key={runs[j].id}
                      ff="monospace"
                      ta={row.section === 'Run' ? 'left' : 'right'}
                      fw={row.best === j ? 700 : 400}
                      c={row.best === j ? 'teal.8' : undefined}
                      style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                      title={v}
                    >
                      {v}
                    </Table.Td>
                  ))}
                </Table.Tr>,
              ];
            })}
          </Table.Tbody>
        </Table>
        {rows.length > MAX_ROWS && (
          <Text size="xs" c="dimmed" p={4}>
            {rows.length - MAX_ROWS} more rows: filter the keys to see them.
          </Text>
        )}
      </ScrollArea.Autosize>
    </Card>
  );
}

function OverlaidCurves({ runs }: { runs: RunDetail[] }) {
  const available = useMemo(() => [...new Set(runs.flatMap((r) => r.curves))].sort(), [runs]);
  const [keys, setKeys] = useState<string[] | null>(null);
  const shown = useMemo(() => keys ?? available.filter((k) => k === 'val_loss' || k === 'loss').slice(0, 2), [keys, available]);
  const ids = useMemo(() => runs.map((r) => r.id), [runs]);
  const curves = useExperiments((s) => s.curves[curvesKey(ids, shown)]);
  const loadCurves = useExperiments((s) => s.loadCurves);
  useEffect(() => {
    void loadCurves(ids, shown);
  }, [ids, shown, loadCurves]);
  const figure = useMemo(() => {
    if (!curves || curves.length === 0) return null;
    const dashes = ['solid', 'dash', 'dot'] as const;
    const series: Series[] = curves.map((c) => {
      const i = ids.indexOf(c.runId);
      return { name: `${runLabel(runs[i])} · ${c.key}`, x: c.steps, y: c.values, color: colorAt(i), dash: dashes[shown.indexOf(c.key) % dashes.length] };
    });
    return lineFigure(series, 'step', shown.length === 1 ? shown[0] : 'value');
  }, [curves, ids, runs, shown]);
  return (
    <ChartCard
      title="Overlaid metric curves"
      figure={figure}
      height={300}
      testId="compare-curves"
      empty={available.length === 0 ? 'These runs logged no curves.' : shown.length === 0 ? 'Pick a curve.' : 'Loading…'}
      actions={<MultiSelect size="xs" w={300} data={available} value={shown} onChange={setKeys} maxValues={4} aria-label="curves" data-testid="compare-curve-keys" />}
    />
  );
}

function ParamsAndMetric({ comparison }: { comparison: RunComparison }) {
  const { runs } = comparison;
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort(), [runs]);
  const paramKeys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.params)))].filter((k) => k !== 'features').sort(), [runs]);
  const preferredMetric = ['val_log_loss', 'val_rmse', 'val_accuracy'].find((m) => metricKeys.includes(m)) ?? metricKeys.find((m) => m.startsWith('val_')) ?? metricKeys[0] ?? null;
  const [metric, setMetric] = useState<string | null>(preferredMetric);
  const differing = comparison.differingParams.filter((k) => k !== 'features');
  const [xParam, setXParam] = useState<string | null>(differing[0] ?? paramKeys[0] ?? null);

  const parcoords = useMemo(() => {
    const dims = (differing.length > 0 ? differing : paramKeys).slice(0, 12).map((k) => ({
      label: k,
      values: runs.map((r) => {
        const raw = r.params[k];
        return raw === undefined ? null : (asNumber(raw) ?? raw);
      }),
    }));
    const colorBy = metric ? { label: metric, values: runs.map((r) => r.metrics[metric] ?? null) } : null;
    if (dims.length === 0 && !colorBy) return null;
    return parallelFigure(colorBy ? [...dims, colorBy] : dims, colorBy, metric ? lowerIsBetter(metric) : false);
  }, [differing, paramKeys, runs, metric]);

  const scatter = useMemo(() => {
    if (!xParam || !metric) return null;
    const points = runs.map((r, i) => {
      const raw = r.params[xParam];
      return { name: `#${r.seq}`, x: raw === undefined ? null : (asNumber(raw) ?? raw), y: r.metrics[metric] ?? null, color: colorAt(i) };
    });
    return scatterFigure(points, xParam, metric);
  }, [runs, xParam, metric]);

  const metricSelect = (
    <Select size="xs" w={200} data={metricKeys} value={metric} onChange={setMetric} searchable limit={200} aria-label="metric" data-testid="compare-metric" />
  );
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <ChartCard title="Parallel coordinates · params → metric" figure={parcoords} height={300} testId="compare-parallel" actions={metricSelect} empty="No params to draw." />
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <ChartCard
          title="Metric against a param"
          figure={scatter}
          height={300}
          testId="compare-scatter"
          empty="Pick a param and a metric."
          actions={<Select size="xs" w={170} data={paramKeys} value={xParam} onChange={setXParam} searchable aria-label="x param" data-testid="compare-x-param" />}
        />
      </Grid.Col>
    </Grid>
  );
}

function Confusions({ comparison }: { comparison: RunComparison }) {
  const withMatrix = useMemo(
    () =>
      comparison.runs.flatMap((run, i) => {
        const matrix = comparison.confusion[run.id];
        return matrix ? [{ run, i, figure: confusionFigure(matrix, true) }] : [];
      }),
    [comparison],
  );
  if (withMatrix.length === 0) return null;
  return (
    <div data-testid="compare-confusions">
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" mb={4}>
        Confusion matrices (validation)
      </Text>
      <SimpleGrid cols={Math.min(4, Math.max(2, withMatrix.length))} spacing="sm">
        {withMatrix.slice(0, 12).map((x) => (
          <ChartCard key={x.run.id} title={<span style={{ color: colorAt(x.i) }}>{runLabel(x.run)}</span>} figure={x.figure} height={220} testId="compare-confusion" />
        ))}
      </SimpleGrid>
    </div>
  );
}

export function ComparePage({ ids }: { ids: string[] }) {
  const key = comparisonKey(ids);
  const comparison = useExperiments((s) => (s.comparison?.key === key ? s.comparison.data : null));
  const loadComparison = useExperiments((s) => s.loadComparison);
  const error = useExperiments((s) => s.error);
  const dismissError = useExperiments((s) => s.dismissError);

  useEffect(() => {
    // keyed on the ids' text: the route hands over a new array on every render
    if (key) void loadComparison(key.split(','));
  }, [key, loadComparison]);

  return (
    <Stack gap="sm" data-testid="compare-page">
      <PageHeader title={`Comparing ${ids.length} runs`} subtitle="Rows that differ are marked; the best value of each metric is in green bold (lowest for losses and errors, highest otherwise)." />
      <ErrorBanner error={error} onClose={dismissError} />
      {ids.length < 2 && (
        <Text size="sm" c="dimmed">
          Pick two or more runs in the Runs table, then Compare.
        </Text>
      )}
      {ids.length > 0 && !comparison && !error && <Loader size="sm" />}
      {comparison && (
        <>
          <SideBySide comparison={comparison} />
          <OverlaidCurves runs={comparison.runs} />
          <ParamsAndMetric comparison={comparison} />
          <Confusions comparison={comparison} />
        </>
      )}
    </Stack>
  );
}
