// Champion vs challenger on the same rows: metrics side by side with paired bootstrap percentile intervals (both
// models scored on the same resampled rows, so the difference's interval is meaningful), and where they disagree.
import type { ComparisonBody, MetricWithInterval } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import { percentileInterval } from '../../fairness/bootstrap-counts';
import { Prng } from '../../tuning/prng';

/** One model's predictions for every row. */
export type SidePredictions =
  | {
      task: 'classification';
      labels: readonly string[];
      /** the score of the positive class (any monotone score: probability or log-probability), when the model gives one */
      positiveScore: Float64Array | null;
    }
  | { task: 'regression'; values: Float64Array };

/** The label column on the rows that have one: text labels for classifiers, numbers for regressors. */
export type Truth = { kind: 'labels'; values: readonly string[] } | { kind: 'values'; values: Float64Array };

export interface PairedInput {
  truth: Truth;
  champion: SidePredictions;
  challenger: SidePredictions;
}

export const DEFAULT_BOOTSTRAP = 1000;
export const INTERVAL_LEVEL = 0.95;
export const MAX_DISAGREEING = 100;

/** `count` resamples of n rows, each n row indices drawn with replacement from a seeded generator. */
export function* bootstrapResamples(n: number, count: number, seed: number): Generator<Int32Array> {
  const prng = new Prng(seed);
  for (let b = 0; b < count; b++) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = Math.floor(prng.next() * n);
    yield rows;
  }
}

// ---- metrics on weighted rows --------------------------------------------------------------------------------------
// A resample is read as how often it drew each row (its weights), so every metric is a weighted sum over the rows as
// they are: no resampled copies of the data, and the rank order roc_auc needs is sorted once instead of per resample.

type Metric = (w: Float64Array) => number | null;

function total(w: Float64Array): number {
  let s = 0;
  for (const x of w) s += x;
  return s;
}

function accuracyOf(truth: Int32Array, predicted: Int32Array): Metric {
  return (w) => {
    let hit = 0;
    for (let i = 0; i < w.length; i++) if (truth[i] === predicted[i]) hit += w[i];
    return hit / total(w);
  };
}

/** scikit-learn's f1_score(average='macro'): the mean F1 over the labels present in the truth or the predictions. */
function f1MacroOf(truth: Int32Array, predicted: Int32Array, k: number): Metric {
  return (w) => {
    const tp = new Float64Array(k);
    const fp = new Float64Array(k);
    const fn = new Float64Array(k);
    for (let i = 0; i < w.length; i++) {
      if (w[i] === 0) continue;
      if (truth[i] === predicted[i]) tp[truth[i]] += w[i];
      else {
        fp[predicted[i]] += w[i];
        fn[truth[i]] += w[i];
      }
    }
    let sum = 0;
    let present = 0;
    for (let c = 0; c < k; c++) {
      const d = 2 * tp[c] + fp[c] + fn[c];
      if (d === 0) continue;
      sum += (2 * tp[c]) / d;
      present++;
    }
    return sum / present;
  };
}

/**
 * The area under the ROC curve as the Mann-Whitney statistic (a tie counts half), which equals scikit-learn's
 * trapezoidal roc_auc_score; null when the rows hold only one class.
 */
function rocAucOf(positive: Uint8Array, scores: Float64Array): Metric {
  const order = Int32Array.from(scores.keys()).sort((a, b) => scores[a] - scores[b]);
  return (w) => {
    let negativesBelow = 0;
    let area = 0;
    let positives = 0;
    for (let start = 0; start < order.length; ) {
      let end = start;
      let pos = 0;
      let neg = 0;
      while (end < order.length && scores[order[end]] === scores[order[start]]) {
        const i = order[end++];
        if (positive[i]) pos += w[i];
        else neg += w[i];
      }
      area += pos * (negativesBelow + neg / 2);
      negativesBelow += neg;
      positives += pos;
      start = end;
    }
    return positives > 0 && negativesBelow > 0 ? area / (positives * negativesBelow) : null;
  };
}

