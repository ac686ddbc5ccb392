// The compare page's params against a metric: parallel coordinates (most important param next to the metric) whose
// brushes filter the runs, and a scatter of the metric against one param over the runs the brushes keep.
import { Grid, Select } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import type { RunComparison } from '../../../../shared/experiments';
import { lowerIsBetter } from '../../../../shared/study-metrics';
import { ChartCard } from './chart-card';
import { colorAt, scatterFigure } from './experiment-charts';
import { brushedMask, buildAxis, byImportance, goodness, importanceFor, type AxisInput, type Brushes } from './parallel-axes';
import { ParallelCoordinates } from './parallel-coordinates';
import { asNumber } from './run-values';

/** params drawn at most (the most important); past this many axes even staggered labels get cut to a few letters */
const MAX_PARAM_AXES = 16;

const percent = (share: number) => `${Math.round(share * 100)}%`;

export interface ParamsAndMetricProps {
  comparison: RunComparison;
  /** the ids of the runs the brushes keep, or null when nothing is brushed (every run shown) */
  onBrushedRuns?: (runIds: string[] | null) => void;
}

export function ParamsAndMetric({ comparison, onBrushedRuns }: ParamsAndMetricProps) {
  const { runs } = comparison;
  const metricKeys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.metrics)))].sort(), [runs]);
  const paramKeys = useMemo(() => [...new Set(runs.flatMap((r) => Object.keys(r.params)))].filter((k) => k !== 'features').sort(), [runs]);
  const preferredMetric = ['val_log_loss', 'val_rmse', 'val_accuracy'].find((m) => metricKeys.includes(m)) ?? metricKeys.find((m) => m.startsWith('val_')) ?? metricKeys[0] ?? null;
  const [metric, setMetric] = useState<string | null>(preferredMetric);
  const differing = useMemo(() => comparison.differingParams.filter((k) => k !== 'features'), [comparison]);
  /** null: the most important param, which the parallel coordinates draw next to the metric */
  const [chosenX, setXParam] = useState<string | null>(null);
  const [brushes, setBrushes] = useState<Brushes>({});
  // the brushes as of the last drag let go: the rest of the page follows these, so nothing above the chart changes size
  // (and moves the chart) under the pointer while it drags
  const [settled, setSettled] = useState<Brushes>({});

  const chart = useMemo(() => {
    const metricValues = metric ? runs.map((r) => r.metrics[metric] ?? null) : [];
    // by name before by importance: params that tie (all of them, with few runs) then read alphabetically
    const params: AxisInput[] = (differing.length > 0 ? [...differing].sort() : paramKeys).map((key) => ({
      key,
      values: runs.map((r) => (r.params[key] === undefined ? null : (asNumber(r.params[key]) ?? r.params[key]))),
    }));
    const importance = metric ? importanceFor(params, metricValues) : {};
    const ordered = byImportance(params, importance).slice(0, MAX_PARAM_AXES);
    const inputs = metric ? [{ key: metric, values: metricValues }, ...ordered] : ordered;
    const hints = inputs.map((input, i) =>
      metric && i === 0
        ? `${metric}: the metric (${lowerIsBetter(metric) ? 'lower' : 'higher'} is better); bright lines are the better runs`
        : `${input.key}: explains ${percent(importance[input.key] ?? 0)} of the variance of ${metric ?? 'the metric'} on its own`,
    );
    const axes = inputs.map(buildAxis);
    return {
      axes,
      hints: hints.map((h, i) => (axes[i].log ? `${h} (log scale)` : h)),
      goodness: metric ? goodness(metricValues, lowerIsBetter(metric)) : runs.map(() => null),
      hidden: params.length - ordered.length,
      mostImportant: ordered[0]?.key ?? paramKeys[0] ?? null,
    };
  }, [differing, paramKeys, runs, metric]);
  const xParam = chosenX ?? chart.mostImportant;
  const kept = useMemo(() => brushedMask(chart.axes, brushes), [chart.axes, brushes]);
  const names = useMemo(() => runs.map((r) => `#${r.seq} ${r.name}`), [runs]);

  const keptIds = useMemo(() => {
    if (!chart.axes.some((a) => settled[a.key])) return null;
    const mask = brushedMask(chart.axes, settled);
    return runs.filter((_, i) => mask[i]).map((r) => r.id);
  }, [chart.axes, settled, runs]);
  useEffect(() => {
    onBrushedRuns?.(keptIds);
  }, [keptIds, onBrushedRuns]);

  const scatter = useMemo(() => {
    if (!xParam || !metric) return null;
    const points = runs.flatMap((r, i) => {
      const raw = r.params[xParam];
      return kept[i] ? [{ name: `#${r.seq}`, x: raw === undefined ? null : (asNumber(raw) ?? raw), y: r.metrics[metric] ?? null, color: colorAt(i) }] : [];
    });
    // the scale the parallel coordinates chose for this param (log for a learning rate searched over decades)
    return scatterFigure(points, xParam, metric, chart.axes.find((a) => a.key === xParam)?.log ?? false);
  }, [runs, xParam, metric, kept, chart.axes]);

  const chooseMetric = (m: string | null) => {
    // the metric axis is rescaled and the params reordered: a brush drawn on the old picture no longer means anything
    setBrushes({});
    setSettled({});
    setMetric(m);
  };
  const metricSelect = (
    <Select size="xs" w={180} data={metricKeys} value={metric} onChange={chooseMetric} searchable limit={200} aria-label="metric" data-testid="compare-metric" />
  );
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <ParallelCoordinates
          title={`Parallel coordinates · params by importance${chart.hidden > 0 ? ` (${chart.hidden} more not drawn)` : ''}`}
          actions={metricSelect}
          testId="compare-parallel"
          height={300}
          axes={chart.axes}
          hints={chart.hints}
          goodness={chart.goodness}
          names={names}
          noun="runs"
          brushes={brushes}
          kept={kept}
          onBrushes={(b, done) => {
            setBrushes(b);
            if (done) setSettled(b);
          }}
          empty="No params to draw."
        />
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
