// Plotly figures for drift reports, as pure functions of the report: overlaid histograms, ECDFs, lines over windows.
import type { PlotLayout } from 'plotly.js-dist-min';
import type { DriftHistogram, DriftReport, DriftReportSummary, DriftWindow, ReportColumn } from '../../../../shared/monitoring';
import { colorAt, lineFigure, type Figure, type Series } from '../experiments/experiment-charts';

export const REFERENCE_COLOR = '#868e96';
export const CURRENT_COLOR = '#f76707';

const axis = { zeroline: false, gridcolor: '#eef0f2', linecolor: '#ced4da', ticklen: 3, automargin: true, tickfont: { size: 10 } };
const legend: PlotLayout = { showlegend: true, legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom', font: { size: 10 } } };

/**
 * The severity to draw: JSON carries Infinity (p = 0) as null, so a drifted column without a severity is off the
 * scale rather than unknown.
 */
export function shownSeverity(c: { severity: number | null; drift: boolean; statistic: number | null }): number | null {
  if (c.severity !== null) return c.severity;
  return c.drift && c.statistic !== null ? Infinity : null;
}

const share = (counts: number[], total: number) => counts.map((n) => (total > 0 ? n / total : 0));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** reference and current on the same bins, each as a share of its own rows so sides of different sizes compare */
export function histogramFigure(h: DriftHistogram, currentLabel: string): Figure {
  if (h.kind === 'numeric') {
    const centers = h.reference.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
    const widths = h.reference.map((_, i) => h.edges[i + 1] - h.edges[i]);
    const ranges = h.reference.map((_, i) => `${h.edges[i].toPrecision(4)} – ${h.edges[i + 1].toPrecision(4)}`);
    const bars = (name: string, counts: number[], color: string) => ({
      type: 'bar',
      name,
      x: centers,
      width: widths,
      y: share(counts, sum(counts)),
      text: ranges,
      textposition: 'none',
      marker: { color, opacity: 0.55, line: { color, width: 1 } },
      hovertemplate: `${name}<br>%{text}<br>%{y:.1%} of rows<extra></extra>`,
    });
    return {
      data: [bars('reference', h.reference, REFERENCE_COLOR), bars(currentLabel, h.current, CURRENT_COLOR)],
      layout: { ...legend, barmode: 'overlay', bargap: 0, margin: { l: 8, r: 8, t: 6, b: 8 }, xaxis: { ...axis }, yaxis: { ...axis, tickformat: '.0%', title: { text: 'share of rows', font: { size: 11 } } } },
    };
  }
  const categories = h.otherReference + h.otherCurrent > 0 ? [...h.categories, '(other)'] : h.categories;
  const ref = h.otherReference + h.otherCurrent > 0 ? [...h.reference, h.otherReference] : h.reference;
  const cur = h.otherReference + h.otherCurrent > 0 ? [...h.current, h.otherCurrent] : h.current;
  const bars = (name: string, counts: number[], color: string) => ({
    type: 'bar',
    name,
    x: categories,
    y: share(counts, sum(counts)),
    marker: { color, opacity: 0.8 },
    hovertemplate: `${name}<br>%{x}: %{y:.1%} of rows<extra></extra>`,
  });
  return {
    data: [bars('reference', ref, REFERENCE_COLOR), bars(currentLabel, cur, CURRENT_COLOR)],
    layout: { ...legend, barmode: 'group', bargap: 0.2, margin: { l: 8, r: 8, t: 6, b: 8 }, xaxis: { ...axis, type: 'category' }, yaxis: { ...axis, tickformat: '.0%' } },
  };
}

/** the empirical CDFs read off the common bins (numbers only: categories have no order to accumulate along) */
export function ecdfFigure(h: DriftHistogram, currentLabel: string): Figure | null {
  if (h.kind !== 'numeric') return null;
  const cumulative = (counts: number[]) => {
    const total = sum(counts);
    let run = 0;
    return [0, ...counts.map((n) => (run += n) / (total || 1))];
  };
  const line = (name: string, counts: number[], color: string) => ({
    type: 'scatter',
    mode: 'lines',
    name,
    x: h.edges,
    y: cumulative(counts),
    line: { color, width: 2, shape: 'linear' },
    hovertemplate: `${name}<br>≤ %{x:.4g}: %{y:.1%}<extra></extra>`,
  });
  return {
    data: [line('reference', h.reference, REFERENCE_COLOR), line(currentLabel, h.current, CURRENT_COLOR)],
    layout: { ...legend, margin: { l: 8, r: 8, t: 6, b: 8 }, xaxis: { ...axis }, yaxis: { ...axis, range: [0, 1.02], tickformat: '.0%' } },
  };
}

/** severities past this are drawn at it: one p = 0 would otherwise flatten every other point */
const SEVERITY_CAP = 5;
const capped = (s: number | null) => (s === null ? null : Math.min(s, SEVERITY_CAP));

const windowLabels = (windows: DriftWindow[]) => windows.map((w) => w.label);

/** one column's severity in each window, the reference band shaded behind it, drift at 1 */
export function severityFigure(column: ReportColumn, windows: DriftWindow[], columnIndex: number): Figure {
  const x = windowLabels(windows);
  const severities = windows.map((w) => {
    const c = w.columns[columnIndex];
    return c && c.column === column.column ? shownSeverity(c) : null;
  });
  const y = severities.map(capped);
  const shapes: Record<string, unknown>[] = [
    { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1, line: { color: '#e03131', width: 1, dash: 'dash' } },
  ];
  if (column.referenceBand) {
    shapes.unshift({ type: 'rect', xref: 'paper', x0: 0, x1: 1, y0: column.referenceBand.lower, y1: column.referenceBand.upper, fillcolor: 'rgba(134,142,150,0.18)', line: { width: 0 }, layer: 'below' });
  }
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'severity',
        x,
        y,
        line: { color: CURRENT_COLOR, width: 2 },
        marker: { size: 6 },
        // the hover names the real figure where the point is drawn at the cap
        customdata: severities.map((v) => (v === null ? 'no test' : Number.isFinite(v) ? v.toPrecision(3) : '∞')),
        hovertemplate: '%{x}: severity %{customdata}<extra></extra>',
      },
    ],
    layout: {
      margin: { l: 8, r: 8, t: 6, b: 8 },
      showlegend: false,
      shapes,
      xaxis: { ...axis, type: 'category' },
      yaxis: { ...axis, rangemode: 'tozero', title: { text: `severity (≥ 1 drifts, drawn ≤ ${SEVERITY_CAP})`, font: { size: 11 } } },
    },
  };
}

