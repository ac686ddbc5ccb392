// Plotly figures for experiments, as pure functions of the data: curves, history, heatmaps, parallel coordinates, bars.
import type { PlotLayout, PlotTrace } from 'plotly.js-dist-min';
import type { ConfusionMatrix } from '../../../../shared/experiments';

export interface Figure {
  data: PlotTrace[];
  layout: PlotLayout;
}

/** a qualitative palette that stays readable on white, in the order runs are listed */
export const PALETTE = ['#4c6ef5', '#f76707', '#12b886', '#e64980', '#7950f2', '#fab005', '#15aabf', '#82c91e', '#868e96', '#d6336c'];
export const colorAt = (i: number) => PALETTE[i % PALETTE.length];

const axis = { zeroline: false, gridcolor: '#eef0f2', linecolor: '#ced4da', ticklen: 3, automargin: true, tickfont: { size: 10 } };
const title = (text: string) => ({ text, font: { size: 11 }, standoff: 6 });
const frame = (legend: boolean): PlotLayout => ({
  margin: { l: 8, r: 8, t: 6, b: 8 },
  showlegend: legend,
  legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 10 } },
  hovermode: 'closest',
});

export interface Series {
  name: string;
  x: number[];
  y: (number | null)[];
  color?: string;
  dash?: 'solid' | 'dot' | 'dash';
}

/** metric curves over steps: one line per series */
export function lineFigure(series: Series[], xTitle: string, yTitle: string, logY = false): Figure {
  return {
    data: series.map((s, i) => ({
      type: 'scatter',
      mode: s.x.length > 1 ? 'lines' : 'markers',
      name: s.name,
      x: s.x,
      y: s.y,
      line: { color: s.color ?? colorAt(i), width: 1.6, dash: s.dash ?? 'solid' },
      hovertemplate: `${s.name}<br>${xTitle} %{x}: %{y:.5g}<extra></extra>`,
    })),
    layout: {
      ...frame(series.length > 1),
      xaxis: { ...axis, title: title(xTitle) },
      yaxis: { ...axis, title: title(yTitle), type: logY ? 'log' : 'linear' },
    },
  };
}

/** a study's history: each trial's value as a dot, and the best value so far as a step line */
export function historyFigure(trials: { number: number; value: number | null; state: string }[], direction: 'minimize' | 'maximize', metric: string): Figure {
  const done = trials.filter((t) => t.value !== null && t.state === 'complete').sort((a, b) => a.number - b.number);
  let best: number | null = null;
  const bestY = done.map((t) => {
    const v = t.value as number;
    best = best === null ? v : direction === 'minimize' ? Math.min(best, v) : Math.max(best, v);
    return best;
  });
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'trial value',
        x: done.map((t) => t.number),
        y: done.map((t) => t.value),
        marker: { color: '#4c6ef5', size: 7, opacity: 0.8 },
        hovertemplate: `trial %{x}<br>${metric} %{y:.5g}<extra></extra>`,
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `best so far (${direction === 'minimize' ? 'min' : 'max'})`,
        x: done.map((t) => t.number),
        y: bestY,
        line: { color: '#f76707', width: 2, shape: 'hv' },
        hovertemplate: 'best after trial %{x}: %{y:.5g}<extra></extra>',
      },
    ],
    layout: {
      ...frame(true),
      // whole trial numbers only: a short study would otherwise get ticks at 0.2, 0.4, ...
      xaxis: { ...axis, title: title('trial'), rangemode: 'tozero', ...(done.length <= 25 ? { dtick: 1 } : {}) },
      yaxis: { ...axis, title: title(metric) },
    },
  };
}

/** rows: true class, columns: predicted; cells coloured by the row's share so small classes read too */
export function confusionFigure(matrix: ConfusionMatrix, compact = false): Figure {
  const share = matrix.counts.map((row) => {
    const sum = row.reduce((a, b) => a + b, 0) || 1;
    return row.map((v) => v / sum);
  });
  return {
    data: [
      {
        type: 'heatmap',
        x: matrix.classes,
        y: matrix.classes,
        z: share,
        text: matrix.counts.map((row) => row.map(String)),
        texttemplate: '%{text}',
        textfont: { size: compact ? 10 : 12 },
        colorscale: [
          [0, '#f8f9fa'],
          [1, '#364fc7'],
        ],
        zmin: 0,
        zmax: 1,
        showscale: false,
        hovertemplate: 'true %{y} → predicted %{x}<br>%{text} rows (%{z:.1%} of the class)<extra></extra>',
        xgap: 1,
        ygap: 1,
      },
    ],
    layout: {
      ...frame(false),
      xaxis: { ...axis, title: title('predicted'), type: 'category', side: 'bottom', gridcolor: 'rgba(0,0,0,0)' },
      yaxis: { ...axis, title: title('true'), type: 'category', autorange: 'reversed', gridcolor: 'rgba(0,0,0,0)' },
    },
  };
}

