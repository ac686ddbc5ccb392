// Inline SVG plots for the HTML drift report: overlaid histograms and cumulative shares, the columns x windows heatmap, lines over windows and a severity gauge. Plain strings, no DOM, no script.
import type { DriftHistogram } from '../../shared/monitoring';
import { clip, esc, num, percent } from './report-format';

/** Reference and current colours (blue and orange stay apart for the common colour-vision deficiencies). */
export const REFERENCE_COLOUR = '#2b6cb0';
export const CURRENT_COLOUR = '#dd6b20';

/**
 * Severity bands for the heatmap and gauges (CSS classes sev0..sev7 in the report's style sheet): pale below the
 * threshold, warming towards it, orange to dark red past it (severity >= 1 is drift).
 */
export const SEVERITY_STEPS: readonly { below: number; label: string }[] = [
  { below: 0.25, label: '< 0.25' },
  { below: 0.5, label: '0.25–0.5' },
  { below: 0.75, label: '0.5–0.75' },
  { below: 1, label: '0.75–1' },
  { below: 1.5, label: '1–1.5 drift' },
  { below: 2, label: '1.5–2' },
  { below: 4, label: '2–4' },
  { below: Infinity, label: '≥ 4' },
];
export const SEVERITY_COLOURS = ['#edf5ec', '#d5e9d1', '#f3efc2', '#f7d98b', '#f4a25c', '#e5683b', '#c3302a', '#7a1115'];

/** The severity's CSS class: sev0..sev7, `sev-na` when no test ran. */
export function severityClass(severity: number | null): string {
  if (severity === null || Number.isNaN(severity)) return 'sev-na';
  const step = SEVERITY_STEPS.findIndex((s) => severity < s.below);
  return `sev${step === -1 ? SEVERITY_STEPS.length - 1 : step}`;
}

/** Both sides' counts as shares of their own side, so a 1,000-row reference and a 1M-row current compare. */
function shares(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => (total > 0 ? c / total : 0));
}

/** Round, readable tick values covering [min, max]. */
export function niceTicks(min: number, max: number, target: number): number[] {
  if (!(Number.isFinite(min) && Number.isFinite(max))) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, target);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const r1 = (x: number) => String(Math.round(x * 10) / 10);

function svgOpen(width: number, height: number, label: string, cls: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" class="${cls}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(label)}">`;
}

/** A legend entry: a filled box for bars, a line (solid or dashed) for lines. */
function legendItem(x: number, y: number, colour: string, text: string, mark: 'box' | 'line' | 'dashed' = 'box'): string {
  const symbol =
    mark === 'box'
      ? `<rect x="${x}" y="${y - 9}" width="14" height="10" fill="${colour}" fill-opacity="0.55" stroke="${colour}"/>`
      : `<line x1="${x}" y1="${y - 4}" x2="${x + 14}" y2="${y - 4}" stroke="${colour}" stroke-width="2"${mark === 'dashed' ? ' stroke-dasharray="4 3"' : ''}/>`;
  return `${symbol}<text x="${x + 19}" y="${y}" class="lg">${esc(text)}</text>`;
}

/**
 * A small multiple: narrower, no per-bar tooltips (they are most of a histogram's bytes), and the caption (a window's
 * label) in place of the legend, which the full-size plot beside it already gives.
 */
export interface SmallPlot {
  caption: string;
}

/**
 * One column's reference and current distributions on their common bins, each as shares of its own side: numbers as
 * two overlaid histograms, categories as paired horizontal bars (a category the reference never has is marked new).
 */
export function histogramSvg(h: DriftHistogram, column: string, small?: SmallPlot): string {
  return h.kind === 'numeric' ? numericHistogram(h, column, small) : categoryBars(h, column, small);
}

/** The legend line, or a small multiple's caption. */
function plotHeading(width: number, left: number, note: string, small: SmallPlot | undefined): string {
  if (small) return `<text x="${left}" y="13" class="lg">${esc(clip(small.caption, 48))}</text>`;
  return `${legendItem(left, 13, REFERENCE_COLOUR, 'reference')}${legendItem(left + 100, 13, CURRENT_COLOUR, 'current')}<text x="${width - 4}" y="13" class="tick" text-anchor="end">${note}</text>`;
}

