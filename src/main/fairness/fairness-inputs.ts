// Turns a dataset's target column, a model's predictions and a sensitive column into the rows a fairness report reads.
import { fail } from '../../shared/errors';

/** A column as the dataset reader hands it over: numbers (NaN missing) or strings (null missing). */
export type ColumnValues = Float64Array | (string | null)[];

/** More groups than this is almost always an id-like or continuous column picked by mistake (age, income: bin it first). */
export const MAX_GROUPS = 100;

export interface FairnessColumns {
  target: { name: string; values: ColumnValues };
  /** the model's predicted labels, or its positive-class probabilities with `threshold` */
  predicted: { name: string; values: ColumnValues };
  sensitive: { name: string; values: ColumnValues };
  /** the positive class as written in the target and label columns ("1", "yes", "approved") */
  positive: string;
  /** set when `predicted` holds probabilities: a row is predicted positive when its probability is at least this */
  threshold?: number;
}

export interface FairnessRows {
  yTrue: Int32Array;
  yPred: Int32Array;
  groups: (string | null)[];
  /** rows left out because the label or the prediction is missing: no confusion cell can hold them */
  droppedRows: number;
}

export function fairnessRows(columns: FairnessColumns): FairnessRows {
  const { target, predicted, sensitive, positive, threshold } = columns;
  const n = target.values.length;
  for (const c of [predicted, sensitive]) {
    if (c.values.length !== n) {
      fail('BAD_INPUT', `Column '${c.name}' has ${c.values.length} rows and the target '${target.name}' ${n}.`, { where: { field: c.name } });
    }
  }
  const truth = outcomes(target.name, target.values, positive);
  const prediction = threshold === undefined ? outcomes(predicted.name, predicted.values, positive) : thresholded(predicted.name, predicted.values, threshold);
  if (!truth.includes(1)) {
    fail('BAD_INPUT', `The positive class '${positive}' never occurs in the target column '${target.name}'.`, {
      where: { field: target.name },
      hint: `Pick the positive class from the column's values: ${sampleValues(target.values).join(', ')}.`,
    });
  }
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (truth[i] >= 0 && prediction[i] >= 0) keep.push(i);
  const groups = keep.map((i) => groupKey(sensitive.values, i));
  const distinct = new Set(groups).size;
  if (distinct > MAX_GROUPS) {
    fail('BAD_INPUT', `The sensitive column '${sensitive.name}' has ${distinct} distinct values; at most ${MAX_GROUPS} groups can be compared.`, {
      where: { field: sensitive.name },
      hint: 'Pick a categorical column, or bin a continuous one (age bands, say) into a new column first.',
    });
  }
  return {
    yTrue: Int32Array.from(keep, (i) => truth[i]),
    yPred: Int32Array.from(keep, (i) => prediction[i]),
    groups,
    droppedRows: n - keep.length,
  };
}

/** 1 for the positive class, 0 for any other, -1 for missing. A numeric column matches the class read as a number. */
function outcomes(name: string, values: ColumnValues, positive: string): Int8Array {
  if (values instanceof Float64Array) {
    const target = Number(positive);
    if (positive.trim() === '' || !Number.isFinite(target)) {
      fail('BAD_INPUT', `Column '${name}' is numeric, so the positive class must be a number; got '${positive}'.`, { where: { field: name } });
    }
    return Int8Array.from(values, (v) => (Number.isNaN(v) ? -1 : v === target ? 1 : 0));
  }
  return Int8Array.from(values, (v) => (v === null ? -1 : v === positive ? 1 : 0));
}

function thresholded(name: string, values: ColumnValues, threshold: number): Int8Array {
  if (!(values instanceof Float64Array)) {
    fail('BAD_INPUT', `A threshold applies to probabilities, but column '${name}' holds text.`, { where: { field: name }, hint: 'Use the probability column of the positive class, or leave the threshold out for a label column.' });
  }
  if (!(threshold >= 0 && threshold <= 1)) fail('BAD_INPUT', `The threshold must lie between 0 and 1; got ${threshold}.`, { where: { field: name } });
  return Int8Array.from(values, (v) => (Number.isNaN(v) ? -1 : v >= threshold ? 1 : 0));
}

/** A number becomes its shortest decimal text ("1", "2.5"), so 1 and 1.0 are one group; NaN and null are missing. */
function groupKey(values: ColumnValues, i: number): string | null {
  if (values instanceof Float64Array) return Number.isNaN(values[i]) ? null : String(values[i]);
  return values[i];
}

/** Up to five distinct non-missing values, for a hint. */
function sampleValues(values: ColumnValues): string[] {
  const seen = new Set<string>();
  for (let i = 0; i < values.length && seen.size < 5; i++) {
    const key = groupKey(values, i);
    if (key !== null) seen.add(`'${key}'`);
  }
  return [...seen];
}