export interface ClassCurve {
  className: string;
  x: number[];
  y: number[];
}

/** ROC or PR: one line per class, with the chance diagonal on ROC */
export function classCurvesFigure(curves: ClassCurve[], xTitle: string, yTitle: string, diagonal: boolean): Figure {
  const data: PlotTrace[] = curves.map((c, i) => ({
    type: 'scatter',
    mode: 'lines',
    name: c.className,
    x: c.x,
    y: c.y,
    line: { color: colorAt(i), width: 1.6 },
    hovertemplate: `${c.className}<br>${xTitle} %{x:.3f}, ${yTitle} %{y:.3f}<extra></extra>`,
  }));
  if (diagonal) data.push({ type: 'scatter', mode: 'lines', name: 'chance', x: [0, 1], y: [0, 1], line: { color: '#adb5bd', dash: 'dot', width: 1 }, hoverinfo: 'skip' });
  const unit = { ...axis, range: [-0.02, 1.02] };
  return { data, layout: { ...frame(true), xaxis: { ...unit, title: title(xTitle) }, yaxis: { ...unit, title: title(yTitle) } } };
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

/** reliability: accuracy against mean confidence per bin, against the diagonal of perfect calibration */
export function calibrationFigure(bins: CalibrationBin[]): Figure {
  const used = bins.filter((b) => b.count > 0 && b.meanConfidence !== null && b.accuracy !== null);
  const unit = { ...axis, range: [-0.02, 1.02] };
  return {
    data: [
      { type: 'scatter', mode: 'lines', name: 'perfect', x: [0, 1], y: [0, 1], line: { color: '#adb5bd', dash: 'dot', width: 1 }, hoverinfo: 'skip' },
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'model',
        x: used.map((b) => b.meanConfidence),
        y: used.map((b) => b.accuracy),
        text: used.map((b) => String(b.count)),
        marker: { color: '#4c6ef5', size: used.map((b) => 5 + Math.min(10, Math.sqrt(b.count) / 3)) },
        line: { color: '#4c6ef5', width: 1.6 },
        hovertemplate: 'confidence %{x:.3f}<br>accuracy %{y:.3f}<br>%{text} rows<extra></extra>',
      },
    ],
    layout: { ...frame(false), xaxis: { ...unit, title: title('mean confidence') }, yaxis: { ...unit, title: title('accuracy') } },
  };
}

/** horizontal bars, largest on top */
export function barsFigure(items: { label: string; value: number }[], valueTitle: string, color = '#4c6ef5'): Figure {
  const ordered = items.slice().reverse();
  const label = (v: string) => (v.length > 28 ? `${v.slice(0, 27)}…` : v);
  return {
    data: [
      {
        type: 'bar',
        orientation: 'h',
        y: ordered.map((i) => label(i.label)),
        x: ordered.map((i) => i.value),
        customdata: ordered.map((i) => i.label),
        marker: { color },
        hovertemplate: '%{customdata}: %{x:.4g}<extra></extra>',
      },
    ],
    layout: { ...frame(false), bargap: items.length < 4 ? 0.6 : 0.25, xaxis: { ...axis, title: title(valueTitle) }, yaxis: { ...axis, type: 'category', tickfont: { size: 10 } } },
  };
}

export interface Dimension {
  label: string;
  values: (number | string | null)[];
}

const VIRIDIS = ['#440154', '#414487', '#2a788e', '#22a884', '#7ad151', '#fde725'];

/** a dimension's values as numbers: numbers stay, text becomes its level's index, with the labels to tick */
function encodeDimension(d: Dimension): { values: number[]; ticks: { vals: number[]; text: string[] } | null } {
  if (d.values.every((v) => v === null || typeof v === 'number')) return { values: d.values.map((v) => (v === null ? NaN : (v as number))), ticks: null };
  const levels = [...new Set(d.values.map((v) => String(v ?? '—')))].sort();
  return { values: d.values.map((v) => levels.indexOf(String(v ?? '—'))), ticks: { vals: levels.map((_, i) => i), text: levels } };
}

const shortNumber = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/**
 * Parallel coordinates, lines coloured by `colorBy` (bright = better), drawn as SVG lines. Not plotly's parcoords: that
 * trace generates its WebGL code with `new Function`, which our Content-Security-Policy (no 'unsafe-eval') refuses.
 */
