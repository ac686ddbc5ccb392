// The multivariate drift check: a domain classifier (our boosted trees) learns to tell current rows from reference rows; its held-out ROC AUC against a permutation baseline says whether the joint distribution moved.
import { fail } from '../../shared/errors';
import type { MultivariateDrift } from '../../shared/monitoring';
import { rocAuc, rocCurve } from '../metrics/ranking-curves';
import { trainGbdt, type GbdtParams } from '../training/gbdt';
import type { FeatureColumn, Preprocessor } from '../training/model-types';
import { predictScores } from '../training/predict';
import { fitPreprocessor, transform } from '../training/preprocess';
import { kFold, mulberry32, type Fold } from '../training/splits';

/** Rows drawn from each side: enough to see a shift of a few AUC points, few enough to train 33 small models in seconds. */
export const ROWS_PER_SIDE = 5000;
/** A side with fewer rows than this gives folds too small for the trees' 20-row leaves: the check is skipped, not guessed. */
export const MIN_ROWS_PER_SIDE = 20;
export const FOLDS = 3;
/** Permutations of the side labels for the baseline; the p-value cannot go below 1 / (PERMUTATIONS + 1). */
export const PERMUTATIONS = 10;
/**
 * The smallest AUC called drift, whatever the baseline says. With thousands of rows per side the permutation
 * baseline's upper end sits around 0.51, so a classifier that is right 51% of the time would be "significant"
 * while being no shift anyone should act on; 0.55 is the usual floor for a domain classifier worth alerting on.
 */
export const MIN_DRIFT_AUC = 0.55;
const TOP_FEATURES = 10;
/** Categories one-hot encoded per column; rarer ones encode as all zeros, which still separates them from the common ones. */
const MAX_CATEGORIES = 20;

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
  const refSample = sampleRows(refRows, perSide, random);
  const curSample = sampleRows(curRows, perSide, random);
  const combined = pairs.map(([r, c]) => stacked(r, c, refSample, curSample));
  const preprocessor = fitPreprocessor(combined, { impute: false, scale: false, maxCategories: MAX_CATEGORIES });
  const { X, rows, features } = transform(preprocessor, combined);
  // current = 1: an AUC above 0.5 means the classifier recognises current rows
  const sides = new Int32Array(rows).fill(1, perSide);
  const folds = kFold(rows, FOLDS, options.seed, sides);
  const total = FOLDS * (1 + PERMUTATIONS);
  let done = 0;
  const step = (message: string) => options.progress?.(++done / total, message);

  const real = heldOutScores(X, features, sides, folds, options.checkCancelled, (f) => step(`domain classifier: fold ${f + 1} of ${FOLDS}`));
  const auc = aucOf(sides, real.scores);
  const baseline: number[] = [];
  const permuted = Int32Array.from(sides);
  for (let p = 0; p < PERMUTATIONS; p++) {
    shuffle(permuted, random);
    const run = heldOutScores(X, features, permuted, folds, options.checkCancelled, (f) => step(`permutation baseline ${p + 1} of ${PERMUTATIONS}: fold ${f + 1}`));
    baseline.push(aucOf(permuted, run.scores));
  }
  const baselineUpper = percentile(baseline, 0.95);
  return {
    auc,
    baselineMean: baseline.reduce((s, a) => s + a, 0) / baseline.length,
    baselineUpper,
    permutations: PERMUTATIONS,
    pValue: (1 + baseline.filter((a) => a >= auc).length) / (1 + PERMUTATIONS),
    drift: auc > baselineUpper && auc >= MIN_DRIFT_AUC,
    rowsPerSide: perSide,
    topFeatures: topColumns(preprocessor, real.importance),
    model: MODEL,
  };
}

/** Reference and current columns matched by name, text columns dropped; a column on one side only, or of another kind, is the caller's bug. */
function pairColumns(reference: FeatureColumn[], current: FeatureColumn[]): [FeatureColumn, FeatureColumn][] {
  const byName = new Map(current.map((c) => [c.name, c]));
  const refNames = new Set(reference.map((c) => c.name));
  const extra = current.find((c) => !refNames.has(c.name));
  if (extra) fail('BAD_INPUT', `Column '${extra.name}' is in the current data but not in the reference given to the domain classifier.`, { where: { field: extra.name } });
  const pairs: [FeatureColumn, FeatureColumn][] = [];
  for (const r of reference) {
    const c = byName.get(r.name);
    if (!c) fail('BAD_INPUT', `Column '${r.name}' is in the reference but not in the current data given to the domain classifier.`, { where: { field: r.name } });
    if (c.kind !== r.kind) fail('BAD_INPUT', `Column '${r.name}' is ${r.kind} in the reference but ${c.kind} in the current data.`, { where: { field: r.name } });
    if (r.kind !== 'text') pairs.push([r, c]);
  }
  return pairs;
}

