// The model as the explainers see it: a ScoreFn over an opened model version, one number per row (a class's
// probability, whether it predicts a class, or its regression value), run through `predict` on the chosen provider.
import type { ColumnSchema } from '../../../shared/domain';
import { fail } from '../../../shared/errors';
import type { ExplainedScore } from '../../../shared/explanations';
import type { DatasetColumns } from '../../experiments/dataset-columns';
import type { ScoreFn } from '../../explain/black-box';
import type { FeatureColumn } from '../../training/model-types';
import type { InputMapping } from '../input-mapping';
import { predict, type ModelOutputs, type PickedPrediction, type RunnableModel } from '../scoring/predict';

/** The value seen most often among `keys`; on a tie, the one seen first. */
function mostFrequent(keys: ArrayLike<string | number>): string | number {
  const counts = new Map<string | number, number>();
  for (let i = 0; i < keys.length; i++) counts.set(keys[i], (counts.get(keys[i]) ?? 0) + 1);
  let best: [string | number, number] = [keys[0], 0];
  // a Map iterates in insertion order: the first seen wins a tie
  for (const entry of counts) if (entry[1] > best[1]) best = entry;
  return best[0];
}

/**
 * Which number per row is explained. A binary classifier's probability of its second class (scikit-learn's positive
 * class); a multiclass one's probability of `className`, by default the class its probabilities rank first most often
 * on these rows (so the explanation is about what the model mostly predicts, and its probability moves). A model
 * that gives labels only (scikit-learn's ZipMap probabilities cannot be returned) explains 1 when it predicts the
 * class and 0 when not. A regression model explains its value.
 */
export function explainedScore(prediction: PickedPrediction, className?: string): ExplainedScore {
  if (prediction.task === 'regression') {
    if (className !== undefined) fail('BAD_INPUT', `The model is a regression model (output '${prediction.valueOutput}'): it has no class '${className}' to explain.`, { where: { field: 'className' } });
    return { kind: 'value', output: prediction.valueOutput };
  }
  const { scores, columnClasses, labels } = prediction;
  if (scores && columnClasses) {
    const names = columnClasses.map((c, j) => c ?? String(j));
    let classIndex: number;
    if (className !== undefined) {
      classIndex = names.indexOf(className);
      if (classIndex < 0) fail('BAD_INPUT', `Output '${scores.output}' gives no probability for class '${className}'; its columns stand for ${names.map((n) => `'${n}'`).join(', ')}.`, { where: { field: 'className' } });
    } else if (scores.width === 2) classIndex = 1;
    else {
      const top = Int32Array.from({ length: labels.length }, (_, r) => {
        let best = 0;
        for (let j = 1; j < scores.width; j++) if (scores.values[r * scores.width + j] > scores.values[r * scores.width + best]) best = j;
        return best;
      });
      classIndex = Number(mostFrequent(top));
    }
    return { kind: 'probability', output: scores.output, className: names[classIndex], classIndex };
  }
  const output = prediction.labelOutput ?? fail('INTERNAL', 'A classification without scores has a label output.');
  if (className !== undefined && !labels.includes(className)) fail('BAD_INPUT', `The model predicts class '${className}' for none of the rows.`, { where: { field: 'className' } });
  return { kind: 'label', output, className: className ?? String(mostFrequent(labels)) };
}

/** The explained number of every row, read from the model's outputs. */
export function readScore(outputs: ModelOutputs, explained: ExplainedScore): Float64Array {
  const out = outputs.outputs.find((o) => o.name === explained.output) ?? fail('BAD_INPUT', `The model gave no output '${explained.output}' for these rows.`, { where: { field: 'model' } });
  const rows = outputs.rows;
  if (explained.kind === 'label') return Float64Array.from({ length: rows }, (_, r) => (String(out.values[r * out.width]) === explained.className ? 1 : 0));
  if (out.kind !== 'number') fail('BAD_INPUT', `Output '${out.name}' holds text, not numbers to explain.`, { where: { field: 'model' } });
  const column = explained.kind === 'probability' ? explained.classIndex : 0;
  return Float64Array.from({ length: rows }, (_, r) => out.values[r * out.width + column]);
}

/** Columns held in memory as a dataset version, so `predict` reads the explainers' synthetic rows as it reads stored ones. */
export function columnsAsDataset(columns: FeatureColumn[], schema: ColumnSchema[], versionId: string): DatasetColumns {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const at = versionId.lastIndexOf('@');
  return {
    versionId,
    dataset: versionId.slice(0, at),
    version: Number(versionId.slice(at + 1)),
    rows: columns.length === 0 ? 0 : columns[0].values.length,
    schema: schema.filter((c) => byName.has(c.name)),
    read: (name) => byName.get(name) ?? fail('INTERNAL', `Column '${name}' is not among the explained columns.`, { where: { field: name } }),
  };
}

export interface ScoreFnOptions {
  /** the dataset version's schema: the column types the mapping was checked against */
  schema: ColumnSchema[];
  /** the version the rows come from (named in messages) */
  versionId: string;
  batchSize?: number;
  checkCancelled: () => void;
}

/** A ScoreFn over the opened model: every call is one `predict` over the given columns, batched on its provider. */
export function modelScoreFn(opened: RunnableModel, mapping: InputMapping, explained: ExplainedScore, options: ScoreFnOptions): ScoreFn {
  return async (columns) => {
    const outputs = await predict(opened, columnsAsDataset(columns, options.schema, options.versionId), mapping, { batchSize: options.batchSize, checkCancelled: options.checkCancelled });
    return readScore(outputs, explained);
  };
}