export function parallelFigure(dimensions: Dimension[], colorBy: Dimension | null, lowerIsBetter: boolean): Figure {
  const encoded = dimensions.map(encodeDimension);
  const colors = colorBy?.values.map((v) => (typeof v === 'number' ? v : NaN)) ?? [];
  const ranges = encoded.map((e) => {
    const finite = e.values.filter(Number.isFinite);
    return finite.length === 0 ? { lo: 0, hi: 1 } : { lo: Math.min(...finite), hi: Math.max(...finite) };
  });
  // a positive axis spanning two decades or more (C, learning rates, penalties) reads on a log scale, as it was searched
  const logAxis = ranges.map((r, d) => !encoded[d].ticks && r.lo > 0 && r.hi / r.lo >= 100);
  const norm = (d: number, v: number) => {
    if (!Number.isFinite(v)) return null;
    const { lo, hi } = ranges[d];
    if (hi === lo) return 0.5;
    return logAxis[d] ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo);
  };
  const finiteColors = colors.filter(Number.isFinite);
  const cLo = finiteColors.length ? Math.min(...finiteColors) : 0;
  const cHi = finiteColors.length ? Math.max(...finiteColors) : 1;
  const bucketOf = (c: number) => {
    if (!Number.isFinite(c)) return 0;
    const t = cHi === cLo ? 1 : (c - cLo) / (cHi - cLo);
    const good = lowerIsBetter ? 1 - t : t;
    return Math.min(VIRIDIS.length - 1, Math.floor(good * VIRIDIS.length));
  };
  const records = dimensions[0]?.values.length ?? 0;
  // one trace per colour band (lines separated by gaps), drawn worst first so the best lie on top
  const bands = VIRIDIS.map(() => ({ x: [] as (number | null)[], y: [] as (number | null)[] }));
  for (let r = 0; r < records; r++) {
    const band = bands[colorBy ? bucketOf(colors[r]) : VIRIDIS.length - 2];
    encoded.forEach((e, d) => {
      band.x.push(d);
      band.y.push(norm(d, e.values[r]));
    });
    band.x.push(null);
    band.y.push(null);
  }
  const annotations = dimensions.flatMap((d, i) => {
    const ticks = encoded[i].ticks;
    const top = ticks ? ticks.text[ticks.text.length - 1] : shortNumber(ranges[i].hi);
    const bottom = ticks ? ticks.text[0] : shortNumber(ranges[i].lo);
    return [
      { x: i, y: 1.1, text: `<b>${d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label}</b>${logAxis[i] ? ' (log)' : ''}`, showarrow: false, font: { size: 10 }, yanchor: 'bottom' },
      { x: i, y: 1.0, text: top, showarrow: false, font: { size: 9, color: '#868e96' }, xanchor: 'left', xshift: 3 },
      { x: i, y: 0, text: bottom, showarrow: false, font: { size: 9, color: '#868e96' }, xanchor: 'left', xshift: 3 },
    ];
  });
  return {
    data: bands.map((b, i) => ({ type: 'scatter', mode: 'lines', x: b.x, y: b.y, line: { color: VIRIDIS[i], width: 1.4 }, opacity: 0.75, hoverinfo: 'skip', connectgaps: false })),
    layout: {
      margin: { l: 30, r: 60, t: 30, b: 10 },
      showlegend: false,
      xaxis: { visible: false, range: [-0.2, Math.max(1, dimensions.length - 1) + 0.4], fixedrange: true },
      yaxis: { visible: false, range: [-0.06, 1.2], fixedrange: true },
      shapes: dimensions.map((_, i) => ({ type: 'line', x0: i, x1: i, y0: 0, y1: 1, line: { color: '#495057', width: 1 } })),
      annotations: [
        ...annotations,
        ...(colorBy ? [{ x: 1, xref: 'paper', y: 1, yref: 'paper', text: `colour: ${colorBy.label}, bright = better`, showarrow: false, font: { size: 9, color: '#868e96' }, xanchor: 'right', yanchor: 'bottom' }] : []),
      ],
    },
  };
}

/** a metric against a param, one dot per run, labelled with the run's name */
export function scatterFigure(points: { name: string; x: number | string | null; y: number | null; color: string }[], xTitle: string, yTitle: string): Figure {
  const xIsText = points.some((p) => typeof p.x === 'string');
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers+text',
        x: points.map((p) => p.x),
        y: points.map((p) => p.y),
        text: points.map((p) => p.name),
        textposition: 'top center',
        textfont: { size: 9, color: '#495057' },
        marker: { color: points.map((p) => p.color), size: 10, line: { color: '#fff', width: 1 } },
        hovertemplate: `%{text}<br>${xTitle} %{x}<br>${yTitle} %{y:.5g}<extra></extra>`,
      },
    ],
    layout: { ...frame(false), xaxis: { ...axis, title: title(xTitle), type: xIsText ? 'category' : '-' }, yaxis: { ...axis, title: title(yTitle) } },
  };
}
