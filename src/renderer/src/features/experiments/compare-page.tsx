// Compare runs side by side: params and metrics with differences marked, overlaid curves, parallel coordinates,
// a metric against a param, and the confusion matrices next to each other.
import { Loader, MultiSelect, SimpleGrid, Stack, Text } from '@mantine/core';
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { RunComparison, RunDetail } from '../../../../shared/experiments';
import { PageHeader } from '../../app/page-header';
import { ErrorBanner } from '../../components/error-banner';
import { useExperiments } from '../../stores';
import { comparisonKey, curvesKey } from '../../stores/experiments-store';
import { ChartCard } from './chart-card';
import { CompareTable, runLabel } from './compare-table';
import { colorAt, confusionFigure, lineFigure, type Series } from './experiment-charts';
import { ParamsAndMetric } from './compare-params-metric';

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
  // The table paints first; the charts below it (curves, parallel coordinates, scatter, confusions: a few hundred ms
  // of work for 50 runs) render in a later pass React may interrupt, instead of holding the table back.
  const charts = useDeferredValue(comparison);
  // the runs the parallel-coordinates brushes keep (null: no brush), shown as the table's columns
  const [brushedRuns, setBrushedRuns] = useState<string[] | null>(null);

  useEffect(() => {
    // keyed on the ids' text: the route hands over a new array on every render
    if (key) void loadComparison(key.split(','));
  }, [key, loadComparison]);

  useEffect(() => {
    // The charts below need plotly (4.8 MB to fetch and compile): start now, while the comparison and the curves are
    // fetched, instead of after they arrive; the charts' own import then finds it loaded.
    void import('plotly.js-dist-min');
  }, []);

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
      {comparison && <CompareTable comparison={comparison} shownRunIds={brushedRuns} />}
      {charts && charts === comparison && (
        <>
          <OverlaidCurves runs={charts.runs} />
          <ParamsAndMetric comparison={charts} onBrushedRuns={setBrushedRuns} />
          <Confusions comparison={charts} />
        </>
      )}
    </Stack>
  );
}
