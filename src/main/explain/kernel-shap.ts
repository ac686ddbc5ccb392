// KernelSHAP (Lundberg & Lee 2017) over any black-box model: Shapley values by weighted regression on coalitions.
import { fail } from '../../shared/errors';
import { mulberry32 } from '../training/splits';
import type { FeatureColumn } from '../training/model-types';
import type { RowExplanation, ShapValues } from '../../shared/explanations';
import { pickRows, rowCount, scoreRows, type ExplainHooks, type ScoreFn } from './black-box';
import { kmeansBackground, type Background } from './kmeans';

export type { RowExplanation };

export interface KernelShapOptions extends ExplainHooks {
  /** a background given as rows and weights, or k-means centroids of the explained data (shap.kmeans) */
  background: Background | { k: number };
  /** coalitions per row; default as shap's "auto", 2M + 2048; capped at the 2^M - 2 that exist */
  samples?: number;
  seed: number;
  /** rows per model call (coalitions x background rows are scored together) */
  batchRows?: number;
}

export interface KernelShap extends ShapValues {
  /** the rows the explanations are relative to (typed arrays: summarise it before storing the result as JSON) */
  background: Background;
}

export interface Coalition {
  /** indices into the varying columns that take the explained row's value */
  mask: Uint8Array;
  weight: number;
}

/**
 * Follows shap's KernelExplainer: columns whose value equals every background row's get 0 and leave the game;
 * coalition sizes are enumerated in full, smallest and largest first, while the budget covers them, the rest sampled
 * by the Shapley kernel with each sample's complement; efficiency (sum = f(x) - base) is imposed exactly by
 * eliminating the last column from the least squares. No L1 feature selection (shap's l1_reg): every column is kept.
 */
export async function kernelShap(columns: FeatureColumn[], rowsToExplain: number[], score: ScoreFn, options: KernelShapOptions): Promise<KernelShap> {
  const n = rowCount(columns);
  for (const r of rowsToExplain) if (!Number.isInteger(r) || r < 0 || r >= n) fail('BAD_INPUT', `Row ${r} is not among the ${n} rows.`, { where: { field: 'rows' } });
  const background = 'k' in options.background ? kmeansBackground(columns, { k: options.background.k, seed: options.seed }) : options.background;
  const bgRows = rowCount(background.columns);
  const sameColumns = background.columns.length === columns.length && background.columns.every((c, j) => c.name === columns[j].name && c.kind === columns[j].kind);
  if (bgRows === 0 || !sameColumns || background.weights.length !== bgRows) fail('BAD_INPUT', 'The background needs at least one weighted row with the same columns, in the same order, as the data.', { where: { field: 'background' } });
  const totalWeight = background.weights.reduce((a, b) => a + b, 0);
  const bgScores = await scoreRows(score, background.columns, bgRows);
  const baseValue = bgScores.reduce((a, s, k) => a + background.weights[k] * s, 0) / totalWeight;
  const predictions = await scoreRows(score, columns.map((c) => pickRows(c, rowsToExplain)), rowsToExplain.length);
  const random = mulberry32(options.seed);
  const out: RowExplanation[] = [];
  for (let i = 0; i < rowsToExplain.length; i++) {
    options.checkCancelled?.();
    const row = rowsToExplain[i];
    const varying = columns.flatMap((c, j) => (differsFromBackground(c, background.columns[j], row) ? [j] : []));
    const values = new Float64Array(columns.length);
    const gap = predictions[i] - baseValue;
    if (varying.length === 1) values[varying[0]] = gap;
    if (varying.length > 1) {
      const coalitions = drawCoalitions(varying.length, options.samples ?? 2 * varying.length + 2048, random);
      const coalitionValues = await valuesOf(coalitions, varying, columns, row, background, totalWeight, score, options);
      solveShapley(coalitions, coalitionValues, baseValue, gap).forEach((phi, v) => (values[varying[v]] = phi));
    }
    out.push({ row, prediction: predictions[i], values: Array.from(values) });
    options.progress?.((i + 1) / rowsToExplain.length, `Explained row ${row} (${i + 1} of ${rowsToExplain.length})`);
  }
  const meanAbs = columns.map((_, j) => out.reduce((a, r) => a + Math.abs(r.values[j]), 0) / Math.max(1, out.length));
  return { columns: columns.map((c) => c.name), baseValue, rows: out, meanAbs, background };
}

