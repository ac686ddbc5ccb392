// Learns the per-column feature steps from training columns and applies them to turn columns into a dense row-major matrix.
import { fail } from '../../shared/errors';
import type { FeatureColumn, FeatureStep, Preprocessor } from './model-types';
import { compareCodePoints, fitTfidf, writeTfidf, type TfidfOptions } from './tfidf';

export interface PreprocessOptions {
  /** median-impute missing numbers (default true); trees pass false and route NaN themselves */
  impute?: boolean;
  /** standardise numbers (default true); trees pass false since splits do not care about scale */
  scale?: boolean;
  /** most frequent categories kept per categorical column (default 50); the rest encode as all zeros */
  maxCategories?: number;
  /** one TF-IDF step per entry for each text column (default: word unigrams, at most 2000 terms) */
  text?: TfidfOptions[];
}

const DEFAULT_TEXT: TfidfOptions[] = [{ analyzer: 'word', ngramRange: [1, 1], maxFeatures: 2000 }];

function median(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function fitNumeric(name: string, values: Float64Array, impute: boolean, scale: boolean): FeatureStep {
  const present = values.filter((v) => !Number.isNaN(v)).sort();
  // NaN as the impute value means "leave missing values missing" (see keepsMissing).
  const fill = impute ? median(present) : NaN;
  if (!scale) return { kind: 'numeric', column: name, impute: fill, center: 0, scale: 1 };
  // Like a SimpleImputer -> StandardScaler pipeline: the statistics include the imputed values.
  const filled = impute ? values.map((v) => (Number.isNaN(v) ? fill : v)) : present;
  const n = filled.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += filled[i];
  mean = n > 0 ? mean / n : 0;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (filled[i] - mean) ** 2;
  const std = n > 0 ? Math.sqrt(ss / n) : 0;
  return { kind: 'numeric', column: name, impute: fill, center: mean, scale: std > 0 ? std : 1 };
}

function fitOneHot(name: string, values: readonly (string | null)[], maxCategories: number): FeatureStep {
  const counts = new Map<string, number>();
  for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  const byFrequency = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || compareCodePoints(a, b));
  return { kind: 'onehot', column: name, categories: byFrequency.slice(0, maxCategories).sort(compareCodePoints) };
}

export function fitPreprocessor(columns: readonly FeatureColumn[], options: PreprocessOptions = {}): Preprocessor {
  const impute = options.impute ?? true;
  const scale = options.scale ?? true;
  const steps: FeatureStep[] = [];
  for (const col of columns) {
    if (col.kind === 'numeric') steps.push(fitNumeric(col.name, col.values, impute, scale));
    else if (col.kind === 'categorical') steps.push(fitOneHot(col.name, col.values, options.maxCategories ?? 50));
    else for (const t of options.text ?? DEFAULT_TEXT) steps.push(fitTfidf(col.name, col.values, t));
  }
  return { steps, featureNames: steps.flatMap(stepFeatureNames) };
}

function stepFeatureNames(step: FeatureStep): string[] {
  if (step.kind === 'numeric') return [step.column];
  if (step.kind === 'onehot') return step.categories.map((c) => `${step.column}=${c}`);
  const tag = step.analyzer === 'word' ? 'w' : 'c';
  return step.vocabulary.map((t) => `${step.column}:${tag}:${t}`);
}

function stepWidth(step: FeatureStep): number {
  if (step.kind === 'numeric') return 1;
  return step.kind === 'onehot' ? step.categories.length : step.vocabulary.length;
}

/** A stored model's JSON turns a NaN impute value into null; both mean missing values stay NaN for trees. */
function keepsMissing(impute: number): boolean {
  return !Number.isFinite(impute);
}

function findColumn(byName: Map<string, FeatureColumn>, step: FeatureStep): FeatureColumn {
  const col = byName.get(step.column);
  if (!col) fail('BAD_INPUT', `The column '${step.column}' the model was trained on is missing.`, { where: { field: step.column } });
  const expected = step.kind === 'numeric' ? 'numeric' : step.kind === 'onehot' ? 'categorical' : 'text';
  if (col.kind !== expected) {
    fail('BAD_INPUT', `The column '${step.column}' is ${col.kind}, but the model expects ${expected}.`, { where: { field: step.column } });
  }
  return col;
}

export function transform(pre: Preprocessor, columns: readonly FeatureColumn[]): { X: Float64Array; rows: number; features: number } {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const matched = pre.steps.map((step) => findColumn(byName, step));
  const rows = (matched[0] ?? columns[0])?.values.length ?? 0;
  for (const col of matched) {
    if (col.values.length !== rows) fail('BAD_INPUT', `The column '${col.name}' has ${col.values.length} rows, others have ${rows}.`);
  }
  const features = pre.steps.reduce((sum, s) => sum + stepWidth(s), 0);
  const X = new Float64Array(rows * features);
  let offset = 0;
  pre.steps.forEach((step, s) => {
    const col = matched[s];
    if (step.kind === 'numeric') {
      const values = col.values as Float64Array;
      const keep = keepsMissing(step.impute);
      for (let r = 0; r < rows; r++) {
        const v = values[r];
        X[r * features + offset] = ((Number.isNaN(v) && !keep ? step.impute : v) - step.center) / step.scale;
      }
    } else if (step.kind === 'onehot') {
      const index = new Map(step.categories.map((c, i) => [c, i]));
      const values = col.values as (string | null)[];
      for (let r = 0; r < rows; r++) {
        const i = values[r] === null ? undefined : index.get(values[r]!);
        if (i !== undefined) X[r * features + offset + i] = 1;
      }
    } else {
      writeTfidf(step, col.values as (string | null)[], X, features, offset);
    }
    offset += stepWidth(step);
  });
  return { X, rows, features };
}