function rowCount(columns: FeatureColumn[], side: string): number {
  const rows = columns[0]?.values.length ?? 0;
  const ragged = columns.find((c) => c.values.length !== rows);
  if (ragged) fail('BAD_INPUT', `Column '${ragged.name}' of the ${side} has ${ragged.values.length} rows, others have ${rows}.`, { where: { field: ragged.name } });
  return rows;
}

/** k distinct row indices out of n, ascending (a partial Fisher-Yates shuffle; ascending keeps the reads in stored order). */
function sampleRows(n: number, k: number, random: () => number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, k).sort();
}

/** The sampled reference rows followed by the sampled current rows, as one column. */
function stacked(r: FeatureColumn, c: FeatureColumn, refRows: Int32Array, curRows: Int32Array): FeatureColumn {
  const n = refRows.length + curRows.length;
  if (r.kind === 'numeric' && c.kind === 'numeric') {
    const values = new Float64Array(n);
    refRows.forEach((row, i) => (values[i] = r.values[row]));
    curRows.forEach((row, i) => (values[refRows.length + i] = c.values[row]));
    return { name: r.name, kind: 'numeric', values };
  }
  const values: (string | null)[] = [];
  for (const row of refRows) values.push(r.values[row] as string | null);
  for (const row of curRows) values.push(c.values[row] as string | null);
  return { name: r.name, kind: 'categorical', values };
}

/** Every row's score from the model of the fold that held it out, and the split gain per feature averaged over the folds. */
function heldOutScores(X: Float64Array, features: number, labels: Int32Array, folds: Fold[], checkCancelled: () => void, onFold: (fold: number) => void): { scores: Float64Array; importance: Float64Array } {
  const scores = new Float64Array(labels.length);
  const importance = new Float64Array(features);
  folds.forEach((fold, f) => {
    checkCancelled();
    const train = rowsOf(X, features, fold.train);
    const y = Int32Array.from(fold.train, (r) => labels[r]);
    const model = trainGbdt(train, fold.train.length, features, y, 'binary', 2, CLASSIFIER, { checkCancelled });
    const test = rowsOf(X, features, fold.test);
    const s = predictScores(model.body, test, fold.test.length, features);
    fold.test.forEach((r, i) => (scores[r] = s[i]));
    for (let j = 0; j < features; j++) importance[j] += model.featureImportance[j] / folds.length;
    onFold(f);
  });
  return { scores, importance };
}

function rowsOf(X: Float64Array, features: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * features);
  rows.forEach((r, i) => out.set(X.subarray(r * features, (r + 1) * features), i * features));
  return out;
}

function aucOf(labels: Int32Array, scores: Float64Array): number {
  const curve = rocCurve(Uint8Array.from(labels), scores);
  // both sides always hold rows (at least MIN_ROWS_PER_SIDE each), so the curve exists; 0.5 is chance if it ever did not
  return curve ? rocAuc(curve) : 0.5;
}

function shuffle(a: Int32Array, random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** numpy.percentile's default (linear interpolation between the closest ranks). */
export function percentile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
}

/** Feature importance summed back onto the input columns (a categorical column's one-hot features add up), largest first. */
function topColumns(preprocessor: Preprocessor, importance: Float64Array): { feature: string; importance: number }[] {
  const byColumn: { feature: string; importance: number }[] = [];
  let offset = 0;
  for (const step of preprocessor.steps) {
    const width = step.kind === 'numeric' ? 1 : step.kind === 'onehot' ? step.categories.length : step.vocabulary.length;
    let sum = 0;
    for (let j = offset; j < offset + width; j++) sum += importance[j];
    if (sum > 0) byColumn.push({ feature: step.column, importance: sum });
    offset += width;
  }
  return byColumn.sort((a, b) => b.importance - a.importance).slice(0, TOP_FEATURES);
}
