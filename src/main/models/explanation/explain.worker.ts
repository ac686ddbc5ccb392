// The 'model.explain' job, in a child process: permutation importance, partial dependence with ICE lines, or KernelSHAP
// of a model version over rows sampled (seeded) from a dataset version, stored as an 'explanation' evaluation.
// A cancelled or failed job stores nothing.
import type { ExplanationBody, EvaluationJobResult } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import type { ExplainedScore, ExplanationResult, StoredKernelShap } from '../../../shared/explanations';
import { parseRequest } from '../../../shared/experiment-requests';
import { explainRequest, type ExplainMethod, type ExplainRequest } from '../../../shared/models';
import { pickRows, type ExplainHooks, type ScoreFn } from '../../explain/black-box';
import { kernelShap, type KernelShap } from '../../explain/kernel-shap';
import { partialDependence } from '../../explain/partial-dependence';
import { IMPORTANCE_METRICS, permutationImportance } from '../../explain/permutation-importance';
import type { JobHandler } from '../../jobs/protocol';
import type { FeatureColumn } from '../../training/model-types';
import { spellBooleanTarget } from '../boolean-target';
import { pickPrediction, predict } from '../scoring/predict';
import { runtimeUsed, sampleRows, storeJobEvaluation, withEvaluationSetup } from './evaluation-setup';
import { columnsAsDataset, explainedScore, modelScoreFn } from './score-fn';

/** Rows sampled when maxRows is not given: what each method scores many times over stays a few seconds on CPU. */
export const DEFAULT_MAX_ROWS: Record<ExplainMethod, number> = { permutation: 1000, pdp: 500, shap: 50 };
export const DEFAULT_REPEATS = 5;
export const DEFAULT_GRID = 20;
/** ICE lines kept per swept column: more cannot be read on one plot */
export const ICE_LINES = 50;
export const DEFAULT_BACKGROUND = 10;

const TITLES: Record<ExplainMethod, string> = { permutation: 'Permutation importance', pdp: 'Partial dependence', shap: 'KernelSHAP' };

/** A target value as the class names read (a number as its shortest text, 1 for 1.0); null when missing. */
function classKey(column: FeatureColumn, row: number): string | null {
  if (column.kind === 'numeric') return Number.isNaN(column.values[row]) ? null : String(column.values[row]);
  return column.values[row];
}

/** What the metric compares the scores with: 1 for the explained class and 0 for any other, or the regression target. */
function truthOf(target: FeatureColumn, explained: ExplainedScore): Float64Array {
  if (explained.kind === 'value') {
    if (target.kind !== 'numeric') fail('BAD_INPUT', `The model predicts numbers, but the target '${target.name}' holds ${target.kind} values.`, { where: { field: 'target' } });
    return target.values;
  }
  return Float64Array.from({ length: target.values.length }, (_, r) => (classKey(target, r) === explained.className ? 1 : 0));
}

interface MethodInput {
  request: ExplainRequest;
  columns: FeatureColumn[];
  /** the dataset row of each sampled row */
  rows: Int32Array;
  target: FeatureColumn | null;
  explained: ExplainedScore;
  score: ScoreFn;
  hooks: ExplainHooks;
  seed: number;
}

async function permutation({ request, columns, target, explained, score, hooks, seed }: MethodInput): Promise<ExplanationResult> {
  if (!target) fail('BAD_INPUT', 'Permutation importance needs the target column to score against.', { where: { field: 'target' } });
  // ROC AUC of the explained class against the rest reads the probabilities; a label-only model has accuracy
  const metric = explained.kind === 'value' ? IMPORTANCE_METRICS.r2 : explained.kind === 'probability' ? IMPORTANCE_METRICS.roc_auc : IMPORTANCE_METRICS.accuracy;
  const result = await permutationImportance(columns, truthOf(target, explained), score, metric, { repeats: request.repeats ?? DEFAULT_REPEATS, seed, ...hooks });
  return { method: 'permutation', result };
}

async function pdp({ request, columns, rows, score, hooks }: MethodInput): Promise<ExplanationResult> {
  const names = request.columns ?? columns.filter((c) => c.kind !== 'text').map((c) => c.name);
  for (const name of names) {
    if (!columns.some((c) => c.name === name)) fail('BAD_INPUT', `The model takes no column '${name}', so there is nothing to sweep.`, { where: { field: name } });
  }
  const result = [];
  for (const [i, name] of names.entries()) {
    const part = { checkCancelled: hooks.checkCancelled, progress: (f: number, m: string) => hooks.progress?.((i + f) / names.length, m) };
    const one = await partialDependence(columns, name, score, { grid: request.grid ?? DEFAULT_GRID, iceRows: ICE_LINES, ...part });
    // ICE lines are named by their row in the dataset version, not by their place in the sample
    result.push({ ...one, ice: one.ice.map((line) => ({ row: rows[line.row], values: line.values })) });
  }
  return { method: 'pdp', result };
}

