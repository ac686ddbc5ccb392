// A small weighted background for KernelSHAP: k-means over the rows, each centroid snapped to real values.
import { fail } from '../../shared/errors';
import { mulberry32 } from '../training/splits';
import type { FeatureColumn } from '../training/model-types';
import { pickRows, rowCount } from './black-box';

/** Background rows (same columns, one row per centroid) and each one's share of the data, summing to 1. */
export interface Background {
  columns: FeatureColumn[];
  weights: Float64Array;
}

export interface KmeansOptions {
  k: number;
  seed: number;
  /** cluster a seeded sample of this many rows when there are more (k-means costs rows x k x columns per pass) */
  maxRows?: number;
  maxIterations?: number;
}

/**
 * As shap.kmeans: Lloyd's k-means (k-means++ start), weights = cluster sizes, and each numeric centroid coordinate
 * replaced by the closest value the column really holds, so an integer or 0/1 column stays one the model has seen.
 * Unlike shap, numeric columns are standardised first, so a column in large units does not decide the clusters alone;
 * a missing number counts as the column mean. Categorical and text columns take no part in the distance: each
 * centroid takes its cluster's most frequent value (missing included), so the background keeps their mix.
 */
export function kmeansBackground(columns: FeatureColumn[], options: KmeansOptions): Background {
  const all = rowCount(columns);
  if (!Number.isInteger(options.k) || options.k < 1) fail('BAD_INPUT', `The background needs k of at least 1, got ${options.k}.`, { where: { field: 'k' } });
  if (all === 0) fail('BAD_INPUT', 'The background needs at least one row; the data has none.');
  const random = mulberry32(options.seed);
  const sample = sampleRows(all, options.maxRows ?? 10_000, random);
  const data = sample ? columns.map((c) => pickRows(c, sample)) : columns;
  const rows = rowCount(data);
  if (rows <= options.k) return { columns: data, weights: new Float64Array(rows).fill(1 / rows) };

  const numeric = data.flatMap((c) => (c.kind === 'numeric' ? [standardised(c.values)] : []));
  const point = (r: number, j: number) => numeric[j][r];
  const d = numeric.length;
  const centers = initialCenters(rows, d, options.k, point, random);
  const assignment = new Int32Array(rows).fill(-1);
  for (let iteration = 0; iteration < (options.maxIterations ?? 100); iteration++) {
    let moved = false;
    for (let r = 0; r < rows; r++) {
      const nearest = nearestCenter(centers, r, d, point).index;
      if (nearest !== assignment[r]) [assignment[r], moved] = [nearest, true];
    }
    if (!moved) break;
    centers.forEach((center, c) => {
      const sum = new Float64Array(d);
      let count = 0;
      for (let r = 0; r < rows; r++) if (assignment[r] === c) {
        for (let j = 0; j < d; j++) sum[j] += point(r, j);
        count++;
      }
      // an emptied cluster keeps its old center; it is dropped below if it stays empty
      if (count > 0) for (let j = 0; j < d; j++) center[j] = sum[j] / count;
    });
  }
  const members = centers.map((_, c) => Array.from({ length: rows }, (_, r) => r).filter((r) => assignment[r] === c)).filter((m) => m.length > 0);
  return {
    columns: data.map((column) => centroidColumn(column, members)),
    weights: Float64Array.from(members, (m) => m.length / rows),
  };
}

function sampleRows(rows: number, maxRows: number, random: () => number): Int32Array | null {
  if (rows <= maxRows) return null;
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < maxRows; i++) {
    const j = i + Math.floor(random() * (rows - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, maxRows).sort();
}

/** z-scores; missing values become 0 (the mean), a constant column all zeros. */
function standardised(values: Float64Array): Float64Array {
  let sum = 0;
  let count = 0;
  for (const v of values) if (!Number.isNaN(v)) [sum, count] = [sum + v, count + 1];
  const mean = count ? sum / count : 0;
  let sq = 0;
  for (const v of values) if (!Number.isNaN(v)) sq += (v - mean) ** 2;
  const std = count ? Math.sqrt(sq / count) : 0;
  return Float64Array.from(values, (v) => (Number.isNaN(v) || std === 0 ? 0 : (v - mean) / std));
}

/** k-means++: each next center drawn with probability proportional to the squared distance to the nearest one so far. */
function initialCenters(rows: number, d: number, k: number, point: (r: number, j: number) => number, random: () => number): Float64Array[] {
  const take = (r: number) => Float64Array.from({ length: d }, (_, j) => point(r, j));
  const centers = [take(Math.floor(random() * rows))];
  const dist = new Float64Array(rows);
  while (centers.length < k) {
    let total = 0;
    for (let r = 0; r < rows; r++) total += dist[r] = nearestCenter(centers, r, d, point).distance;
    // fewer distinct points than k: every row already sits on a center
    if (total === 0) break;
    let target = random() * total;
    let chosen = rows - 1;
    for (let r = 0; r < rows; r++) if ((target -= dist[r]) < 0) {
      chosen = r;
      break;
    }
    centers.push(take(chosen));
  }
  return centers;
}

function nearestCenter(centers: Float64Array[], r: number, d: number, point: (r: number, j: number) => number): { index: number; distance: number } {
  let best = { index: 0, distance: Infinity };
  centers.forEach((center, index) => {
    let distance = 0;
    for (let j = 0; j < d; j++) distance += (point(r, j) - center[j]) ** 2;
    if (distance < best.distance) best = { index, distance };
  });
  return best;
}

function centroidColumn(column: FeatureColumn, members: number[][]): FeatureColumn {
  if (column.kind === 'numeric') {
    const observed = Float64Array.from(column.values.filter((v) => !Number.isNaN(v))).sort();
    const values = Float64Array.from(members, (rows) => {
      const present = rows.map((r) => column.values[r]).filter((v) => !Number.isNaN(v));
      return present.length === 0 ? NaN : closest(observed, present.reduce((a, b) => a + b, 0) / present.length);
    });
    return { name: column.name, kind: 'numeric', values };
  }
  const values = members.map((rows) => {
    const counts = new Map<string | null, number>();
    for (const r of rows) counts.set(column.values[r], (counts.get(column.values[r]) ?? 0) + 1);
    return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
  });
  return { name: column.name, kind: column.kind, values };
}

/** The value in a sorted array closest to x (the lower one on a tie). */
function closest(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(sorted[hi] - x) < Math.abs(x - sorted[lo]) ? sorted[hi] : sorted[lo];
}
