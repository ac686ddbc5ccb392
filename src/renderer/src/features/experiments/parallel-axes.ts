// Parallel coordinates as pure functions of the data: axes and their scales, importance order, brushes, label layout.
import { paramImportance } from '../../../../shared/param-importance';

/** one column of the plot: a param or the metric, one value per run (or trial) */
export interface AxisInput {
  key: string;
  values: (number | string | null)[];
}

export interface Tick {
  /** 0 at the bottom of the axis, 1 at the top */
  at: number;
  text: string;
}

export interface Axis {
  key: string;
  kind: 'numeric' | 'categorical';
  /** a positive axis spanning two decades or more (C, learning rates, penalties) reads on a log scale, as it was searched */
  log: boolean;
  /** each run's place on the axis, 0 (bottom) to 1 (top); null where the run has no value */
  positions: (number | null)[];
  ticks: Tick[];
}

/** [low, high] on the 0..1 scale of one axis; runs outside any brush are filtered out */
export type Brushes = Readonly<Record<string, readonly [number, number]>>;

export const shortNumber = (v: number) => (Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

const isNumber = (v: number | string | null): v is number => typeof v === 'number' && Number.isFinite(v);

/** Numbers keep their scale (lowest at the bottom); text is categorical: its sorted levels spread evenly, each ticked. */
export function buildAxis({ key, values }: AxisInput): Axis {
  if (values.every((v) => v === null || typeof v === 'number')) {
    const finite = values.filter(isNumber);
    const lo = finite.length ? Math.min(...finite) : 0;
    const hi = finite.length ? Math.max(...finite) : 1;
    const log = lo > 0 && hi / lo >= 100;
    const place = (v: number) => (hi === lo ? 0.5 : log ? Math.log(v / lo) / Math.log(hi / lo) : (v - lo) / (hi - lo));
    const mid = log ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    const ticks = finite.length === 0 ? [] : hi === lo ? [{ at: 0.5, text: shortNumber(lo) }] : [lo, mid, hi].map((v) => ({ at: place(v), text: shortNumber(v) }));
    return { key, kind: 'numeric', log, positions: values.map((v) => (isNumber(v) ? place(v) : null)), ticks };
  }
  const levels = [...new Set(values.filter((v) => v !== null).map(String))].sort();
  const place = (i: number) => (levels.length === 1 ? 0.5 : i / (levels.length - 1));
  return {
    key,
    kind: 'categorical',
    log: false,
    positions: values.map((v) => (v === null ? null : place(levels.indexOf(String(v))))),
    ticks: levels.map((text, i) => ({ at: place(i), text })),
  };
}

/**
 * How much each param alone moves the metric over these runs (see paramImportance): a param with text values is
 * categorical, one with numbers is binned by rank; runs without the metric are left out.
 */
export function importanceFor(params: readonly AxisInput[], metric: readonly (number | null)[]): Record<string, number> {
  const space = Object.fromEntries(params.map((p) => [p.key, { type: p.values.every((v) => v === null || typeof v === 'number') ? 'numeric' : 'categorical' }]));
  const samples = metric.map((value, r) => ({ state: 'complete', value, params: Object.fromEntries(params.map((p) => [p.key, p.values[r] ?? undefined])) }));
  return paramImportance(space, samples);
}

/**
 * Most important first, so the strongest param sits next to the metric axis (drawn leftmost, as Optuna draws its
 * objective); params of equal importance keep the order given (the sort is stable), so they do not shuffle.
 */
export function byImportance<T extends { key: string }>(params: readonly T[], importance: Readonly<Record<string, number>>): T[] {
  return params.slice().sort((a, b) => (importance[b.key] ?? 0) - (importance[a.key] ?? 0));
}

/** which runs every brush keeps: a run without a value on a brushed axis is out */
export function brushedMask(axes: readonly Axis[], brushes: Brushes): boolean[] {
  const active = axes.filter((a) => brushes[a.key]);
  const runs = axes[0]?.positions.length ?? 0;
  return Array.from({ length: runs }, (_, r) =>
    active.every((a) => {
      const p = a.positions[r];
      const [lo, hi] = brushes[a.key];
      return p !== null && p >= lo && p <= hi;
    }),
  );
}

/** The perceptually even viridis ramp, dark to bright: t in 0..1 picks a colour between its stops. */
const VIRIDIS = [
  [68, 1, 84],
  [65, 68, 135],
  [42, 120, 142],
  [34, 168, 132],
  [122, 209, 81],
  [253, 231, 37],
];
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const [r, g, b] = VIRIDIS[i].map((c, k) => Math.round(c + (VIRIDIS[i + 1][k] - c) * f));
  return `rgb(${r}, ${g}, ${b})`;
}

