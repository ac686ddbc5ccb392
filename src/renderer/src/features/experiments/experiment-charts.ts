// Plotly figures for experiments, as pure functions of the data: curves, history, heatmaps, bars, scatter.
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

/** a metric against a param, one dot per run, labelled with the run's name; `logX` for a param searched on a log scale */
export function scatterFigure(points: { name: string; x: number | string | null; y: number | null; color: string }[], xTitle: string, yTitle: string, logX = false): Figure {
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
    layout: { ...frame(false), xaxis: { ...axis, title: title(xTitle), type: xIsText ? 'category' : logX ? 'log' : '-' }, yaxis: { ...axis, title: title(yTitle) } },
  };
}