/** The background as JSON: one row of values per centroid, in column order, missing values as null. */
function storedShap(shap: KernelShap, rows: Int32Array): StoredKernelShap {
  const bg = shap.background;
  const count = bg.weights.length;
  const cell = (c: FeatureColumn, r: number): number | string | null => (c.kind === 'numeric' ? (Number.isNaN(c.values[r]) ? null : c.values[r]) : c.values[r]);
  return {
    columns: shap.columns,
    baseValue: shap.baseValue,
    rows: shap.rows.map((r) => ({ ...r, row: rows[r.row] })),
    meanAbs: shap.meanAbs,
    background: { rows: Array.from({ length: count }, (_, r) => bg.columns.map((c) => cell(c, r))), weights: Array.from(bg.weights) },
  };
}

async function shap({ request, columns, rows, score, hooks, seed }: MethodInput): Promise<ExplanationResult> {
  // every sampled row is explained (the asked-for rows are in the sample): local values, and mean |SHAP| over them all
  const positions = Array.from(rows, (_, i) => i);
  const result = await kernelShap(columns, positions, score, { background: { k: request.background ?? DEFAULT_BACKGROUND }, samples: request.samples, seed, ...hooks });
  return { method: 'shap', result: storedShap(result, rows) };
}

const METHODS: Record<ExplainMethod, (input: MethodInput) => Promise<ExplanationResult>> = { permutation, pdp, shap };

export const explainJob: JobHandler<ExplainRequest, EvaluationJobResult> = async (input, ctx) => {
  const request = parseRequest(explainRequest, input, 'explain request');
  const seed = request.seed ?? 0;
  return withEvaluationSetup(request, ctx, async (setup) => {
    const { data, opened, mapping, features } = setup;
    // rows to explain locally are KernelSHAP's; the other methods summarise the sample as a whole
    const asked = request.method === 'shap' ? (request.rows ?? []) : [];
    for (const r of asked) if (r >= data.rows) fail('BAD_INPUT', `Row ${r} is not among the ${data.rows} rows of ${data.versionId} (rows count from 0).`, { where: { field: 'rows' } });
    const fullTarget = request.target === undefined ? null : data.read(request.target);
    // permutation importance scores against the target, so rows without one cannot take part
    const eligible = request.method === 'permutation' && fullTarget ? (r: number) => classKey(fullTarget, r) !== null : undefined;
    const rows = sampleRows(data.rows, request.maxRows ?? DEFAULT_MAX_ROWS[request.method], seed, eligible, asked);
    if (rows.length === 0) fail('BAD_INPUT', `${data.versionId} has no rows to explain${eligible ? ` with a value in '${request.target}'` : ''}.`, { where: { field: 'dataset' } });
    const columns = features.map((name) => pickRows(data.read(name), rows));
    ctx.progress(0.02, `Scoring ${rows.length} sampled rows`);
    const first = await predict(opened, columnsAsDataset(columns, data.schema, data.versionId), mapping, { checkCancelled: () => ctx.checkCancelled() });
    const prediction = pickPrediction(first);
    const explained = explainedScore(prediction, request.className);
    const score = modelScoreFn(opened, mapping, explained, { schema: data.schema, versionId: data.versionId, checkCancelled: () => ctx.checkCancelled() });
    const hooks: ExplainHooks = { checkCancelled: () => ctx.checkCancelled(), progress: (f, m) => ctx.progress(0.05 + 0.93 * f, m) };
    const predicted = prediction.task === 'classification' ? prediction.labels : [];
    const target = fullTarget && spellBooleanTarget(pickRows(fullTarget, rows), data.schema.find((c) => c.name === request.target)?.type, predicted);
    const result = await METHODS[request.method]({ request, columns, rows, target, explained, score, hooks, seed });
    const body: ExplanationBody = {
      kind: 'explanation',
      runtime: runtimeUsed(opened, first.skipped),
      rows: rows.length,
      datasetRows: data.rows,
      seed,
      target: request.target ?? null,
      score: explained,
      ...result,
    };
    const title = `${TITLES[request.method]} of ${opened.version.id} on ${data.versionId}`;
    return storeJobEvaluation(setup, ctx, title, body);
  });
};