function squaredErrors(truth: Float64Array, predicted: Float64Array, w: Float64Array): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i] * (truth[i] - predicted[i]) ** 2;
  return s;
}

function rmseOf(truth: Float64Array, predicted: Float64Array): Metric {
  return (w) => Math.sqrt(squaredErrors(truth, predicted, w) / total(w));
}

function maeOf(truth: Float64Array, predicted: Float64Array): Metric {
  return (w) => {
    let s = 0;
    for (let i = 0; i < w.length; i++) s += w[i] * Math.abs(truth[i] - predicted[i]);
    return s / total(w);
  };
}

/** With scikit-learn's force_finite: a constant truth gives 1 for a perfect fit and 0 otherwise. */
function r2Of(truth: Float64Array, predicted: Float64Array): Metric {
  return (w) => {
    const n = total(w);
    let mean = 0;
    for (let i = 0; i < w.length; i++) mean += w[i] * truth[i];
    mean /= n;
    let ssTot = 0;
    for (let i = 0; i < w.length; i++) ssTot += w[i] * (truth[i] - mean) ** 2;
    const ssRes = squaredErrors(truth, predicted, w);
    if (ssTot === 0) return ssRes === 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
  };
}

// ---- the two sides -------------------------------------------------------------------------------------------------

interface NamedMetrics {
  task: 'binary' | 'multiclass' | 'regression';
  names: string[];
  champion: Metric[];
  challenger: Metric[];
}

/** The positive class of a binary truth: the second of its two labels in sorted order. */
export function positiveLabel(truth: readonly string[]): string | null {
  const labels = [...new Set(truth)].sort();
  return labels.length === 2 ? labels[1] : null;
}

function classificationMetrics(truth: readonly string[], a: Extract<SidePredictions, { task: 'classification' }>, b: typeof a): NamedMetrics {
  const classes = [...new Set([...truth, ...a.labels, ...b.labels])].sort();
  const code = new Map(classes.map((c, i) => [c, i]));
  const encode = (labels: readonly string[]): Int32Array => Int32Array.from(labels, (l) => code.get(l)!);
  const t = encode(truth);
  const side = (s: typeof a): Metric[] => [accuracyOf(t, encode(s.labels)), f1MacroOf(t, encode(s.labels), classes.length)];
  const positive = positiveLabel(truth);
  if (positive === null) return { task: 'multiclass', names: ['accuracy', 'f1_macro'], champion: side(a), challenger: side(b) };
  const isPositive = Uint8Array.from(truth, (l) => (l === positive ? 1 : 0));
  const auc = (s: typeof a): Metric => (s.positiveScore ? rocAucOf(isPositive, s.positiveScore) : () => null);
  return { task: 'binary', names: ['accuracy', 'f1_macro', 'roc_auc'], champion: [...side(a), auc(a)], challenger: [...side(b), auc(b)] };
}

function regressionMetrics(truth: Float64Array, a: Float64Array, b: Float64Array): NamedMetrics {
  const side = (p: Float64Array): Metric[] => [rmseOf(truth, p), maeOf(truth, p), r2Of(truth, p)];
  return { task: 'regression', names: ['rmse', 'mae', 'r2'], champion: side(a), challenger: side(b) };
}

function metricsFor(input: PairedInput): NamedMetrics {
  const { truth, champion: a, challenger: b } = input;
  const n = truth.values.length;
  for (const s of [a, b]) {
    if ((s.task === 'classification' ? s.labels.length : s.values.length) !== n) fail('INTERNAL', `A model gave predictions for a different number of rows than the ${n} labelled ones.`);
  }
  if (a.task === 'classification' && b.task === 'classification' && truth.kind === 'labels') return classificationMetrics(truth.values, a, b);
  if (a.task === 'regression' && b.task === 'regression' && truth.kind === 'values') return regressionMetrics(truth.values, a.values, b.values);
  return fail('BAD_INPUT', `The champion is a ${a.task} model and the challenger a ${b.task} model (the target holds ${truth.kind === 'labels' ? 'labels' : 'numbers'}), so their metrics cannot be compared.`, {
    where: { field: 'challenger' },
  });
}

