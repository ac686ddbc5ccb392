// Scores a stored dataset version with a registered model version's ONNX file in onnxruntime: predicted classes and
// probabilities (classifiers) or values (regression), one row each, for prediction drift and performance checks.
import * as ort from 'onnxruntime-node';
import { fail } from '../../shared/errors';
import type { DatasetColumns } from '../experiments/dataset-columns';
import { featureKind } from '../experiments/dataset-columns';
import { BATCH_ROWS, feed, sliceColumn } from '../onnx/parity';
import { OUTPUT_NAMES } from '../onnx/output-nodes';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import type { ProjectStore } from '../store/project-store';
import type { FeatureColumn, FeatureStep, Task } from '../training/model-types';

/** What scoring needs from a model version: its task, classes, training target and input columns, and the ONNX bytes. */
export interface ScoringModel {
  /** lineage id, `<name>@<version>` */
  id: string;
  task: Task;
  target: string;
  /** class labels in probability order; null for regression */
  classes: string[] | null;
  /** the dataset version the model was trained on, `<name>@<version>` (null when its run names none) */
  trainedOn: string | null;
  /** each input column and the kind of values its preprocessing step takes */
  inputs: { column: string; kind: FeatureColumn['kind'] }[];
  onnx: Uint8Array;
}

/** One dataset version scored: classifiers fill `predicted` and `probabilities`, regression fills `values`. */
export type Scores =
  | { task: 'binary' | 'multiclass'; rows: number; classes: string[]; predicted: Int32Array; probabilities: Float64Array }
  | { task: 'regression'; rows: number; values: Float64Array };

/** The stored model JSON's fields scoring reads (the whole TrainedModel is stored; only these matter here). */
interface StoredModel {
  task: Task;
  target: string;
  classes: string[] | null;
  preprocessor: { steps: FeatureStep[] };
}

const STEP_KINDS: Record<FeatureStep['kind'], FeatureColumn['kind']> = { numeric: 'numeric', onehot: 'categorical', tfidf: 'text' };

/** Reads a model version (NAME@VERSION or NAME@ALIAS) for scoring. NOT_FOUND when no such version; BAD_INPUT when it has no ONNX file. */
export function loadScoringModel(store: ProjectStore, ref: string): ScoringModel {
  const version = new ModelVersionsRepo(store.db).resolve(ref);
  const id = version.id;
  if (!version.onnxBlob) fail('BAD_INPUT', `Model version ${id} has no ONNX file to score with.`, { where: { field: 'model' }, hint: 'Pick a model version trained in Airlock, which exports ONNX with every finished run.' });
  if (!version.modelBlob) {
    fail('BAD_INPUT', `Model version ${id} was imported as an ONNX file; drift reports score model versions trained in Airlock, whose columns and classes they know.`, {
      where: { field: 'model' },
      hint: 'Score the imported model into a dataset version (airlock score) and compare its prediction columns instead.',
    });
  }
  const model = JSON.parse(store.blobs.get(version.modelBlob).toString('utf8')) as StoredModel;
  const inputs = model.preprocessor.steps.map((s) => ({ column: s.column, kind: STEP_KINDS[s.kind] }));
  return { id, task: model.task, target: model.target, classes: model.classes, trainedOn: version.trainedOn, inputs, onnx: new Uint8Array(store.blobs.get(version.onnxBlob)) };
}

/** Strings feed categorical and text steps alike; numbers feed numeric steps. */
const takesStrings = (kind: FeatureColumn['kind']): boolean => kind !== 'numeric';

/** Why `data` cannot be scored by `model`: a column the model takes that it lacks or holds as another kind; null when it can. */
export function inputProblem(model: ScoringModel, data: DatasetColumns): { column: string; message: string } | null {
  for (const { column, kind } of model.inputs) {
    const schema = data.schema.find((c) => c.name === column);
    if (!schema) return { column, message: `Model ${model.id} was trained on column '${column}', which ${data.versionId} does not have.` };
    if (takesStrings(featureKind(schema.type)) !== takesStrings(kind)) {
      return { column, message: `Model ${model.id} takes ${kind === 'numeric' ? 'numbers' : 'strings'} in column '${column}', but it is ${schema.type} in ${data.versionId}.` };
    }
  }
  return null;
}

/** The model's input columns read from `data`; BAD_INPUT naming the column when inputProblem finds one. */
function inputColumns(model: ScoringModel, data: DatasetColumns): FeatureColumn[] {
  const problem = inputProblem(model, data);
  if (problem) fail('BAD_INPUT', problem.message, { where: { field: problem.column } });
  return model.inputs.map(({ column }) => data.read(column));
}

/**
 * Scores every row of `data` through onnxruntime, in batches, checking for Cancel between them. Predicted classes
 * come from the file's own label output (as a deployed model would answer), probabilities from its probability output.
 */
export async function scoreDataset(model: ScoringModel, data: DatasetColumns, checkCancelled: () => void): Promise<Scores> {
  const columns = inputColumns(model, data);
  const session = await ort.InferenceSession.create(model.onnx);
  try {
    const metas = new Map(session.inputMetadata.map((m) => [m.name, m]));
    const rows = data.rows;
    const classes = model.classes;
    if (model.task === 'regression' || !classes) {
      const values = new Float64Array(rows);
      await eachBatch(rows, async (start, end) => {
        checkCancelled();
        const out = await session.run(feeds(columns, metas, start, end));
        values.set(out[OUTPUT_NAMES.variable].data as Float32Array, start);
      });
      return { task: 'regression', rows, values };
    }
    const k = classes.length;
    const index = new Map(classes.map((c, i) => [c, i]));
    const predicted = new Int32Array(rows);
    const probabilities = new Float64Array(rows * k);
    await eachBatch(rows, async (start, end) => {
      checkCancelled();
      const out = await session.run(feeds(columns, metas, start, end));
      probabilities.set(out[OUTPUT_NAMES.probabilities].data as Float32Array, start * k);
      const labels = out[OUTPUT_NAMES.label].data as string[];
      for (let r = 0; r < labels.length; r++) predicted[start + r] = index.get(labels[r]) ?? -1;
    });
    return { task: model.task === 'binary' ? 'binary' : 'multiclass', rows, classes, predicted, probabilities };
  } finally {
    await session.release();
  }
}

async function eachBatch(rows: number, run: (start: number, end: number) => Promise<void>): Promise<void> {
  for (let start = 0; start < rows; start += BATCH_ROWS) await run(start, Math.min(rows, start + BATCH_ROWS));
}

function feeds(columns: FeatureColumn[], metas: Map<string, ort.InferenceSession.ValueMetadata>, start: number, end: number): Record<string, ort.Tensor> {
  return Object.fromEntries(
    columns.map((col) => {
      const meta = metas.get(col.name);
      if (!meta) fail('INTERNAL', `The ONNX file has no input named '${col.name}', which its model JSON lists.`);
      return [col.name, feed(sliceColumn(col, start, end), meta)];
    }),
  );
}
