// Turns a dataset version into what trainers need: the task, coded labels, and typed feature columns per split.
import type { ColumnSchema } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { FeatureColumn, ModelKind, Task } from '../training/model-types';
import { compareCodePoints } from '../training/tfidf';
import type { DatasetColumns } from './dataset-columns';

const MAX_CLASSES = 100;
/** an integer target with at most this many distinct values is taken as classes, not a quantity */
const MAX_INTEGER_CLASSES = 20;

export interface Labels {
  task: Task;
  /** class names in score order (binary: [negative, positive]); null for regression */
  classes: string[] | null;
  /** class index (classification) or value (regression) per kept row */
  y: Int32Array | Float64Array;
  /** dataset rows that have a target value, ascending */
  kept: Int32Array;
  droppedMissingTarget: number;
}

export function chooseTask(model: ModelKind, target: ColumnSchema, distinct: number): Task {
  const classify = (): Task => (distinct <= 2 ? 'binary' : 'multiclass');
  if (model === 'linreg') {
    if (target.type !== 'numeric' && target.type !== 'integer') fail('BAD_INPUT', `Linear regression needs a numeric target; '${target.name}' is ${target.type}.`, { where: { field: 'target' } });
    return 'regression';
  }
  if (model === 'logreg') return classify();
  if (target.type === 'numeric' || target.type === 'datetime') return 'regression';
  if (target.type === 'integer' && distinct > MAX_INTEGER_CLASSES) return 'regression';
  return classify();
}

/** Classes sort as numbers when they all are numbers, else by code point, so "2" comes before "10". */
function sortClasses(names: string[]): string[] {
  const numeric = names.every((n) => n.trim() !== '' && Number.isFinite(Number(n)));
  return numeric ? [...names].sort((a, b) => Number(a) - Number(b)) : [...names].sort(compareCodePoints);
}

export function codeLabels(model: ModelKind, data: DatasetColumns, target: string): Labels {
  const schema = data.schema.find((c) => c.name === target);
  if (!schema) fail('BAD_INPUT', `Dataset ${data.versionId} has no column '${target}'.`, { where: { field: 'target' } });
  const col = data.read(target);
  const values: ArrayLike<number | string | null> = col.values;
  // A numeric target's classes are its values written as text. String() is one-to-one on numbers but for 0 and -0
  // ("0" both), and a Set or Map of numbers takes 0 and -0 as one key too, so numbers can stand for their text until
  // the class names are written: no String() per row (twice, it was most of coding 200,000 labels).
  const present = col.kind === 'numeric' ? (v: number | string | null) => !Number.isNaN(v) : (v: number | string | null) => v !== null;
  const kept = new Int32Array(data.rows);
  let keptCount = 0;
  const distinct = new Set<number | string | null>();
  for (let i = 0; i < data.rows; i++) {
    const v = values[i];
    if (!present(v)) continue;
    kept[keptCount++] = i;
    if (distinct.size <= MAX_CLASSES) distinct.add(v);
  }
  if (keptCount < 10) fail('BAD_INPUT', `Only ${keptCount} rows have a value in '${target}': too few to train on.`, { where: { field: 'target' } });
  const task = chooseTask(model, schema, distinct.size);
  const keptRows = kept.slice(0, keptCount);
  const droppedMissingTarget = data.rows - keptCount;
  if (task === 'regression') {
    if (col.kind !== 'numeric') fail('BAD_INPUT', `Regression needs a numeric target; '${target}' is ${schema.type}.`, { where: { field: 'target' } });
    const y = new Float64Array(keptCount);
    for (let i = 0; i < keptCount; i++) y[i] = col.values[keptRows[i]];
    return { task, classes: null, y, kept: keptRows, droppedMissingTarget };
  }
  if (distinct.size < 2) fail('BAD_INPUT', `The target '${target}' has a single class (${String([...distinct][0])}): nothing to classify.`, { where: { field: 'target' } });
  if (distinct.size > MAX_CLASSES) fail('BAD_INPUT', `The target '${target}' has more than ${MAX_CLASSES} classes; pick a categorical target or a regression model.`, { where: { field: 'target' } });
  const classes = sortClasses([...distinct].map(String));
  const index = new Map(classes.map((c, i) => [c, i]));
  const classOf = new Map([...distinct].map((v) => [v, index.get(String(v))!]));
  const y = new Int32Array(keptCount);
  for (let i = 0; i < keptCount; i++) y[i] = classOf.get(values[keptRows[i]])!;
  return { task, classes, y, kept: keptRows, droppedMissingTarget };
}

/**
 * The rows `idx` of a column, as a new column. Plain index loops, not `Float64Array.from(idx, fn)`: a train job takes
 * every feature's rows twice (kept rows, then each split), and the per-element callback made that about 0.45 s of a
 * 200,000-row trial, ten times the loop's cost.
 */
export function takeRows(col: FeatureColumn, idx: Int32Array): FeatureColumn {
  const n = idx.length;
  if (col.kind === 'numeric') {
    const from = col.values;
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = from[idx[i]];
    return { name: col.name, kind: 'numeric', values };
  }
  const from = col.values;
  const values = new Array<string | null>(n);
  for (let i = 0; i < n; i++) values[i] = from[idx[i]];
  return { name: col.name, kind: col.kind, values };
}

export function takeLabels<T extends Int32Array | Float64Array>(y: T, idx: Int32Array): T {
  const out = new (y.constructor as new (n: number) => T)(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}

/** Rows of the kept set mapped back to dataset rows. */
export function compose(kept: Int32Array, idx: Int32Array): Int32Array {
  return Int32Array.from(idx, (i) => kept[i]);
}
