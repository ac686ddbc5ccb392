// Partial dependence and ICE of any black-box model: the mean score, and each row's score, as one column is swept.
import { fail } from '../../shared/errors';
import type { FeatureColumn } from '../training/model-types';
import type { IceLine, PartialDependence } from '../../shared/explanations';
import { pickRows, replaceColumn, rowCount, scoreRows, type ExplainHooks, type ScoreFn } from './black-box';

export type { IceLine, PartialDependence };

export interface PartialDependenceOptions extends ExplainHooks {
  /** a numeric column's grid: how many points (sklearn's grid_resolution, default 100) or the exact values */
  grid?: number | number[];
  /** the grid spans these quantiles of the column (sklearn's default 0.05 to 0.95) */
  percentiles?: [number, number];
  /** rows whose ICE lines come back: these row indices, or that many rows spread evenly through the data */
  iceRows?: number | number[];
  /** rows per model call: grid points are scored together while they fit */
  batchRows?: number;
}

/**
 * As sklearn 1.2's partial_dependence(method='brute'): every row is scored with the column set to each grid value.
 * The numeric grid follows _grid_from_X: the column's distinct values when fewer than the resolution, else evenly
 * spaced between scipy's mquantiles at the percentiles. Missing values take no part in the grid.
 */
export async function partialDependence(columns: FeatureColumn[], column: string, score: ScoreFn, options: PartialDependenceOptions = {}): Promise<PartialDependence> {
  const index = columns.findIndex((c) => c.name === column);
  if (index < 0) fail('BAD_INPUT', `There is no column ${column} to sweep.`, { where: { field: column } });
  const target = columns[index];
  const n = rowCount(columns);
  if (n === 0) fail('BAD_INPUT', 'Partial dependence needs at least one row; the data has none.');
  const grid = gridOf(target, options);
  const iceRows = iceRowsOf(options.iceRows ?? 0, n);
  // plain arrays: the result is stored as a JSON report
  const average = new Array<number>(grid.length).fill(0);
  const ice = iceRows.map((row) => ({ row, values: new Array<number>(grid.length).fill(0) }));
  const perCall = Math.max(1, Math.floor((options.batchRows ?? 65_536) / n));
  const repeated = (times: number) => Int32Array.from({ length: times * n }, (_, i) => i % n);
  for (let start = 0; start < grid.length; start += perCall) {
    options.checkCancelled?.();
    const points = grid.slice(start, start + perCall);
    const swept = sweptColumn(target, points, n);
    const others = repeated(points.length);
    const batch = replaceColumn(columns.map((c) => pickRows(c, others)), index, swept);
    const scores = await scoreRows(score, batch, points.length * n);
    for (let p = 0; p < points.length; p++) {
      let sum = 0;
      for (let r = 0; r < n; r++) sum += scores[p * n + r];
      average[start + p] = sum / n;
      for (const line of ice) line.values[start + p] = scores[p * n + line.row];
    }
    options.progress?.(Math.min(1, (start + points.length) / grid.length), `Swept ${column} over ${start + points.length} of ${grid.length} values`);
  }
  return { column, grid, average, ice };
}

function sweptColumn(target: FeatureColumn, points: (number | string)[], n: number): FeatureColumn {
  if (target.kind === 'numeric') return { name: target.name, kind: 'numeric', values: Float64Array.from({ length: points.length * n }, (_, i) => Number(points[Math.floor(i / n)])) };
  return { name: target.name, kind: target.kind, values: Array.from({ length: points.length * n }, (_, i) => String(points[Math.floor(i / n)])) };
}

function gridOf(column: FeatureColumn, options: PartialDependenceOptions): number[] | string[] {
  if (column.kind === 'text') fail('BAD_INPUT', `Column ${column.name} is free text: partial dependence needs a numeric or categorical column.`, { where: { field: column.name } });
  if (column.kind === 'categorical') return [...new Set(column.values.filter((v): v is string => v !== null))].sort();
  if (Array.isArray(options.grid)) return options.grid;
  const resolution = options.grid ?? 100;
  const [lo, hi] = options.percentiles ?? [0.05, 0.95];
  if (!Number.isInteger(resolution) || resolution < 2) fail('BAD_INPUT', `The grid needs at least 2 points, got ${resolution}.`, { where: { field: 'grid' } });
  if (!(lo >= 0 && hi <= 1 && lo < hi)) fail('BAD_INPUT', `Percentiles must satisfy 0 <= low < high <= 1, got ${lo} and ${hi}.`, { where: { field: 'percentiles' } });
  const sorted = Float64Array.from(column.values.filter((v) => !Number.isNaN(v))).sort();
  if (sorted.length === 0) fail('BAD_INPUT', `Column ${column.name} has no values to sweep: every one is missing.`, { where: { field: column.name } });
  const distinct = [...new Set(sorted)];
  if (distinct.length < resolution) return distinct;
  const from = mquantile(sorted, lo);
  const to = mquantile(sorted, hi);
  if (from === to) fail('BAD_INPUT', `Percentiles ${lo} and ${hi} of ${column.name} are the same value ${from}: widen them.`, { where: { field: 'percentiles' } });
  // numpy's linspace: start + i * step, with the last point set to the end exactly
  const step = (to - from) / (resolution - 1);
  return Array.from({ length: resolution }, (_, i) => (i === resolution - 1 ? to : from + i * step));
}

/** scipy.stats.mstats.mquantiles with its defaults alphap = betap = 0.4, on sorted values. */
export function mquantile(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  const aleph = n * p + 0.4 + p * (1 - 0.4 - 0.4);
  const k = Math.floor(Math.min(Math.max(aleph, 1), n - 1));
  const gamma = Math.min(Math.max(aleph - k, 0), 1);
  return n === 1 ? sorted[0] : (1 - gamma) * sorted[k - 1] + gamma * sorted[k];
}

function iceRowsOf(spec: number | number[], n: number): number[] {
  if (Array.isArray(spec)) {
    for (const r of spec) if (!Number.isInteger(r) || r < 0 || r >= n) fail('BAD_INPUT', `Row ${r} is not among the ${n} rows.`, { where: { field: 'iceRows' } });
    return spec;
  }
  const count = Math.min(Math.max(0, Math.floor(spec)), n);
  return Array.from({ length: count }, (_, i) => Math.floor((i * n) / count));
}