function differsFromBackground(column: FeatureColumn, bg: FeatureColumn, row: number): boolean {
  const x = column.values[row];
  for (let k = 0; k < bg.values.length; k++) {
    const b = bg.values[k];
    // a missing number equals a missing number: replacing NaN by NaN changes nothing
    if (!(b === x || (typeof b === 'number' && typeof x === 'number' && Number.isNaN(b) && Number.isNaN(x)))) return true;
  }
  return false;
}

function binomial(n: number, k: number): number {
  let out = 1;
  for (let i = 1; i <= k; i++) out = (out * (n - k + i)) / i;
  return out;
}

/** shap's coalition plan (KernelExplainer.explain), with mulberry32 in place of numpy's generator. */
export function drawCoalitions(m: number, requested: number, random: () => number): Coalition[] {
  const samples = m <= 30 ? Math.min(requested, 2 ** m - 2) : requested;
  const sizes = Math.ceil((m - 1) / 2);
  const pairedSizes = Math.floor((m - 1) / 2);
  const weightOf = Array.from({ length: sizes }, (_, i) => ((m - 1) / ((i + 1) * (m - i - 1))) * (i < pairedSizes ? 2 : 1));
  const sum = weightOf.reduce((a, b) => a + b, 0);
  const weightVector = weightOf.map((w) => w / sum);
  const out: Coalition[] = [];
  let left = samples;
  let fullSizes = 0;
  let remaining = [...weightVector];
  for (let size = 1; size <= sizes; size++) {
    const paired = size <= pairedSizes;
    const subsets = binomial(m, size) * (paired ? 2 : 1);
    if ((left * remaining[size - 1]) / subsets < 1 - 1e-8) break;
    fullSizes++;
    left -= subsets;
    if (remaining[size - 1] < 1) remaining = remaining.map((w) => w / (1 - remaining[size - 1]));
    const weight = weightVector[size - 1] / binomial(m, size) / (paired ? 2 : 1);
    for (const members of combinations(m, size)) {
      const mask = new Uint8Array(m);
      for (const j of members) mask[j] = 1;
      out.push({ mask, weight });
      if (paired) out.push({ mask: mask.map((b) => 1 - b), weight });
    }
  }
  if (fullSizes === sizes || left <= 0) return out;
  const fixed = out.length;
  const drawWeights = weightVector.map((w, i) => (i < pairedSizes ? w / 2 : w)).slice(fullSizes);
  const drawTotal = drawWeights.reduce((a, b) => a + b, 0);
  const seen = new Map<string, number>();
  for (let draw = 0; left > 0 && draw < 4 * samples; draw++) {
    let u = random() * drawTotal;
    let pick = drawWeights.findIndex((w) => (u -= w) < 0);
    if (pick < 0) pick = drawWeights.length - 1;
    const size = pick + fullSizes + 1;
    const mask = new Uint8Array(m);
    for (const j of randomSubset(m, size, random)) mask[j] = 1;
    const key = mask.join('');
    const at = seen.get(key);
    if (at === undefined) {
      seen.set(key, out.length);
      out.push({ mask, weight: 1 });
      left--;
    } else out[at].weight += 1;
    if (left > 0 && size <= pairedSizes) {
      if (at === undefined) {
        out.push({ mask: mask.map((b) => 1 - b), weight: 1 });
        left--;
      } else out[at + 1].weight += 1;
    }
  }
  // the sampled coalitions share the kernel weight of the sizes not enumerated, in proportion to how often each was drawn
  const weightLeft = weightVector.slice(fullSizes).reduce((a, b) => a + b, 0);
  const drawn = out.slice(fixed).reduce((a, c) => a + c.weight, 0);
  for (let i = fixed; i < out.length; i++) out[i].weight *= weightLeft / drawn;
  return out;
}