function numericHistogram(h: Extract<DriftHistogram, { kind: 'numeric' }>, column: string, small: SmallPlot | undefined): string {
  const width = small ? 300 : 460;
  const height = small ? 140 : 190;
  const m = { left: 46, right: 12, top: 22, bottom: small ? 24 : 34 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const ref = shares(h.reference);
  const cur = shares(h.current);
  const bins = Math.min(ref.length, cur.length, h.edges.length - 1);
  const lo = h.edges[0];
  const hi = h.edges[bins];
  const top = Math.max(...ref, ...cur, 1e-12);
  const x = (v: number) => m.left + (hi > lo ? ((v - lo) / (hi - lo)) * pw : pw / 2);
  const y = (s: number) => m.top + ph - (s / top) * ph;
  const parts = [svgOpen(width, height, `Histogram of ${column}: reference and current${small ? `, ${small.caption}` : ''}`, small ? 'plot hist small' : 'plot hist')];
  for (const t of niceTicks(0, top, 4)) parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${r1(y(t))}" y2="${r1(y(t))}" class="grid"/><text x="${m.left - 5}" y="${r1(y(t) + 3)}" class="tick" text-anchor="end">${percent(t)}</text>`);
  const bars = (values: number[], colour: string, side: string) => {
    const out: string[] = [];
    for (let i = 0; i < bins; i++) {
      if (values[i] <= 0) continue;
      const x0 = x(h.edges[i]);
      const w = Math.max(0.5, x(h.edges[i + 1]) - x0);
      const tip = small ? '' : `<title>${side} ${esc(num(h.edges[i]))} to ${esc(num(h.edges[i + 1]))}: ${percent(values[i])}</title>`;
      out.push(`<rect x="${r1(x0)}" y="${r1(y(values[i]))}" width="${r1(w)}" height="${r1(m.top + ph - y(values[i]))}">${tip}</rect>`);
    }
    return `<g fill="${colour}" fill-opacity="0.45" stroke="${colour}" stroke-width="0.6">${out.join('')}</g>`;
  };
  parts.push(bars(ref, REFERENCE_COLOUR, 'reference'), bars(cur, CURRENT_COLOUR, 'current'));
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" class="axis"/>`);
  for (const t of niceTicks(lo, hi, small ? 3 : 5)) {
    const tx = r1(x(t));
    parts.push(`<line x1="${tx}" x2="${tx}" y1="${m.top + ph}" y2="${m.top + ph + 4}" class="axis"/><text x="${tx}" y="${m.top + ph + 15}" class="tick" text-anchor="middle">${esc(num(t, 3))}</text>`);
  }
  parts.push(plotHeading(width - m.right + 4, m.left, `share of each side's rows, ${bins} bins`, small), '</svg>');
  return parts.join('');
}

/**
 * Cumulative shares of both sides at the common bin edges (an ECDF read off the histogram), with the largest vertical
 * gap marked: that gap is what the KS statistic measures on the raw values, here to the bins' resolution.
 */
export function ecdfSvg(h: Extract<DriftHistogram, { kind: 'numeric' }>, column: string): string {
  const width = 460;
  const height = 150;
  const m = { left: 46, right: 12, top: 22, bottom: 30 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const bins = Math.min(h.reference.length, h.current.length, h.edges.length - 1);
  const cumulative = (counts: readonly number[]) => {
    const total = counts.slice(0, bins).reduce((a, c) => a + c, 0);
    let run = 0;
    return [0, ...counts.slice(0, bins).map((c) => (run += c) / (total > 0 ? total : 1))];
  };
  const ref = cumulative(h.reference);
  const cur = cumulative(h.current);
  const lo = h.edges[0];
  const hi = h.edges[bins];
  const x = (v: number) => m.left + (hi > lo ? ((v - lo) / (hi - lo)) * pw : pw / 2);
  const y = (s: number) => m.top + ph - s * ph;
  let gapAt = 0;
  for (let i = 1; i <= bins; i++) if (Math.abs(ref[i] - cur[i]) > Math.abs(ref[gapAt] - cur[gapAt])) gapAt = i;
  const step = (values: number[]) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${r1(x(h.edges[i]))} ${r1(y(v))}`).join('');
  const parts = [svgOpen(width, height, `Cumulative shares of ${column}: reference and current`, 'plot ecdf')];
  for (const t of [0, 0.5, 1]) parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${r1(y(t))}" y2="${r1(y(t))}" class="grid"/><text x="${m.left - 5}" y="${r1(y(t) + 3)}" class="tick" text-anchor="end">${percent(t)}</text>`);
  parts.push(`<path d="${step(ref)}" fill="none" stroke="${REFERENCE_COLOUR}" stroke-width="2"/><path d="${step(cur)}" fill="none" stroke="${CURRENT_COLOUR}" stroke-width="2"/>`);
  const gx = r1(x(h.edges[gapAt]));
  const gap = Math.abs(ref[gapAt] - cur[gapAt]);
  if (gap > 0) parts.push(`<line x1="${gx}" x2="${gx}" y1="${r1(y(ref[gapAt]))}" y2="${r1(y(cur[gapAt]))}" stroke="#1a202c" stroke-width="1.5" stroke-dasharray="3 2"/><text x="${r1(Math.min(x(h.edges[gapAt]) + 5, width - 110))}" y="${r1((y(ref[gapAt]) + y(cur[gapAt])) / 2 + 3)}" class="lg">largest gap ${num(gap, 2)}</text>`);
  parts.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${m.top + ph}" y2="${m.top + ph}" class="axis"/>`);
  for (const t of niceTicks(lo, hi, 5)) parts.push(`<text x="${r1(x(t))}" y="${m.top + ph + 14}" class="tick" text-anchor="middle">${esc(num(t, 3))}</text>`);
  parts.push(`${legendItem(m.left, 13, REFERENCE_COLOUR, 'reference', 'line')}${legendItem(m.left + 100, 13, CURRENT_COLOUR, 'current', 'line')}<text x="${width - m.right}" y="13" class="tick" text-anchor="end">share of rows at or below, at the bin edges</text></svg>`);
  return parts.join('');
}

function categoryBars(h: Extract<DriftHistogram, { kind: 'categorical' }>, column: string, small: SmallPlot | undefined): string {
  const labels = [...h.categories];
  const refCounts = [...h.reference];
  const curCounts = [...h.current];
  if (h.otherReference > 0 || h.otherCurrent > 0) {
    labels.push('(other categories)');
    refCounts.push(h.otherReference);
    curCounts.push(h.otherCurrent);
  }
  const refShares = shares(refCounts);
  const curShares = shares(curCounts);
  const width = small ? 300 : 460;
  const row = small ? 14 : 18;
  // the full plot writes both shares after each pair of bars (reference → current); a small one only the current's
  const m = { left: small ? 110 : 150, right: small ? 44 : 96, top: 24, bottom: 8 };
  const pw = width - m.left - m.right;
  const height = m.top + labels.length * row + m.bottom;
  const top = Math.max(...refShares, ...curShares, 1e-12);
  const parts = [svgOpen(width, height, `Category shares of ${column}: reference and current${small ? `, ${small.caption}` : ''}`, small ? 'plot bars small' : 'plot bars')];
  parts.push(plotHeading(width, 8, "share of each side's rows", small));
  labels.forEach((label, i) => {
    const y0 = m.top + i * row;
    const isOther = i >= h.categories.length;
    const isNew = !isOther && refCounts[i] === 0 && curCounts[i] > 0;
    const text = `${clip(label, small ? 15 : 22)}${isNew ? ' (new)' : ''}`;
    const bar = small ? 5 : 7;
    parts.push(`<text x="${m.left - 6}" y="${y0 + bar + 4}" class="${isNew ? 'cat new' : isOther ? 'cat other' : 'cat'}" text-anchor="end">${esc(text)}<title>${esc(label)}</title></text>`);
    const rect = (share: number, dy: number, colour: string, side: string) =>
      `<rect x="${m.left}" y="${y0 + dy}" width="${r1(Math.max(share > 0 ? 0.8 : 0, (share / top) * pw))}" height="${bar}" fill="${colour}" fill-opacity="0.75">${small ? '' : `<title>${side}: ${percent(share)}</title>`}</rect>`;
    parts.push(rect(refShares[i], 2, REFERENCE_COLOUR, 'reference'), rect(curShares[i], 2 + bar, CURRENT_COLOUR, 'current'));
    const figures = small ? percent(curShares[i]) : `${percent(refShares[i])} → ${percent(curShares[i])}`;
    parts.push(`<text x="${r1(m.left + (Math.max(refShares[i], curShares[i]) / top) * pw + 4)}" y="${y0 + bar + 4}" class="tick">${figures}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Where window i sits on the shared time axis, so the heatmap's cells and the lines' points line up. */
export interface TimeAxis {
  width: number;
  left: number;
  plotWidth: number;
  labels: string[];
}

export function timeAxis(labels: string[]): TimeAxis {
  const width = 980;
  const left = 190;
  return { width, left, plotWidth: width - left - 16, labels };
}

const cellWidth = (a: TimeAxis) => a.plotWidth / Math.max(1, a.labels.length);
const windowX = (a: TimeAxis, i: number) => a.left + (i + 0.5) * cellWidth(a);

/** Window labels under the axis, thinned so neighbours never overlap. */
function windowLabels(a: TimeAxis, y: number): string {
  const every = Math.max(1, Math.ceil(a.labels.length / Math.floor(a.plotWidth / 16)));
  const out: string[] = [];
  a.labels.forEach((label, i) => {
    if (i % every !== 0) return;
    const x = r1(windowX(a, i));
    out.push(`<text x="${x}" y="${y}" class="tick" text-anchor="end" transform="rotate(-40 ${x} ${y})">${esc(clip(label, 18))}<title>${esc(label)}</title></text>`);
  });
  return out.join('');
}

export interface HeatmapRow {
  /** the column's index in report.columns (links to its section) */
  index: number;
  column: string;
  /** one per window: severity, or null when no test ran; `empty` for a window with no rows */
  cells: { severity: number | null; empty: boolean; title: string }[];
}

/**
 * Columns x windows, each cell coloured by the column's severity in that window; its tooltip says test, statistic and
 * verdict, and a row (label or cell) links to the column's section with its histograms: no script needed.
 */
export function heatmapSvg(axis: TimeAxis, rows: HeatmapRow[]): string {
  const rowHeight = 15;
  const top = 6;
  const cw = cellWidth(axis);
  const height = top + rows.length * rowHeight + 64;
  const parts = [svgOpen(axis.width, height, 'Drift severity per column and window', 'plot heat')];
  rows.forEach((row, r) => {
    const y = top + r * rowHeight;
    parts.push(`<a href="#col-${row.index}"><text x="${axis.left - 8}" y="${y + 11}" class="cat" text-anchor="end">${esc(clip(row.column, 26))}<title>${esc(row.column)}</title></text>`);
    row.cells.forEach((cell, w) => {
      const cls = cell.empty ? 'sev-empty' : severityClass(cell.severity);
      parts.push(`<rect x="${r1(axis.left + w * cw)}" y="${y}" width="${r1(Math.max(1, cw - 1))}" height="${rowHeight - 1}" class="${cls}"><title>${esc(cell.title)}</title></rect>`);
    });
    parts.push('</a>');
  });
  parts.push(windowLabels(axis, top + rows.length * rowHeight + 12), '</svg>');
  return parts.join('');
}

export interface LineSeries {
  name: string;
  colour: string;
  /** one per window; null leaves a gap (an empty window, no figure) */
  values: (number | null)[];
  dashed?: boolean;
  /** windows whose point is drawn as a filled marker (e.g. the window drifted) */
  marked?: boolean[];
  /** draw across windows without a figure (sparse figures, e.g. labels in a few windows); otherwise a null breaks the line */
  joinGaps?: boolean;
}

/** Lines over the windows on the shared time axis, with an optional threshold line. */
export function lineChartSvg(axis: TimeAxis, opts: { label: string; series: LineSeries[]; yMin?: number; yMax?: number; format: (v: number) => string; threshold?: { value: number; label: string } }): string {
  const height = 230;
  const m = { top: 14, bottom: 70 };
  const ph = height - m.top - m.bottom;
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  if (opts.threshold) all.push(opts.threshold.value);
  let lo = opts.yMin ?? Math.min(...all);
  let hi = opts.yMax ?? Math.max(...all);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi <= lo) [lo, hi] = [lo - 0.5 || 0, hi + 0.5 || 1];
  const y = (v: number) => m.top + ph - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo)) * ph;
  const right = axis.left + axis.plotWidth;
  const parts = [svgOpen(axis.width, height, opts.label, 'plot line')];
  for (const t of niceTicks(lo, hi, 4)) parts.push(`<line x1="${axis.left}" x2="${right}" y1="${r1(y(t))}" y2="${r1(y(t))}" class="grid"/><text x="${axis.left - 6}" y="${r1(y(t) + 3)}" class="tick" text-anchor="end">${esc(opts.format(t))}</text>`);
  parts.push(`<line x1="${axis.left}" x2="${right}" y1="${m.top + ph}" y2="${m.top + ph}" class="axis"/>`);
  if (opts.threshold) {
    const ty = r1(y(opts.threshold.value));
    parts.push(`<line x1="${axis.left}" x2="${right}" y1="${ty}" y2="${ty}" class="threshold"/><text x="${right}" y="${r1(y(opts.threshold.value) - 4)}" class="tick thr" text-anchor="end">${esc(opts.threshold.label)}</text>`);
  }
  for (const s of opts.series) {
    // a null breaks the line: a gap says "no figure here" instead of drawing a slope across it
    let d = '';
    let open = false;
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) {
        if (!s.joinGaps) open = false;
        return;
      }
      d += `${open ? 'L' : 'M'}${r1(windowX(axis, i))} ${r1(y(v))}`;
      open = true;
    });
    parts.push(`<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>`);
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      const marked = s.marked?.[i] ?? false;
      parts.push(`<circle cx="${r1(windowX(axis, i))}" cy="${r1(y(v))}" r="${marked ? 3.5 : 2.2}" fill="${marked ? s.colour : '#fff'}" stroke="${s.colour}" stroke-width="1.3"><title>${esc(`${s.name}, ${axis.labels[i] ?? ''}: ${opts.format(v)}`)}</title></circle>`);
    });
  }
  let lx = 8;
  // one line needs no legend: the chart's heading names it
  for (const s of opts.series.length > 1 ? opts.series : []) {
    parts.push(legendItem(lx, height - 6, s.colour, clip(s.name, 28), s.dashed ? 'dashed' : 'line'));
    lx += 30 + Math.min(28, Array.from(s.name).length) * 6.2;
  }
  parts.push(windowLabels(axis, m.top + ph + 12), '</svg>');
  return parts.join('');
}

/**
 * A small gauge beside a column's verdict: the threshold (severity 1) as a line, the reference's own band shaded, and
 * the severity as a dot coloured like its heatmap cell. Scale 0..max(2, band, severity), capped at 4.
 */
export function severityGaugeSvg(severity: number | null, band: { lower: number; upper: number } | null): string {
  const width = 84;
  const height = 14;
  const finite = severity !== null && Number.isFinite(severity) ? severity : null;
  const scale = Math.min(4, Math.max(2, band?.upper ?? 0, finite ?? 0));
  const x = (v: number) => 3 + (Math.min(scale, Math.max(0, v)) / scale) * (width - 6);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" class="gauge" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" aria-hidden="true">`];
  parts.push(`<line x1="3" x2="${width - 3}" y1="7" y2="7" class="axis"/>`);
  if (band) parts.push(`<rect x="${r1(x(band.lower))}" y="3" width="${r1(Math.max(1.5, x(band.upper) - x(band.lower)))}" height="8" class="band"/>`);
  parts.push(`<line x1="${r1(x(1))}" x2="${r1(x(1))}" y1="1" y2="13" class="threshold"/>`);
  if (severity !== null && !Number.isNaN(severity)) parts.push(`<circle cx="${r1(severity === Infinity ? width - 3 : x(severity))}" cy="7" r="4" class="${severityClass(severity)} dot"/>`);
  parts.push('</svg>');
  return parts.join('');
}
