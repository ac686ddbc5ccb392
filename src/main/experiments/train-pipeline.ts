// One training run from dataset columns to an evaluated model: split, preprocess, fit, predict, score, cross-validate.
// Pure computation: no store, no worker; the train job wraps it.
import type { TrainRequest } from '../../shared/experiment-requests';
import { fail } from '../../shared/errors';
import type { ResolvedParams } from '../../shared/model-catalog';
import { classificationReport, type ClassificationReport } from '../metrics/classification-report';
import { regressionReport, type RegressionReport } from '../metrics/regression-report';
import { toDense, type FeatureMatrix } from '../training/feature-matrix';
import os from 'node:os';
import { trainGbdt } from '../training/gbdt';
import { trainLinearRegression, trainLogistic } from '../training/linear';
import type { FeatureColumn, ModelBody, Preprocessor, Task, TrainedModel, TrainerHooks } from '../training/model-types';
import { trainMlp } from '../training/mlp';
import { predictMatrix, scoresToOutputs } from '../training/predict';
import { fitPreprocessor, transform } from '../training/preprocess';
import { kFold, splitRows, type RowSplit } from '../training/splits';
import type { DatasetColumns } from './dataset-columns';
import { codeLabels, takeLabels, takeRows, type Labels } from './training-data';

export type EvalReport = { kind: 'classification'; report: ClassificationReport } | { kind: 'regression'; report: RegressionReport };

export interface PipelineHooks {
  metric(key: string, step: number, value: number): void;
  checkCancelled(): void;
  progress(fraction: number, message: string): void;
}

/** How the run is placed on the machine; it changes no result. */
export interface PipelineOptions {
  /** a study's trial: the study already runs one trial per core, so the fit keeps to one thread */
  studyTrial?: boolean;
}

export interface PipelineResult {
  model: TrainedModel;
  labels: Labels;
  features: string[];
  splits: { train: number; validation: number; test: number };
  /** flat metric names: val_accuracy, test_f1_macro, cv_accuracy_mean, ... */
  metrics: Record<string, number | null>;
  validation: EvalReport;
  test: EvalReport | null;
  featureImportance: { feature: string; importance: number }[] | null;
  /** raw validation columns and the in-process outputs on them, for the ONNX parity check */
  validationColumns: FeatureColumn[];
  validationOutputs: Float64Array;
}

interface Fitted {
  body: ModelBody;
  importance: Float64Array | null;
  /** raw scores of the validation rows where the trainer computed them while fitting (boosted trees): predictScores()'s numbers */
  validationScores?: Float64Array | null;
}

/** Linear models train on the matrix as it comes (CSR with text); trees and the MLP on a dense copy. */
function fit(request: TrainRequest, params: ResolvedParams, task: Task, classes: number, train: FeatureMatrix, y: Int32Array | Float64Array, hooks: TrainerHooks, options: PipelineOptions, val?: { m: FeatureMatrix; y: Int32Array | Float64Array }): Fitted {
  switch (request.model) {
    case 'logreg':
      return { body: trainLogistic(train, y as Int32Array, classes, { C: params.C as number, maxIter: params.max_iter as number, tol: params.tol as number }, hooks), importance: null };
    case 'linreg':
      return { body: trainLinearRegression(train, y as Float64Array, { alpha: params.alpha as number }), importance: null };
    case 'gbdt': {
      const { X, rows, features } = toDense(train);
      const validation = val && toDense(val.m);
      const r = trainGbdt(
        X, rows, features, y, task, classes,
        {
          learningRate: params.learning_rate as number,
          maxIter: params.max_iter as number,
          maxLeafNodes: params.max_leaf_nodes as number,
          maxDepth: (params.max_depth as number) > 0 ? (params.max_depth as number) : null,
          minSamplesLeaf: params.min_samples_leaf as number,
          l2Regularization: params.l2_regularization as number,
          earlyStopping: params.early_stopping as boolean,
        },
        hooks,
        val && validation ? { X: validation.X, rows: validation.rows, y: val.y } : undefined,
        // A study's trials fit the same training rows one after another on each trial thread: their binning is the same.
        { threads: options.studyTrial ? 1 : os.availableParallelism(), keepBinning: options.studyTrial },
      );
      return { body: r.body, importance: r.featureImportance, validationScores: r.validationScores };
    }
    case 'mlp': {
      const { X, rows, features } = toDense(train);
      const validation = val && toDense(val.m);
      const hidden = String(params.hidden_layer_sizes).split(',').map(Number);
      const r = trainMlp(
        X, rows, features, y, task, classes,
        { hiddenLayerSizes: hidden, alpha: params.alpha as number, learningRateInit: params.learning_rate_init as number, maxIter: params.max_iter as number, batchSize: params.batch_size as number, seed: request.seed },
        hooks,
        val && validation ? { X: validation.X, rows: validation.rows, y: val.y } : undefined,
      );
      return { body: r.body, importance: null };
    }
  }
}