function* combinations(m: number, size: number): Generator<number[]> {
  const idx = Array.from({ length: size }, (_, i) => i);
  while (true) {
    yield [...idx];
    let i = size - 1;
    while (i >= 0 && idx[i] === m - size + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < size; j++) idx[j] = idx[j - 1] + 1;
  }
}

function randomSubset(m: number, size: number, random: () => number): number[] {
  const order = Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (m - i));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order.slice(0, size);
}

/** v(S) for each coalition: the background-weighted mean score with the coalition's columns set to the row's values. */
async function valuesOf(
  coalitions: Coalition[],
  varying: number[],
  columns: FeatureColumn[],
  row: number,
  background: Background,
  totalWeight: number,
  score: ScoreFn,
  options: KernelShapOptions,
): Promise<Float64Array> {
  const bgRows = rowCount(background.columns);
  const perCall = Math.max(1, Math.floor((options.batchRows ?? 65_536) / bgRows));
  const out = new Float64Array(coalitions.length);
  for (let start = 0; start < coalitions.length; start += perCall) {
    options.checkCancelled?.();
    const batch = coalitions.slice(start, start + perCall);
    const synthetic = columns.map((column, j): FeatureColumn => {
      const v = varying.indexOf(j);
      const takesRow = (c: Coalition) => v >= 0 && c.mask[v] === 1;
      const bg = background.columns[j];
      if (column.kind === 'numeric' && bg.kind === 'numeric') {
        const values = new Float64Array(batch.length * bgRows);
        batch.forEach((c, s) => {
          if (takesRow(c)) values.fill(column.values[row], s * bgRows, (s + 1) * bgRows);
          else values.set(bg.values, s * bgRows);
        });
        return { name: column.name, kind: 'numeric', values };
      }
      if (column.kind === 'numeric' || bg.kind === 'numeric') return fail('BAD_INPUT', `Column ${column.name} is ${column.kind} in the data but ${bg.kind} in the background.`, { where: { field: column.name } });
      const values = batch.flatMap((c) => (takesRow(c) ? new Array<string | null>(bgRows).fill(column.values[row]) : bg.values));
      return { name: column.name, kind: column.kind, values };
    });
    const scores = await scoreRows(score, synthetic, batch.length * bgRows);
    batch.forEach((_, s) => {
      let sum = 0;
      for (let k = 0; k < bgRows; k++) sum += background.weights[k] * scores[s * bgRows + k];
      out[start + s] = sum / totalWeight;
    });
  }
  return out;
}

/**
 * Weighted least squares of v(S) - base on the coalition masks with sum(phi) = gap imposed: the last column's phi is
 * gap minus the others', so the regression runs on (mask_j - mask_last) with target v(S) - base - mask_last * gap.
 */
function solveShapley(coalitions: Coalition[], values: Float64Array, base: number, gap: number): Float64Array {
  const m = coalitions[0].mask.length;
  const p = m - 1;
  const a = Array.from({ length: p }, () => new Float64Array(p + 1));
  coalitions.forEach((c, s) => {
    const last = c.mask[p];
    const target = values[s] - base - last * gap;
    for (let i = 0; i < p; i++) {
      const xi = c.mask[i] - last;
      if (xi === 0) continue;
      for (let j = 0; j < p; j++) a[i][j] += c.weight * xi * (c.mask[j] - last);
      a[i][p] += c.weight * xi * target;
    }
  });
  const beta = gaussianSolve(a) ?? fail('BAD_INPUT', `${coalitions.length} coalitions cannot separate the contributions of ${m} columns.`, { where: { field: 'samples' }, hint: 'Raise the number of samples (at least twice the number of columns).' });
  const phi = new Float64Array(m);
  phi.set(beta);
  phi[p] = gap - beta.reduce((x, y) => x + y, 0);
  return phi;
}

/** Solves the augmented system [A | b] by Gaussian elimination with partial pivoting; null when A is singular. */
function gaussianSolve(a: Float64Array[]): Float64Array | null {
  const p = a.length;
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) return null;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < p; r++) {
      const f = a[r][col] / a[col][col];
      if (f !== 0) for (let c = col; c <= p; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Float64Array(p);
  for (let r = p - 1; r >= 0; r--) {
    let s = a[r][p];
    for (let c = r + 1; c < p; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}
