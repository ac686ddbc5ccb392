// Trains a requirement classifier from labelled texts in process, through OUR trainers: featurize() the texts, then the
// train pipeline's TF-IDF logistic regression with cross-validation, exactly as a tracked run of experiment
// "Requirements classifier" does. The shipped default, a project's retraining and the benchmarks all come from here.
import type { ColumnSchema } from '../../../shared/domain';
import { fail } from '../../../shared/errors';
import { trainRequest, type TrainRequest } from '../../../shared/experiment-requests';
import { resolveParams, type ResolvedParams } from '../../../shared/model-catalog';
import { CLASSIFIER_MODEL } from '../../../shared/requirements-classes';
import type { DatasetColumns } from '../../experiments/dataset-columns';
import { compose } from '../../experiments/training-data';
import { runPipeline, type PipelineHooks, type PipelineResult } from '../../experiments/train-pipeline';
import type { FeatureColumn, TrainedModel } from '../../training/model-types';
import { splitRows } from '../../training/splits';
import { FEATURE_COLUMNS, featurize } from '../nlp/requirement-features';
import type { LabelledText } from './labelled-set';

/** The dataset a project's training set is stored as, one version per training. */
export const TRAINING_DATASET = 'requirement-labels';
export const CLASSIFIER_EXPERIMENT = 'Requirements classifier';
export const LABEL_COLUMN = 'label';

/**
 * Held-out shares: the final model learns from 75% of the rows. 15% stay unseen so a retraining can be compared with
 * the classifier in use on rows neither learnt from; 10% is the pipeline's validation set (its ONNX parity check).
 */
const VALIDATION = 0.1;
const TEST = 0.15;
/**
 * C = 10: TF-IDF rows are L2-normalised, so their weights need a weaker penalty than standardised numbers. On the
 * shipped set C from 3 to 100 gave 5-fold macro F1 within 0.01 of each other (0.696 to 0.703); 10 is the middle of
 * that plateau. 300 iterations let L-BFGS converge at that C.
 */
const PARAMS = { C: 10, max_iter: 300 };

/** k for the cross-validated figures (none without it: the final model is the same, since it learns from its own split), and the seed. */
export interface ClassifierTrainingOptions {
  folds?: number;
  seed: number;
  /**
   * The caller has already taken the test rows out (a baseline scored on another training's held-out rows): no test
   * split, and the validation share of the rows that are left is VALIDATION / (1 - TEST), so the model fits on the
   * same 75% of the whole set that a full training of it would have.
   */
  testHeldOutByCaller?: boolean;
}

export interface TrainedClassifier {
  model: TrainedModel;
  /** cross-validated means: accuracy, f1_macro, precision_macro, ... (empty without folds) */
  cv: Record<string, number>;
  pipeline: PipelineResult;
  request: TrainRequest;
  params: ResolvedParams;
  /** indexes into the examples of the held-out test rows, which the model never learnt from */
  heldOut: Int32Array;
  /** indexes into the examples of the rows the final model learnt from (its training split) */
  trainedOn: Int32Array;
}

/** The train request of a classifier training: the same whether it runs in process or is recorded as a run. */
export function classifierRequest(options: ClassifierTrainingOptions, name?: string): TrainRequest {
  return trainRequest.parse({
    dataset: TRAINING_DATASET,
    target: LABEL_COLUMN,
    model: 'logreg',
    params: PARAMS,
    seed: options.seed,
    features: [...FEATURE_COLUMNS],
    validation: options.testHeldOutByCaller ? VALIDATION / (1 - TEST) : VALIDATION,
    test: options.testHeldOutByCaller ? 0 : TEST,
    ...(options.folds ? { cvFolds: options.folds } : {}),
    experiment: CLASSIFIER_EXPERIMENT,
    register: CLASSIFIER_MODEL,
    ...(name ? { name } : {}),
  });
}

/** The featurized examples with their label column, as the schema a stored version of them has. */
export function trainingFrame(examples: readonly LabelledText[]): FeatureColumn[] {
  return [...featurize(examples.map((e) => e.text)), { name: LABEL_COLUMN, kind: 'categorical', values: examples.map((e) => e.label) }];
}

const columnType = (c: FeatureColumn): ColumnSchema['type'] => (c.kind === 'numeric' ? 'integer' : c.kind);

/** The frame as the pipeline reads a dataset version, held in memory: nothing is stored until a training succeeds. */
export function frameColumns(frame: readonly FeatureColumn[], versionId = `${TRAINING_DATASET}@new`): DatasetColumns {
  const byName = new Map(frame.map((c) => [c.name, c]));
  const at = versionId.lastIndexOf('@');
  return {
    versionId,
    dataset: versionId.slice(0, at),
    version: Number(versionId.slice(at + 1)) || 0,
    rows: frame[0]?.values.length ?? 0,
    schema: frame.map((c) => ({ name: c.name, type: columnType(c) })),
    read: (name) => byName.get(name) ?? fail('BAD_INPUT', `The training frame has no column '${name}'.`, { where: { field: name } }),
  };
}

/** The figures among a run's flat metrics named `<prefix><name><suffix>`, by name: cv_accuracy_mean -> accuracy. */
export function figuresOf(metrics: Record<string, number | null>, prefix: string, suffix = ''): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics)) {
    if (typeof value === 'number' && key.startsWith(prefix) && key.endsWith(suffix)) figures[key.slice(prefix.length, key.length - suffix.length)] = value;
  }
  return figures;
}

/** A run's cross-validated means: accuracy, f1_macro, ... */
export const cvFigures = (metrics: Record<string, number | null>): Record<string, number> => figuresOf(metrics, 'cv_', '_mean');

const quiet: PipelineHooks = { metric: () => undefined, checkCancelled: () => undefined, progress: () => undefined };

/** Trains on `examples` (at least a few per class) and returns the model, its cross-validated figures and the held-out rows. */
export function trainClassifier(examples: readonly LabelledText[], options: ClassifierTrainingOptions, hooks: PipelineHooks = quiet, data?: DatasetColumns): TrainedClassifier {
  const request = classifierRequest(options);
  const params = resolveParams(request.model, request.params);
  const pipeline = runPipeline(data ?? frameColumns(trainingFrame(examples)), request, params, hooks);
  const { y, kept } = pipeline.labels;
  if (!(y instanceof Int32Array)) return fail('INTERNAL', 'A requirement classifier trained as a regression.');
  // the pipeline's own split, drawn again: same row count, fractions, seed and stratification give the same rows
  const split = splitRows(kept.length, { validation: request.validation, test: request.test }, request.seed, y);
  return { model: pipeline.model, cv: cvFigures(pipeline.metrics), pipeline, request, params, heldOut: compose(kept, split.test), trainedOn: compose(kept, split.train) };
}
