// The multivariate drift check: a domain classifier (our boosted trees) learns to tell current rows from reference rows; its held-out ROC AUC against a permutation baseline says whether the joint distribution moved.
import { fail } from '../../shared/errors';
import type { MultivariateDrift } from '../../shared/monitoring';
import { rocAuc, rocCurve } from '../metrics/ranking-curves';
import { trainGbdt, type GbdtParams } from '../training/gbdt';
import type { FeatureColumn } from '../training/model-types';
import { predictScores } from '../training/predict';
import { compareCodePoints } from '../training/tfidf';
import { kFold, mulberry32, type Fold } from '../training/splits';

/** Rows drawn from each side: enough to see a shift of a few AUC points, few enough to train every model in seconds. */
export const ROWS_PER_SIDE = 5000;
/**
 * Below this many rows on a side the check is skipped, not guessed: the smallest sample whose training folds (2/3 of
 * both sides) can hold one split into the trees' 20-row leaves. Fewer would report a chance AUC learnt from nothing.
 */
export const MIN_ROWS_PER_SIDE = 30;
export const FOLDS = 3;
/**
 * Permutations of the side labels: as many as fit in PERMUTATION_ROWS sampled rows (both sides), between the two
 * bounds. Small samples are cheap and are where chance AUCs spread widest: there a 95th percentile of only 10
 * permutations would let about one report in ten drift by chance; 50 bring that near the intended one in twenty.
 */
export const MIN_PERMUTATIONS = 10;
export const MAX_PERMUTATIONS = 50;
const PERMUTATION_ROWS = 100_000;
/**
 * The smallest AUC called drift, whatever the baseline says. With thousands of rows per side the permutation
 * baseline's upper end sits near 0.51, so a shift that lets the classifier rank a current row above a reference row
 * in just 52% of pairs would beat it: real, but too small to act on or alert about. At 0.55 the classifier is right
 * on 55% of pairs, as the best classifier is when one normal column moves by 0.18 of its standard deviation.
 */
export const MIN_DRIFT_AUC = 0.55;
const TOP_FEATURES = 10;

/**
 * Shallow and short on purpose: depth 3 sees pairwise interactions (a flipped correlation), 40 rounds at rate 0.2
 * fit them, and nothing here is deep enough to memorise the training folds.
 */
export const CLASSIFIER: Partial<GbdtParams> = { maxIter: 40, learningRate: 0.2, maxDepth: 3, maxLeafNodes: 8, minSamplesLeaf: 20, maxBins: 64 };
const MODEL = `boosted trees (${CLASSIFIER.maxIter} rounds, depth ${CLASSIFIER.maxDepth}, learning rate ${CLASSIFIER.learningRate}), ${FOLDS}-fold held-out`;

export interface MultivariateOptions {
  /** the same seed draws the same rows, folds and permutations: the same result */
  seed: number;
  checkCancelled(): void;
  progress?(fraction: number, message: string): void;
}

/**
 * Trains the domain classifier on up to ROWS_PER_SIDE rows from each side (the same number from both) and scores
 * every row on the fold that did not train on it. Text columns are ignored. Both sides must hold the same columns
 * (name and kind); the caller leaves out columns that separate the sides by construction (timestamps, row ids),
 * which would make every report drift. Skipped, with the reason, when a side is too small or no column is usable.
 * Drift when the AUC beats the permutations' 95th percentile and reaches MIN_DRIFT_AUC.
 */
