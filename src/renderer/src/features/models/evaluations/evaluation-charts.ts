// Plotly figures for evaluation reports, as pure functions of the stored body: latency and throughput against batch
// size, permutation importance with its spread, partial dependence over ICE lines, SHAP values, rates per group.
import type { PlotTrace } from 'plotly.js-dist-min';
import type { BenchmarkBody, LatencyPoint } from '../../../../../shared/evaluations';
import type { PartialDependence, PermutationImportance, RowExplanation, ShapValues } from '../../../../../shared/explanations';
import type { FairnessReport, RateName } from '../../../../../shared/fairness';
import { colorAt, type Figure } from '../../experiments/experiment-charts';
import { RATE_LABELS } from './fairness-labels';

const axis = { zeroline: false, gridcolor: '#eef0f2', linecolor: '#ced4da', ticklen: 3, automargin: true, tickfont: { size: 10 } };
const title = (text: string) => ({ text, font: { size: 11 }, standoff: 6 });
const frame = (legend: boolean) => ({
  margin: { l: 8, r: 8, t: 6, b: 8 },
  showlegend: legend,
  legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 10 } },
  hovermode: 'closest',
});
const POSITIVE = '#e03131';
const NEGATIVE = '#1c7ed6';
const short = (v: string) => (v.length > 28 ? `${v.slice(0, 27)}…` : v);

/** a tick's label: 3 significant digits, thousands as k and millions as M */
function compact(v: number): string {
  if (v >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (v >= 1e3) return `${Number((v / 1e3).toPrecision(3))}k`;
  return String(Number(v.toPrecision(3)));
}

/**
 * A log axis ticked at 1, 2 and 5 times the powers of ten the values span, each labelled in full: plotly's own log
 * ticks label the 2s and 5s as bare digits ("2", "5"), which read as values.
 */
export function logTicks(values: number[]): { tickvals: number[]; ticktext: string[] } {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return { tickvals: [], ticktext: [] };
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const tickvals: number[] = [];
  for (let decade = Math.floor(Math.log10(low)); decade <= Math.ceil(Math.log10(high)); decade++) {
    for (const m of [1, 2, 5]) {
      const v = Number((m * 10 ** decade).toPrecision(1));
      // the ticks just outside the values keep the first and last points off the axis ends
      if (v >= low / 2.5 && v <= high * 2.5) tickvals.push(v);
    }
  }
  return { tickvals, ticktext: tickvals.map(compact) };
}

/** the unit a figure's latencies read in: ms, or µs / ns where every one is below a millisecond / microsecond */
export function latencyUnit(maxMs: number): { unit: string; perMs: number } {
  if (maxMs >= 1) return { unit: 'ms', perMs: 1 };
  if (maxMs >= 1e-3) return { unit: 'µs', perMs: 1e3 };
  return { unit: 'ns', perMs: 1e6 };
}

/**
 * One line per provider (in the order first measured) of each point's `y` against batch size, on log axes; the y
 * axis is ticked over `top` too (the upper end of a point's bar).
 */
function perProvider(
  body: BenchmarkBody,
  yTitle: string,
  y: (p: LatencyPoint) => number,
  line: (points: LatencyPoint[], provider: string) => PlotTrace,
  top: (p: LatencyPoint) => number = y,
): Figure {
  const providers = [...new Set(body.points.map((p) => p.provider))];
  const batchSizes = [...new Set(body.points.map((p) => p.batchSize))].sort((a, b) => a - b);
  return {
    data: providers.map((provider, i) => {
      const points = body.points.filter((p) => p.provider === provider).sort((a, b) => a.batchSize - b.batchSize);
      return { type: 'scatter', mode: 'lines+markers', name: provider, x: points.map((p) => p.batchSize), y: points.map(y), line: { color: colorAt(i), width: 1.6 }, ...line(points, provider) };
    }),
    layout: {
      ...frame(true),
      // ticked at the batch sizes measured, and nowhere else
      xaxis: { ...axis, type: 'log', tickvals: batchSizes, ticktext: batchSizes.map(compact), title: title('batch size') },
      yaxis: { ...axis, type: 'log', ...logTicks(body.points.flatMap((p) => [y(p), top(p)])), title: title(yTitle) },
    },
  };
}

/** median latency per batch against batch size, with the p95 drawn as each point's upper bar, in one fitting unit */
export function latencyFigure(body: BenchmarkBody): Figure {
  const { unit, perMs } = latencyUnit(Math.max(...body.points.map((p) => p.p95Ms)));
  return perProvider(
    body,
    `p50 latency per batch (${unit}), bar to p95`,
    (p) => p.p50Ms * perMs,
    (points, provider) => ({
      error_y: { type: 'data', symmetric: false, array: points.map((p) => (p.p95Ms - p.p50Ms) * perMs), arrayminus: points.map(() => 0), thickness: 1, width: 3 },
      hovertemplate: `${provider}<br>batch %{x}: p50 %{y:.3g} ${unit}<extra></extra>`,
    }),
    (p) => p.p95Ms * perMs,
  );
}

/** rows per second at the median latency against batch size */
export function throughputFigure(body: BenchmarkBody): Figure {
  return perProvider(body, 'rows per second', (p) => p.rowsPerSecond, (_points, provider) => ({
    hovertemplate: `${provider}<br>batch %{x}: %{y:.4g} rows/s<extra></extra>`,
  }));
}

/** mean drop in the metric per column, largest on top, with ± one standard deviation over the repeats */
export function permutationFigure(result: PermutationImportance): Figure {
  const ordered = result.columns.slice().sort((a, b) => a.mean - b.mean);
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        y: ordered.map((c) => short(c.name)),
        x: ordered.map((c) => c.mean),
        error_x: { type: 'data', array: ordered.map((c) => c.std), thickness: 1.2, width: 3, color: '#495057' },
        customdata: ordered.map((c) => [c.name, c.std]),
        marker: { color: '#4c6ef5' },
        hovertemplate: '%{customdata[0]}: %{x:.4g} ± %{customdata[1]:.3g}<extra></extra>',
      },
    ],
    layout: {
      ...frame(false),
      bargap: ordered.length < 4 ? 0.6 : 0.25,
      xaxis: { ...axis, zeroline: true, zerolinecolor: '#adb5bd', title: title(`drop in ${result.metric} when shuffled (baseline ${result.baseline.toPrecision(4)})`) },
      yaxis: { ...axis, type: 'category' },
    },
  };
}