const interval = (value: number | null, resampled: (number | null)[], level: number): MetricWithInterval => {
  const found = resampled.length > 0 ? percentileInterval(resampled, level) : null;
  return { value, low: found?.low ?? null, high: found?.high ?? null };
};

export interface PairedMetrics {
  task: NamedMetrics['task'];
  metrics: ComparisonBody['metrics'];
}

/**
 * Each metric on all rows for both models and their difference (challenger minus champion), with percentile
 * intervals at `level` over `resamples` (row indices; each resample scores both models on the same rows).
 */
export function pairedMetrics(input: PairedInput, resamples: Iterable<Int32Array>, level = INTERVAL_LEVEL, checkCancelled?: () => void): PairedMetrics {
  const m = metricsFor(input);
  const n = input.truth.values.length;
  if (n === 0) fail('BAD_INPUT', 'No row has a label to compare the models against.', { where: { field: 'target' } });
  const draws = m.names.map(() => ({ champion: [] as (number | null)[], challenger: [] as (number | null)[], difference: [] as (number | null)[] }));
  const w = new Float64Array(n);
  for (const rows of resamples) {
    checkCancelled?.();
    w.fill(0);
    for (const r of rows) w[r]++;
    m.names.forEach((_, j) => {
      const a = m.champion[j](w);
      const b = m.challenger[j](w);
      draws[j].champion.push(a);
      draws[j].challenger.push(b);
      draws[j].difference.push(a === null || b === null ? null : b - a);
    });
  }
  const all = new Float64Array(n).fill(1);
  return {
    task: m.task,
    metrics: m.names.map((name, j) => {
      const a = m.champion[j](all);
      const b = m.challenger[j](all);
      return {
        name,
        champion: interval(a, draws[j].champion, level),
        challenger: interval(b, draws[j].challenger, level),
        difference: interval(a === null || b === null ? null : b - a, draws[j].difference, level),
      };
    }),
  };
}

// ---- agreement -----------------------------------------------------------------------------------------------------

/** Regression predictions agree within this relative tolerance (float32 outputs of the same network differ in the last bits). */
export const RELATIVE_TOLERANCE = 1e-6;

const prediction = (s: SidePredictions, row: number): string | number => (s.task === 'classification' ? s.labels[row] : s.values[row]);

function agrees(a: SidePredictions, b: SidePredictions, row: number): boolean {
  if (a.task === 'classification' || b.task === 'classification') return String(prediction(a, row)) === String(prediction(b, row));
  const x = a.values[row];
  const y = b.values[row];
  return x === y || Math.abs(x - y) <= RELATIVE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y));
}

export interface Agreement {
  agreement: number;
  disagreements: number;
  disagreeing: ComparisonBody['disagreeing'];
}

/** The share of rows where both predict the same, and the first `max` rows where they do not, with the truth where known. */
export function agreementOf(champion: SidePredictions, challenger: SidePredictions, rows: number, truth: (row: number) => string | number | null, max = MAX_DISAGREEING): Agreement {
  const disagreeing: ComparisonBody['disagreeing'] = [];
  let disagreements = 0;
  for (let r = 0; r < rows; r++) {
    if (agrees(champion, challenger, r)) continue;
    disagreements++;
    if (disagreeing.length < max) disagreeing.push({ row: r, champion: prediction(champion, r), challenger: prediction(challenger, r), truth: truth(r) });
  }
  return { agreement: rows === 0 ? 1 : (rows - disagreements) / rows, disagreements, disagreeing };
}