export function multivariateDrift(reference: FeatureColumn[], current: FeatureColumn[], options: MultivariateOptions): MultivariateDrift | { skipped: string } {
  const pairs = pairColumns(reference, current);
  const refRows = rowCount(reference, 'reference');
  const curRows = rowCount(current, 'current data');
  if (pairs.length === 0) return { skipped: 'no numeric or categorical column to compare (text columns are not used by the domain classifier)' };
  const smaller = Math.min(refRows, curRows);
  if (smaller < MIN_ROWS_PER_SIDE) {
    const side = refRows <= curRows ? 'reference' : 'current data';
    return { skipped: `the ${side} has ${smaller} row${smaller === 1 ? '' : 's'}; the domain classifier needs at least ${MIN_ROWS_PER_SIDE} on each side` };
  }
  const perSide = Math.min(ROWS_PER_SIDE, smaller);
  const random = mulberry32(options.seed);
  const X = featureMatrix(pairs, sampleRows(refRows, perSide, random), sampleRows(curRows, perSide, random));
  const features = pairs.length;
  // current = 1: an AUC above 0.5 means the classifier recognises current rows
  const sides = new Int32Array(2 * perSide).fill(1, perSide);
  // folds and permutations draw from the sample's stream, so one seed fixes them all without reusing a sequence
  const folds = kFold(sides.length, FOLDS, Math.floor(random() * 2 ** 32), sides);
  const permutations = Math.min(MAX_PERMUTATIONS, Math.max(MIN_PERMUTATIONS, Math.floor(PERMUTATION_ROWS / sides.length)));
  const total = FOLDS * (1 + permutations);
  let done = 0;
  const step = (message: string) => options.progress?.(++done / total, message);

  const real = heldOutAuc(X, features, sides, folds, options.checkCancelled, (f) => step(`domain classifier: fold ${f + 1} of ${FOLDS}`));
  const baseline: number[] = [];
  const permuted = Int32Array.from(sides);
  for (let p = 0; p < permutations; p++) {
    permuteWithinFolds(permuted, folds, random);
    baseline.push(heldOutAuc(X, features, permuted, folds, options.checkCancelled, () => step(`permutation baseline: ${p + 1} of ${permutations}`)).auc);
  }
  const baselineUpper = percentile(baseline, 0.95);
  return {
    auc: real.auc,
    baselineMean: baseline.reduce((s, a) => s + a, 0) / baseline.length,
    baselineUpper,
    permutations,
    pValue: (1 + baseline.filter((a) => a >= real.auc).length) / (1 + permutations),
    drift: real.auc > baselineUpper && real.auc >= MIN_DRIFT_AUC,
    rowsPerSide: perSide,
    topFeatures: pairs
      .map((pair, f) => ({ feature: pair.name, importance: real.importance[f] }))
      .filter((t) => t.importance > 0)
      .sort((a, b) => b.importance - a.importance)
      .slice(0, TOP_FEATURES),
    model: MODEL,
  };
}

/** A column the classifier reads, with both sides' values. */
type ColumnPair = { name: string; kind: 'numeric'; reference: Float64Array; current: Float64Array } | { name: string; kind: 'categorical'; reference: readonly (string | null)[]; current: readonly (string | null)[] };

/** Reference and current columns matched by name, text columns dropped; a column on one side only, or of another kind, is the caller's bug. */
function pairColumns(reference: FeatureColumn[], current: FeatureColumn[]): ColumnPair[] {
  const byName = new Map(current.map((c) => [c.name, c]));
  const refNames = new Set(reference.map((c) => c.name));
  const extra = current.find((c) => !refNames.has(c.name));
  if (extra) fail('BAD_INPUT', `Column '${extra.name}' is in the current data but not in the reference given to the domain classifier.`, { where: { field: extra.name } });
  const pairs: ColumnPair[] = [];
  for (const r of reference) {
    const c = byName.get(r.name);
    if (!c) fail('BAD_INPUT', `Column '${r.name}' is in the reference but not in the current data given to the domain classifier.`, { where: { field: r.name } });
    if (r.kind === 'numeric' && c.kind === 'numeric') pairs.push({ name: r.name, kind: 'numeric', reference: r.values, current: c.values });
    else if (r.kind === 'categorical' && c.kind === 'categorical') pairs.push({ name: r.name, kind: 'categorical', reference: r.values, current: c.values });
    else if (r.kind !== c.kind) fail('BAD_INPUT', `Column '${r.name}' is ${r.kind} in the reference but ${c.kind} in the current data.`, { where: { field: r.name } });
  }
  return pairs;
}

function rowCount(columns: FeatureColumn[], side: string): number {
  const rows = columns[0]?.values.length ?? 0;
  const ragged = columns.find((c) => c.values.length !== rows);
  if (ragged) fail('BAD_INPUT', `Column '${ragged.name}' of the ${side} has ${ragged.values.length} rows, others have ${rows}.`, { where: { field: ragged.name } });
  return rows;
}

