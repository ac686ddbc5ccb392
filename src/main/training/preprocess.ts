// Learns the per-column feature steps from training columns and applies them to turn columns into a feature matrix (CSR with text).
import { fail } from '../../shared/errors';
import type { FeatureColumn, FeatureStep, Preprocessor } from './model-types';
import type { CsrMatrix, FeatureMatrix } from './feature-matrix';
import { compareCodePoints, fitTfidf, tfidfMatrix, type TfidfOptions } from './tfidf';

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
  // Trees take values raw: no statistic is needed, so skip the sort of every value (a study trial paid it per column).
  if (!impute && !scale) return { kind: 'numeric', column: name, impute: NaN, center: 0, scale: 1 };
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

/** What one step gives each row: a value (numeric), a hot column or none (one-hot), or sparse entries (TF-IDF). */
type StepOutput = { kind: 'value'; values: Float64Array } | { kind: 'hot'; columns: Int32Array } | { kind: 'entries'; matrix: CsrMatrix };

type NumericStep = Extract<FeatureStep, { kind: 'numeric' }>;

/** Writes the step's value of each row to out[offset + r * stride]: straight into a dense matrix, or into a column. */
function writeNumeric(step: NumericStep, values: Float64Array, rows: number, out: Float64Array, offset: number, stride: number): void {
  const keep = keepsMissing(step.impute);
  for (let r = 0, o = offset; r < rows; r++, o += stride) {
    const v = values[r];
    out[o] = ((Number.isNaN(v) && !keep ? step.impute : v) - step.center) / step.scale;
  }
}

/** Each row's category index, or -1 for a missing or unseen one (an all-zero row). */
function hotColumns(step: Extract<FeatureStep, { kind: 'onehot' }>, values: readonly (string | null)[]): Int32Array {
  const index = new Map(step.categories.map((c, i) => [c, i]));
  return Int32Array.from(values, (v) => (v === null ? undefined : index.get(v)) ?? -1);
}

function applyStep(step: FeatureStep, col: FeatureColumn, rows: number): StepOutput {
  if (step.kind === 'numeric') {
    const out = new Float64Array(rows);
    writeNumeric(step, col.values as Float64Array, rows, out, 0, 1);
    return { kind: 'value', values: out };
  }
  if (step.kind === 'onehot') return { kind: 'hot', columns: hotColumns(step, col.values as (string | null)[]) };
  return { kind: 'entries', matrix: tfidfMatrix(step, col.values as (string | null)[]) };
}

/** Numeric and one-hot steps (no TF-IDF) written straight into a row-major matrix, as a table of numbers wants. */
function denseRows(steps: FeatureStep[], matched: FeatureColumn[], widths: number[], rows: number, features: number): FeatureMatrix {
  const X = new Float64Array(rows * features);
  let offset = 0;
  steps.forEach((step, s) => {
    if (step.kind === 'numeric') writeNumeric(step, matched[s].values as Float64Array, rows, X, offset, features);
    else if (step.kind === 'onehot') {
      const hot = hotColumns(step, matched[s].values as (string | null)[]);
      for (let r = 0, base = offset; r < rows; r++, base += features) if (hot[r] >= 0) X[base + hot[r]] = 1;
    }
    offset += widths[s];
  });
  return { kind: 'dense', X, rows, features };
}

/** The steps' outputs side by side in each row, zeros left out (a missing value, NaN, is kept: it is not zero). */
function sparseRows(outputs: StepOutput[], widths: number[], rows: number, features: number): CsrMatrix {
  const indptr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    let n = 0;
    for (const out of outputs) {
      if (out.kind === 'value') n += out.values[r] !== 0 ? 1 : 0;
      else if (out.kind === 'hot') n += out.columns[r] >= 0 ? 1 : 0;
      else n += out.matrix.indptr[r + 1] - out.matrix.indptr[r];
    }
    indptr[r + 1] = indptr[r] + n;
  }
  const values = new Float64Array(indptr[rows]);
  const indices = new Int32Array(indptr[rows]);
  for (let r = 0; r < rows; r++) {
    let p = indptr[r];
    let offset = 0;
    outputs.forEach((out, s) => {
      if (out.kind === 'value') {
        if (out.values[r] !== 0) {
          indices[p] = offset;
          values[p++] = out.values[r];
        }
      } else if (out.kind === 'hot') {
        if (out.columns[r] >= 0) {
          indices[p] = offset + out.columns[r];
          values[p++] = 1;
        }
      } else {
        const m = out.matrix;
        for (let q = m.indptr[r]; q < m.indptr[r + 1]; q++) {
          indices[p] = offset + m.indices[q];
          values[p++] = m.values[q];
        }
      }
      offset += widths[s];
    });
  }
  return { kind: 'csr', values, indices, indptr, rows, features };
}

/**
 * The feature matrix of the columns: CSR whenever a TF-IDF step is present (its rows are mostly zeros, and a dense copy of
 * 50,000 documents x 2,000 terms would take 800 MB), dense otherwise. Columns are matched to steps by name.
 */
export function transform(pre: Preprocessor, columns: readonly FeatureColumn[]): FeatureMatrix {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const matched = pre.steps.map((step) => findColumn(byName, step));
  const rows = (matched[0] ?? columns[0])?.values.length ?? 0;
  for (const col of matched) {
    if (col.values.length !== rows) fail('BAD_INPUT', `The column '${col.name}' has ${col.values.length} rows, others have ${rows}.`);
  }
  const widths = pre.steps.map(stepWidth);
  const features = widths.reduce((sum, w) => sum + w, 0);
  if (!pre.steps.some((s) => s.kind === 'tfidf')) return denseRows(pre.steps, matched, widths, rows, features);
  return sparseRows(pre.steps.map((step, s) => applyStep(step, matched[s], rows)), widths, rows, features);
}