/** Linear weights on standardised features: mean |w| per feature across outputs. */
function linearImportance(body: ModelBody, features: number): Float64Array | null {
  if (body.kind !== 'linear') return null;
  const imp = new Float64Array(features);
  for (const w of body.weights) for (let j = 0; j < features; j++) imp[j] += Math.abs(w[j]) / body.weights.length;
  return imp;
}

function evaluate(task: Task, classes: string[] | null, y: Int32Array | Float64Array, outputs: Float64Array): EvalReport {
  if (task === 'regression') return { kind: 'regression', report: regressionReport(y as Float64Array, outputs) };
  return { kind: 'classification', report: classificationReport({ yTrue: y as Int32Array, probs: outputs, classNames: classes! }) };
}

function flat(prefix: string, e: EvalReport): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(e.report.metrics)) out[`${prefix}_${k}`] = v;
  return out;
}

/** A run's rows before the fit: labels, split, preprocessing and the matrices, all a function of the request's data fields. */
interface PreparedData {
  labels: Labels;
  features: string[];
  split: RowSplit;
  /** every feature's kept rows, for cross-validation's folds; null once a study's trial thread keeps the rest */
  columns: FeatureColumn[] | null;
  preprocessor: Preprocessor;
  train: { m: FeatureMatrix; y: Int32Array | Float64Array };
  val: { m: FeatureMatrix; y: Int32Array | Float64Array; columns: FeatureColumn[] };
  test: { m: FeatureMatrix; y: Int32Array | Float64Array } | null;
}

/** the request's feature columns: the ones it names, or every column but the target */
function featureNames(data: DatasetColumns, request: TrainRequest): string[] {
  return request.features ?? data.schema.map((c) => c.name).filter((n) => n !== request.target);
}

function prepareData(data: DatasetColumns, request: TrainRequest, hooks: PipelineHooks): PreparedData {
  const labels = codeLabels(request.model, data, request.target);
  const features = featureNames(data, request);
  if (features.includes(request.target)) fail('BAD_INPUT', `The target '${request.target}' cannot also be a feature.`, { where: { field: 'features' } });
  if (features.length === 0) fail('BAD_INPUT', 'Pick at least one feature column.', { where: { field: 'features' } });
  hooks.progress(0.02, 'reading columns');
  const columns = features.map((name) => takeRows(data.read(name), labels.kept));
  const stratify = labels.task === 'regression' ? undefined : (labels.y as Int32Array);
  const split = splitRows(labels.kept.length, { validation: request.validation, test: request.test }, request.seed, stratify);
  const trees = request.model === 'gbdt';
  const part = (idx: Int32Array) => ({ columns: columns.map((c) => takeRows(c, idx)), y: takeLabels(labels.y, idx) });
  const train = part(split.train);
  const val = part(split.validation);
  const test = split.test.length > 0 ? part(split.test) : null;
  hooks.checkCancelled();
  hooks.progress(0.04, 'preprocessing');
  const preprocessor = fitPreprocessor(train.columns, { impute: !trees, scale: !trees });
  return {
    labels,
    features,
    split,
    columns,
    preprocessor,
    train: { m: transform(preprocessor, train.columns), y: train.y },
    val: { m: transform(preprocessor, val.columns), y: val.y, columns: val.columns },
    test: test && { m: transform(preprocessor, test.columns), y: test.y },
  };
}

/**
 * The last study trial's prepared rows on this thread, with the request fields and the dataset columns (the objects
 * the thread's column cache handed out: the same objects, the same content) they were made from. A study's trials
 * differ in their parameters only, so each of a thread's trials after the first skips reading, splitting and
 * transforming 200,000 rows (0.06-0.09 s of CPU a trial); the trainers only read the matrices.
 */
let keptData: { request: string; sources: FeatureColumn[]; prepared: PreparedData } | null = null;

function preparedForTrial(data: DatasetColumns, request: TrainRequest, hooks: PipelineHooks): PreparedData {
  const fields = JSON.stringify([data.versionId, request.model, request.target, request.features ?? null, request.validation, request.test, request.seed]);
  // Each column read once: a column the cache does not keep (text) is decoded anew on every read.
  const read = new Map<string, FeatureColumn>();
  const readOnce = (name: string): FeatureColumn => {
    let column = read.get(name);
    if (!column) {
      column = data.read(name);
      read.set(name, column);
    }
    return column;
  };
  const sources = [request.target, ...featureNames(data, request)].map(readOnce);
  if (keptData && keptData.request === fields && keptData.sources.length === sources.length && keptData.sources.every((c, i) => c === sources[i])) return keptData.prepared;
  // the last trial's rows go before this one's are made
  keptData = null;
  const prepared = { ...prepareData({ ...data, read: readOnce }, request, hooks), columns: null };
  keptData = { request: fields, sources, prepared };
  return prepared;
}