/** min(k, n) distinct row indices out of n, ascending (a partial Fisher-Yates shuffle; ascending keeps the reads in stored order). */
export function sampleRows(n: number, k: number, random: () => number): Int32Array {
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (n <= k) return all;
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

/**
 * The sampled reference rows, then the sampled current rows, one feature per column (row-major, NaN = missing).
 * Numbers go in as they are: trees need no scaling and route NaN themselves. Categories go in as their rank by
 * frequency in the sample rather than one-hot: trees isolate a category with two splits, and one feature per column
 * keeps training cost in columns, not categories (one-hot of 10 twenty-level columns made the check 5x slower).
 */
function featureMatrix(pairs: ColumnPair[], refRows: Int32Array, curRows: Int32Array): Float64Array {
  const features = pairs.length;
  const X = new Float64Array((refRows.length + curRows.length) * features);
  pairs.forEach((pair, f) => {
    if (pair.kind === 'numeric') {
      refRows.forEach((row, i) => (X[i * features + f] = pair.reference[row]));
      curRows.forEach((row, i) => (X[(refRows.length + i) * features + f] = pair.current[row]));
      return;
    }
    const values = [...Array.from(refRows, (row) => pair.reference[row]), ...Array.from(curRows, (row) => pair.current[row])];
    const rank = frequencyRanks(values);
    values.forEach((v, i) => (X[i * features + f] = v === null ? NaN : rank.get(v)!));
  });
  return X;
}

/** Each category's rank by count, most frequent 0; ties in code-point order, so the coding does not depend on row order. */
function frequencyRanks(values: readonly (string | null)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const ranked = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || compareCodePoints(a, b));
  return new Map(ranked.map((v, i) => [v, i]));
}

/**
 * The domain classifier on a ready feature matrix (row-major, NaN = missing) with the folds given: each fold's model
 * scores the rows it did not train on, and the AUC is the mean over folds of the ROC AUC on each fold's held-out rows
 * (labels 1 = current), as scikit-learn's cross_val_score(scoring='roc_auc'). Per fold rather than pooled: each fold's
 * model has its own base score, and pooling would rank one fold's rows against another's by that offset alone.
 * Also the split gain per feature averaged over the folds. Exported so it can be checked against scikit-learn.
 */
export function heldOutAuc(X: Float64Array, features: number, labels: Int32Array, folds: Fold[], checkCancelled: () => void, onFold?: (fold: number) => void): { auc: number; importance: Float64Array } {
  let auc = 0;
  const importance = new Float64Array(features);
  folds.forEach((fold, f) => {
    checkCancelled();
    const y = Int32Array.from(fold.train, (r) => labels[r]);
    const model = trainGbdt(rowsOf(X, features, fold.train), fold.train.length, features, y, 'binary', 2, CLASSIFIER, { checkCancelled });
    const scores = predictScores(model.body, rowsOf(X, features, fold.test), fold.test.length, features);
    const curve = rocCurve(Uint8Array.from(fold.test, (r) => labels[r]), scores);
    // null only for a fold holding one side; folds are dealt per side, so with MIN_ROWS_PER_SIDE rows each holds both
    auc += (curve ? rocAuc(curve) : 0.5) / folds.length;
    for (let j = 0; j < features; j++) importance[j] += model.featureImportance[j] / folds.length;
    onFold?.(f);
  });
  return { auc, importance };
}

function rowsOf(X: Float64Array, features: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * features);
  rows.forEach((r, i) => out.set(X.subarray(r * features, (r + 1) * features), i * features));
  return out;
}

/**
 * Shuffles the labels among the rows of each fold's test part, so every permutation trains and tests on exactly the
 * side counts of the real labels: the baseline is the same classifier on the same balanced folds, only which row
 * belongs to which side is left to chance. (A free shuffle would train each fold on a random imbalance instead.)
 */
function permuteWithinFolds(labels: Int32Array, folds: Fold[], random: () => number): void {
  for (const { test } of folds) {
    for (let i = test.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const t = labels[test[i]];
      labels[test[i]] = labels[test[j]];
      labels[test[j]] = t;
    }
  }
}

/** numpy.percentile's default (linear interpolation between the closest ranks). */
function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}
