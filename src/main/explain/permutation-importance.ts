// Permutation importance of any black-box model: how much a metric drops when one column's values are shuffled.
import { fail } from '../../shared/errors';
import { logLoss } from '../metrics/log-loss';
import { rocAuc, rocCurve } from '../metrics/ranking-curves';
import { r2 } from '../metrics/regression-report';
import { mulberry32 } from '../training/splits';
import type { FeatureColumn } from '../training/model-types';
import type { ColumnImportance, PermutationImportance } from '../../shared/explanations';
import { pickRows, replaceColumn, rowCount, scoreRows, type ExplainHooks, type ScoreFn } from './black-box';

export type { ColumnImportance, PermutationImportance };

/** A score where higher is better, as scikit-learn's scorers (losses negated), so importance = baseline - permuted. */
export interface ImportanceMetric {
  name: string;
  compute(y: Float64Array, scores: Float64Array): number;
}

function binaryLabels(y: Float64Array): Int32Array {
  return Int32Array.from(y, (v) => (v === 1 ? 1 : 0));
}

/** The scikit-learn scorers by the same names; binary ones read scores as the positive-class probability. */
export const IMPORTANCE_METRICS = {
  r2: { name: 'r2', compute: (y, s) => r2(y, s) },
  neg_mean_squared_error: {
    name: 'neg_mean_squared_error',
    compute: (y, s) => {
      let sum = 0;
      for (let i = 0; i < y.length; i++) sum += (y[i] - s[i]) ** 2;
      return -sum / y.length;
    },
  },
  roc_auc: {
    name: 'roc_auc',
    compute: (y, s) => {
      const curve = rocCurve(Uint8Array.from(y, (v) => (v === 1 ? 1 : 0)), s);
      return curve ? rocAuc(curve) : fail('BAD_INPUT', 'ROC AUC needs both classes among the labels: the target has only one.', { where: { field: 'target' } });
    },
  },
  neg_log_loss: {
    name: 'neg_log_loss',
    compute: (y, s) => {
      const probs = new Float64Array(2 * s.length);
      for (let i = 0; i < s.length; i++) [probs[2 * i], probs[2 * i + 1]] = [1 - s[i], s[i]];
      return -logLoss(binaryLabels(y), probs, 2);
    },
  },
  // scikit-learn's classifiers predict the positive class when p > 0.5 (decision function > 0)
  accuracy: {
    name: 'accuracy',
    compute: (y, s) => {
      let hits = 0;
      for (let i = 0; i < y.length; i++) if ((s[i] > 0.5 ? 1 : 0) === y[i]) hits++;
      return hits / y.length;
    },
  },
} satisfies Record<string, ImportanceMetric>;

export interface PermutationOptions extends ExplainHooks {
  repeats: number;
  seed: number;
  /** one row order per repeat (row i takes the value of row p[i]); drawn from `seed` when absent */
  permutations?: readonly Int32Array[];
  /** rows per model call (default 65,536) */
  batchRows?: number;
}

/**
 * One uniform permutation per repeat by Fisher-Yates from mulberry32(seed). Every column gets the same ones, as in
 * scikit-learn (each column restarts its RandomState from one seed), so columns are compared on the same shuffles.
 */
export function drawPermutations(rows: number, repeats: number, seed: number): Int32Array[] {
  const random = mulberry32(seed);
  return Array.from({ length: repeats }, () => {
    const p = Int32Array.from({ length: rows }, (_, i) => i);
    for (let i = rows - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  });
}

export async function permutationImportance(
  columns: FeatureColumn[],
  y: Float64Array,
  score: ScoreFn,
  metric: ImportanceMetric,
  options: PermutationOptions,
): Promise<PermutationImportance> {
  const rows = rowCount(columns);
  if (y.length !== rows) fail('BAD_INPUT', `The target has ${y.length} values but the columns have ${rows} rows.`, { where: { field: 'target' } });
  if (!Number.isInteger(options.repeats) || options.repeats < 1) fail('BAD_INPUT', `Permutation importance needs at least one repeat, got ${options.repeats}.`, { where: { field: 'repeats' } });
  const permutations = options.permutations ?? drawPermutations(rows, options.repeats, options.seed);
  if (permutations.length !== options.repeats || permutations.some((p) => p.length !== rows)) {
    fail('BAD_INPUT', `Expected ${options.repeats} permutations of ${rows} rows each.`, { where: { field: 'permutations' } });
  }
  const baseline = metric.compute(y, await scoreRows(score, columns, rows));
  const out: ColumnImportance[] = [];
  // small data makes many small model calls: repeats are scored together, stacked, while they fit in batchRows
  const perCall = Math.max(1, Math.floor((options.batchRows ?? 65_536) / Math.max(1, rows)));
  for (let c = 0; c < columns.length; c++) {
    const drops: number[] = [];
    for (let first = 0; first < options.repeats; first += perCall) {
      options.checkCancelled?.();
      const group = permutations.slice(first, first + perCall);
      const stacked = Int32Array.from({ length: group.length * rows }, (_, i) => i % rows);
      const shuffled = Int32Array.from({ length: group.length * rows }, (_, i) => group[Math.floor(i / rows)][i % rows]);
      const batch = replaceColumn(columns.map((col) => pickRows(col, stacked)), c, pickRows(columns[c], shuffled));
      const scores = await scoreRows(score, batch, group.length * rows);
      group.forEach((_, g) => drops.push(baseline - metric.compute(y, scores.subarray(g * rows, (g + 1) * rows))));
      const done = c * options.repeats + first + group.length;
      options.progress?.(done / (columns.length * options.repeats), `Shuffling ${columns[c].name} (${first + group.length} of ${options.repeats})`);
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, d) => a + (d - mean) ** 2, 0) / drops.length);
    out.push({ name: columns[c].name, mean, std, drops });
  }
  return { metric: metric.name, baseline, repeats: options.repeats, columns: out };
}