export function runPipeline(data: DatasetColumns, request: TrainRequest, params: ResolvedParams, hooks: PipelineHooks, options: PipelineOptions = {}): PipelineResult {
  const prepared = options.studyTrial && !request.cvFolds ? preparedForTrial(data, request, hooks) : prepareData(data, request, hooks);
  const { labels, features, split, preprocessor, train, val, test } = prepared;
  const classCount = labels.classes?.length ?? 1;
  const stratify = labels.task === 'regression' ? undefined : (labels.y as Int32Array);
  const trees = request.model === 'gbdt';
  hooks.checkCancelled();

  const metrics: Record<string, number | null> = {};
  if (request.cvFolds) {
    const columns = prepared.columns ?? fail('INTERNAL', 'cross-validation needs the kept rows of every feature');
    const part = (idx: Int32Array) => ({ columns: columns.map((c) => takeRows(c, idx)), y: takeLabels(labels.y, idx) });
    const pool = Int32Array.from([...split.train, ...split.validation]).sort();
    const folds = kFold(pool.length, request.cvFolds, request.seed, stratify ? takeLabels(stratify, pool) : undefined);
    const scores: Record<string, number[]> = {};
    folds.forEach((fold, i) => {
      hooks.progress(0.05 + (0.4 * i) / folds.length, `cross-validation fold ${i + 1} of ${folds.length}`);
      const tr = part(Int32Array.from(fold.train, (j) => pool[j]));
      const te = part(Int32Array.from(fold.test, (j) => pool[j]));
      const pre = fitPreprocessor(tr.columns, { impute: !trees, scale: !trees });
      const m = transform(pre, tr.columns);
      const f = fit(request, params, labels.task, classCount, m, tr.y, { checkCancelled: hooks.checkCancelled }, options);
      const mt = transform(pre, te.columns);
      const e = evaluate(labels.task, labels.classes, te.y, predictMatrix({ task: labels.task, target: request.target, classes: labels.classes, preprocessor: pre, body: f.body }, mt));
      for (const [k, v] of Object.entries(e.report.metrics)) if (typeof v === 'number') (scores[k] ??= []).push(v);
    });
    for (const [k, vs] of Object.entries(scores)) {
      const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
      metrics[`cv_${k}_mean`] = mean;
      metrics[`cv_${k}_std`] = Math.sqrt(vs.reduce((a, b) => a + (b - mean) ** 2, 0) / vs.length);
    }
  }

  hooks.progress(request.cvFolds ? 0.55 : 0.15, `training ${request.model}`);
  const trainerHooks: TrainerHooks = {
    onStep: (s) => {
      for (const [k, v] of Object.entries(s.metrics)) if (Number.isFinite(v)) hooks.metric(k, s.step, v);
    },
    checkCancelled: hooks.checkCancelled,
  };
  const fitted = fit(request, params, labels.task, classCount, train.m, train.y, trainerHooks, options, { m: val.m, y: val.y });
  const model: TrainedModel = { task: labels.task, target: request.target, classes: labels.classes, preprocessor, body: fitted.body };
  hooks.checkCancelled();
  hooks.progress(0.9, 'evaluating');

  // Boosting already summed every tree on the validation rows, in predictScores()'s order: no second walk.
  const validationOutputs = fitted.validationScores ? scoresToOutputs(labels.task, fitted.validationScores, val.m.rows) : predictMatrix(model, val.m);
  const validation = evaluate(labels.task, labels.classes, val.y, validationOutputs);
  Object.assign(metrics, flat('val', validation));
  let testReport: EvalReport | null = null;
  if (test) {
    testReport = evaluate(labels.task, labels.classes, test.y, predictMatrix(model, test.m));
    Object.assign(metrics, flat('test', testReport));
  }
  const importance = fitted.importance ?? linearImportance(fitted.body, train.m.features);
  let featureImportance: PipelineResult['featureImportance'] = null;
  if (importance) {
    const total = importance.reduce((a, b) => a + b, 0) || 1;
    featureImportance = preprocessor.featureNames
      .map((feature, j) => ({ feature, importance: importance[j] / total }))
      .sort((a, b) => b.importance - a.importance);
  }
  return {
    model,
    labels,
    features,
    splits: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    metrics,
    validation,
    test: testReport,
    featureImportance,
    validationColumns: val.columns,
    validationOutputs,
  };
}