/** every row's ICE line, thin and grey, under the partial dependence (their mean) in a strong line */
export function pdpFigure(pd: PartialDependence, scoreTitle: string): Figure {
  const categorical = pd.grid.some((g) => typeof g === 'string');
  const x: (number | string)[] = [...pd.grid];
  const ice = pd.ice.map((line) => ({
    type: 'scatter',
    mode: 'lines',
    name: `row ${line.row}`,
    x,
    y: line.values,
    line: { color: 'rgba(134,142,150,0.35)', width: 0.8 },
    hoverinfo: 'skip',
  }));
  return {
    data: [
      ...ice,
      {
        type: 'scatter',
        mode: categorical ? 'lines+markers' : 'lines',
        name: 'partial dependence',
        x,
        y: pd.average,
        line: { color: '#f76707', width: 2.6 },
        hovertemplate: `${pd.column} %{x}: %{y:.4g}<extra></extra>`,
      },
    ],
    layout: { ...frame(false), xaxis: { ...axis, type: categorical ? 'category' : 'linear', title: title(pd.column) }, yaxis: { ...axis, title: title(scoreTitle) } },
  };
}

/** global importance: mean |SHAP| per column, largest on top */
export function shapGlobalFigure(shap: ShapValues): Figure {
  const order = shap.columns.map((_, i) => i).sort((a, b) => shap.meanAbs[a] - shap.meanAbs[b]);
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        y: order.map((i) => short(shap.columns[i])),
        x: order.map((i) => shap.meanAbs[i]),
        customdata: order.map((i) => shap.columns[i]),
        marker: { color: '#7950f2' },
        hovertemplate: '%{customdata}: %{x:.4g}<extra></extra>',
      },
    ],
    layout: { ...frame(false), bargap: order.length < 4 ? 0.6 : 0.25, xaxis: { ...axis, title: title('mean |SHAP value|') }, yaxis: { ...axis, type: 'category' } },
  };
}

/** one row's contributions, largest magnitude on top: red pushes the score up, blue down, from the base value */
export function shapRowFigure(shap: ShapValues, row: RowExplanation): Figure {
  const order = shap.columns.map((_, i) => i).sort((a, b) => Math.abs(row.values[a]) - Math.abs(row.values[b]));
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        y: order.map((i) => short(shap.columns[i])),
        x: order.map((i) => row.values[i]),
        customdata: order.map((i) => shap.columns[i]),
        marker: { color: order.map((i) => (row.values[i] >= 0 ? POSITIVE : NEGATIVE)) },
        hovertemplate: '%{customdata}: %{x:+.4g}<extra></extra>',
      },
    ],
    layout: {
      ...frame(false),
      bargap: order.length < 4 ? 0.6 : 0.25,
      xaxis: { ...axis, zeroline: true, zerolinecolor: '#adb5bd', title: title(`contribution (base ${shap.baseValue.toPrecision(4)} → prediction ${row.prediction.toPrecision(4)})`) },
      yaxis: { ...axis, type: 'category' },
    },
  };
}

export const PLOTTED_RATES: RateName[] = ['selectionRate', 'truePositiveRate', 'falsePositiveRate'];

/** the name a group is shown by: the missing-value group has none */
export const groupName = (group: string | null): string => group ?? '(missing)';

/** selection rate, TPR and FPR per group as grouped bars with their bootstrap intervals */
export function fairnessFigure(report: FairnessReport): Figure {
  const groups = report.groups.map((g) => groupName(g.group));
  return {
    data: PLOTTED_RATES.map((rate, i) => {
      const estimates = report.groups.map((g) => g[rate]);
      return {
        type: 'bar',
        name: RATE_LABELS[rate],
        x: groups,
        y: estimates.map((e) => e.value),
        error_y: {
          type: 'data',
          symmetric: false,
          array: estimates.map((e) => (e.value !== null && e.high !== null ? e.high - e.value : 0)),
          arrayminus: estimates.map((e) => (e.value !== null && e.low !== null ? e.value - e.low : 0)),
          thickness: 1,
          width: 3,
          color: '#495057',
        },
        marker: { color: colorAt(i) },
        hovertemplate: `${RATE_LABELS[rate]}<br>%{x}: %{y:.3f}<extra></extra>`,
      };
    }),
    layout: { ...frame(true), barmode: 'group', bargap: 0.25, xaxis: { ...axis, type: 'category', title: title('group') }, yaxis: { ...axis, range: [0, 1.05], title: title('rate') } },
  };
}