/** each run's colour position, 1 = best metric, so the best runs are bright; null without a metric */
export function goodness(metric: readonly (number | null)[], lowerIsBetter: boolean): (number | null)[] {
  const finite = metric.filter((v): v is number => v !== null && Number.isFinite(v));
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return metric.map((v) => {
    if (v === null || !Number.isFinite(v)) return null;
    const t = hi === lo ? 1 : (v - lo) / (hi - lo);
    return lowerIsBetter ? 1 - t : t;
  });
}

export interface LabelLayout {
  /** the horizontal place of each axis, in px from the left of the plot */
  xs: number[];
  /** the label of each axis as drawn: whole, or cut with an ellipsis to fit (the full name goes in a tooltip) */
  texts: string[];
  /** the row (0 = top) each label is drawn in; neighbours alternate between rows when one row is too narrow */
  rows: number[];
  rowCount: number;
  /** the widest a label may be drawn */
  limit: number;
}

export interface LabelOptions {
  /** space kept free between two labels of the same row */
  gap: number;
  /** at least this much room beside the first and last axis (their tick labels) */
  edge: number;
  maxRows: number;
  /** no label is drawn wider than this, however few axes there are */
  maxLabel: number;
}

const LABEL_OPTIONS: LabelOptions = { gap: 8, edge: 34, maxRows: 3, maxLabel: 180 };

/**
 * Places n axes across `width` px and their labels above them, centred on their axis, so no two labels overprint:
 * labels take turns between up to `maxRows` rows (same-row neighbours are then `rows` axes apart) and any label still
 * wider than its room is cut to fit with an ellipsis. The fewest rows that fit every label whole win. The first and
 * last axes are inset by half their label's width, so those labels stay inside the plot too.
 */
export function layoutLabels(labels: readonly string[], width: number, measure: (text: string) => number, options: LabelOptions = LABEL_OPTIONS): LabelLayout {
  const n = labels.length;
  const widths = labels.map(measure);
  const fit = (rowCount: number): LabelLayout => {
    const spacingFor = (pad: number) => (n > 1 ? (width - 2 * pad) / (n - 1) : 0);
    const limitFor = (spacing: number) => Math.min(options.maxLabel, n > 1 ? rowCount * spacing - options.gap : width - 2 * options.edge);
    // the inset depends on the label room and the room on the inset: two rounds settle it (the inset only grows)
    let pad = options.edge;
    let limit = limitFor(spacingFor(pad));
    for (let round = 0; round < 2; round++) {
      pad = Math.max(options.edge, Math.min(widths[0], limit) / 2, Math.min(widths[n - 1], limit) / 2);
      limit = limitFor(spacingFor(pad));
    }
    const spacing = spacingFor(pad);
    return {
      xs: labels.map((_, i) => (n > 1 ? pad + i * spacing : width / 2)),
      texts: labels.map((label) => fitText(label, limit, measure)),
      rows: labels.map((_, i) => i % rowCount),
      rowCount,
      limit,
    };
  };
  const rowCounts = Array.from({ length: Math.max(1, Math.min(options.maxRows, n)) }, (_, i) => i + 1);
  const layouts = rowCounts.map(fit);
  return layouts.find((l) => l.texts.every((t, i) => t === labels[i])) ?? layouts[layouts.length - 1];
}

/** `text` whole when it is at most `limit` px wide, else cut to fit with an ellipsis */
export function fitText(text: string, limit: number, measure: (text: string) => number): string {
  return measure(text) <= limit ? text : truncate(text, limit, measure);
}

/** the longest start of `text` that, with an ellipsis, is at most `limit` px wide */
export function truncate(text: string, limit: number, measure: (text: string) => number): string {
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(`${text.slice(0, mid)}…`) <= limit) lo = mid;
    else hi = mid - 1;
  }
  return `${text.slice(0, lo)}…`;
}