/** the share of drifted columns per window, with the dataset-drift threshold */
export function shareFigure(report: DriftReport): Figure | null {
  const windows = report.windows?.filter((w) => !w.empty) ?? [];
  if (windows.length === 0) return null;
  const x = windows.map((_, i) => i);
  const series: Series[] = [
    { name: 'drifted share', x, y: windows.map((w) => w.share), color: CURRENT_COLOR },
    { name: `threshold ${report.driftShare}`, x, y: windows.map(() => report.driftShare), color: '#e03131', dash: 'dash' },
  ];
  return withLabels(lineFigure(series, 'window', 'share of columns'), windows, [0, 1.02]);
}

/** the current side's missing rate per window for every column that has any nulls, the reference's as a dotted line */
export function missingFigure(report: DriftReport, limit = 8): Figure | null {
  const windows = report.windows?.filter((w) => !w.empty) ?? [];
  if (windows.length === 0) return null;
  const x = windows.map((_, i) => i);
  const series: Series[] = [];
  report.columns.forEach((column, index) => {
    const rates = windows.map((w) => w.columns[index]?.missingCur ?? null);
    const peak = Math.max(column.missingRef ?? 0, ...rates.map((r) => r ?? 0));
    if (peak <= 0 || series.length >= limit * 2) return;
    const color = colorAt(series.length / 2);
    series.push({ name: column.column, x, y: rates, color });
    series.push({ name: `${column.column} (reference)`, x, y: windows.map(() => column.missingRef), color, dash: 'dot' });
  });
  if (series.length === 0) return null;
  return withLabels(lineFigure(series, 'window', 'missing rate'), windows);
}

/** estimated (CBPE) and realised performance per window, beside the reference's realised figure */
export function performanceFigure(report: DriftReport): Figure | null {
  const windows = report.windows?.filter((w) => !w.empty) ?? [];
  if (windows.length === 0 || !report.prediction) return null;
  if (windows.every((w) => w.estimatedPerformance === null && w.realisedPerformance === null)) return null;
  const x = windows.map((_, i) => i);
  const metric = report.prediction.cbpe?.metric ?? report.prediction.performance?.metric ?? 'performance';
  const series: Series[] = [
    { name: `estimated ${metric} (CBPE)`, x, y: windows.map((w) => w.estimatedPerformance), color: '#4c6ef5' },
    { name: `realised ${metric}`, x, y: windows.map((w) => w.realisedPerformance), color: '#12b886' },
  ];
  const reference = report.prediction.cbpe?.reference ?? report.prediction.performance?.reference;
  if (reference !== undefined) series.push({ name: 'reference', x, y: windows.map(() => reference), color: REFERENCE_COLOR, dash: 'dash' });
  return withLabels(lineFigure(series, 'window', metric), windows);
}

/** drift share of a monitor's reports over time, oldest first, each labelled with the version it compared */
export function runsFigure(reports: DriftReportSummary[], threshold: number): Figure | null {
  if (reports.length === 0) return null;
  const ordered = reports.slice().sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const x = ordered.map((_, i) => i);
  const figure = lineFigure(
    [
      { name: 'drifted share', x, y: ordered.map((r) => r.share), color: CURRENT_COLOR },
      { name: `threshold ${threshold}`, x, y: ordered.map(() => threshold), color: '#e03131', dash: 'dash' },
    ],
    'run (current version)',
    'share of columns',
  );
  return { ...figure, layout: { ...figure.layout, xaxis: labelledAxis(figure.layout, 'run (current version)', ordered.map((r) => r.current)), yaxis: { ...axisOf(figure.layout, 'yaxis'), range: [0, 1.02] } } };
}

/** window indexes on the axis, labelled with the windows' own labels (labels may repeat across kinds, indexes do not) */
function withLabels(figure: Figure, windows: DriftWindow[], yRange?: [number, number]): Figure {
  return {
    ...figure,
    layout: {
      ...figure.layout,
      xaxis: labelledAxis(figure.layout, 'window', windowLabels(windows)),
      yaxis: { ...axisOf(figure.layout, 'yaxis'), ...(yRange ? { range: yRange } : {}) },
    },
  };
}

/**
 * An x axis of indexes 0..n-1 shown by their labels. Its title carries no `standoff`: plotly 2 with array ticks and a
 * standoff title places the title at y = -Infinity once a line has two points (a console error on every draw).
 */
function labelledAxis(layout: PlotLayout, title: string, labels: string[]): object {
  // half a step of room either side, so the first and last labels are not cut at the plot's edge
  return { ...axisOf(layout, 'xaxis'), title: { text: title, font: { size: 11 } }, tickmode: 'array', tickvals: labels.map((_, i) => i), ticktext: labels, range: [-0.5, labels.length - 0.5] };
}

function axisOf(layout: PlotLayout, key: 'xaxis' | 'yaxis'): object {
  const found = layout[key];
  return typeof found === 'object' && found !== null ? found : {};
}
