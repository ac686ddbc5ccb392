// The 'model.compare' job, in a child process: champion and challenger scored on the same dataset version with the
// same provider; metrics side by side with paired bootstrap intervals when a target is given, agreement, the rows
// where they disagree and latency per row, stored as a 'comparison' evaluation. A cancelled or failed job stores nothing.
import * as ort from 'onnxruntime-node';
import type { ComparisonBody, EvaluationJobResult, RuntimeUsed } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import { parseRequest } from '../../../shared/experiment-requests';
import { compareRequest, type CompareRequest, type ProviderStatus } from '../../../shared/models';
import { openDatasetColumns, type DatasetColumns } from '../../experiments/dataset-columns';
import type { JobHandler, WorkerJobContext } from '../../jobs/protocol';
import { ProjectStore } from '../../store/project-store';
import type { FeatureColumn } from '../../training/model-types';
import { booleanLabels } from '../boolean-target';
import { storeEvaluation } from '../evaluations/store-evaluation';
import { detectProviders } from '../execution-providers';
import { layoutBatch, type InputMapping } from '../input-mapping';
import { openModelSession, type OpenedModel } from '../model-session';
import { mapModelInputs, pickPrediction, predict, type SkippedOutput } from '../scoring/predict';
import { agreementOf, bootstrapResamples, DEFAULT_BOOTSTRAP, pairedMetrics, positiveLabel, type SidePredictions, type Truth } from './compare-models';
import { summariseLatency, timeRuns } from './latency';

/** Latency per row is timed on a batch of this many rows (fewer when the dataset has fewer), after a short warm-up. */
export const LATENCY_BATCH = 256;
const LATENCY_WARMUP = 2;
const LATENCY_RUNS = 10;
const DEFAULT_SEED = 1;

interface Side {
  opened: OpenedModel;
  mapping: InputMapping;
  predictions: SidePredictions;
  /** the positive class's score column, by class, when the model gives class scores */
  scoreOf: (label: string) => Float64Array | null;
  skipped: SkippedOutput[];
}

/**
 * Both models on one provider: the one asked for (or the fastest available) for the champion, then the same for the
 * challenger; when the challenger cannot load there, both run on its fallback (cpu) so their latencies compare.
 */
async function openPair(store: ProjectStore, request: CompareRequest, statuses: ProviderStatus[] | undefined): Promise<{ champion: OpenedModel; challenger: OpenedModel; fallback: string | null }> {
  let champion = await openModelSession(store, request.champion, { provider: request.provider, statuses });
  let challenger: OpenedModel;
  try {
    challenger = await openModelSession(store, request.challenger, { provider: champion.provider, statuses });
    if (challenger.provider !== champion.provider) {
      await champion.release();
      champion = await openModelSession(store, request.champion, { provider: challenger.provider, statuses });
    }
  } catch (e) {
    await champion.release();
    throw e;
  }
  const fallback = [champion.fallback, challenger.fallback].filter((f): f is string => f !== null);
  return { champion, challenger, fallback: fallback.length > 0 ? [...new Set(fallback)].join('; ') : null };
}

/** The explicit mapping entries for the inputs this model has; an entry neither model has is refused. */
function explicitFor(request: CompareRequest, opened: OpenedModel, other: OpenedModel): Record<string, string[]> {
  const names = (m: OpenedModel): Set<string> => new Set(m.inspection.inputs.map((i) => i.name));
  const mine = names(opened);
  const theirs = names(other);
  const entries = Object.entries(request.inputs ?? {});
  const unknown = entries.find(([name]) => !mine.has(name) && !theirs.has(name));
  if (unknown) fail('BAD_INPUT', `Neither model has an input '${unknown[0]}'.`, { where: { field: unknown[0] } });
  return Object.fromEntries(entries.filter(([name]) => mine.has(name)));
}

async function scoreSide(opened: OpenedModel, other: OpenedModel, data: DatasetColumns, request: CompareRequest, ctx: WorkerJobContext, span: [number, number]): Promise<Side> {
  const mapping = mapModelInputs(opened.inspection, data.schema, explicitFor(request, opened, other), request.target);
  const outputs = await predict(opened, data, mapping, {
    checkCancelled: () => ctx.checkCancelled(),
    progress: (done, total) => ctx.progress(span[0] + ((span[1] - span[0]) * done) / total, `scoring with ${opened.version.id}: ${done} of ${total} rows`),
  });
  const picked = pickPrediction(outputs);
  if (picked.task === 'regression') return { opened, mapping, predictions: { task: 'regression', values: picked.values }, scoreOf: () => null, skipped: outputs.skipped };
  const scores = picked.scores;
  const scoreOf = (label: string): Float64Array | null => {
    const j = picked.columnClasses?.indexOf(label) ?? -1;
    return scores && j >= 0 ? Float64Array.from({ length: outputs.rows }, (_, r) => scores.values[r * scores.width + j]) : null;
  };
  return { opened, mapping, predictions: { task: 'classification', labels: picked.labels, positiveScore: null }, scoreOf, skipped: outputs.skipped };
}

/** Median milliseconds per row of one batch of the first rows (or the batch the model fixes). */
async function latencyPerRow(side: Side, data: DatasetColumns, ctx: WorkerJobContext): Promise<number> {
  const fixed = side.mapping.inputs.find((f) => f.fixedBatch !== null)?.fixedBatch ?? null;
  const rows = fixed ?? Math.min(LATENCY_BATCH, data.rows);
  const columns = new Map<string, FeatureColumn>([...new Set(side.mapping.inputs.flatMap((f) => f.columns))].map((name) => [name, data.read(name)]));
  const feeds = Object.fromEntries(
    side.mapping.inputs.map((feed) => {
      const t = layoutBatch(feed, columns, 0, rows);
      return [feed.input, new ort.Tensor(t.type, t.data, t.dims)];
    }),
  );
  const fetches = side.opened.inspection.outputs.filter((o) => o.scorable && o.type.kind === 'tensor' && !side.skipped.some((s) => s.name === o.name)).map((o) => o.name);
  const samples = await timeRuns(side.opened.session, feeds, fetches, { warmup: LATENCY_WARMUP, runs: LATENCY_RUNS, checkCancelled: () => ctx.checkCancelled() });
  return summariseLatency(side.opened.provider, rows, samples).p50Ms / rows;
}

interface Target {
  /** the target per row as the disagreement list shows it */
  shown: (row: number) => string | number | null;
  /** the rows with a target value: the metrics are computed on them */
  labelled: Int32Array;
  truth: Truth | null;
}

function readTarget(data: DatasetColumns, target: string | undefined, a: SidePredictions, b: SidePredictions): Target {
  if (target === undefined) return { shown: () => null, labelled: new Int32Array(0), truth: null };
  const column = data.read(target);
  if (column.kind === 'numeric') {
    const values = column.values;
    const labelled = Int32Array.from(values.keys()).filter((r) => !Number.isNaN(values[r]));
    if (a.task === 'regression' || b.task === 'regression') {
      return { shown: (r) => (Number.isNaN(values[r]) ? null : values[r]), labelled, truth: { kind: 'values', values: Float64Array.from(labelled, (r) => values[r]) } };
    }
    const spelt = data.schema.find((c) => c.name === target)?.type === 'boolean' ? booleanLabels([...a.labels, ...b.labels]) : null;
    const label = (v: number): string => (spelt ? spelt[v] : String(v));
    return { shown: (r) => (Number.isNaN(values[r]) ? null : label(values[r])), labelled, truth: { kind: 'labels', values: Array.from(labelled, (r) => label(values[r])) } };
  }
  if (a.task === 'regression') fail('BAD_INPUT', `The models predict numbers, but the target '${target}' holds ${column.kind} values.`, { where: { field: target } });
  const values = column.values;
  const labelled = Int32Array.from(values.keys()).filter((r) => values[r] !== null);
  return { shown: (r) => values[r], labelled, truth: { kind: 'labels', values: Array.from(labelled, (r) => values[r]!) } };
}

/** One side's predictions on the labelled rows only, with the positive class's score for a binary target. */
function onRows(side: Side, rows: Int32Array, positive: string | null): SidePredictions {
  const p = side.predictions;
  if (p.task === 'regression') return { task: 'regression', values: Float64Array.from(rows, (r) => p.values[r]) };
  const score = positive === null ? null : side.scoreOf(positive);
  return { task: 'classification', labels: Array.from(rows, (r) => p.labels[r]), positiveScore: score && Float64Array.from(rows, (r) => score[r]) };
}

export const compareJob: JobHandler<CompareRequest, EvaluationJobResult> = async (input, ctx) => {
  const request = parseRequest(compareRequest, input, 'comparison request');
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    ctx.progress(0, 'opening both models');
    const statuses = request.provider === 'cpu' ? undefined : await detectProviders();
    const pair = await openPair(store, request, statuses);
    try {
      const { champion, challenger } = pair;
      if (champion.version.id === challenger.version.id) fail('BAD_INPUT', `Champion and challenger are the same model version, ${champion.version.id}.`, { where: { field: 'challenger' } });
      const data = openDatasetColumns(store, request.dataset.dataset, request.dataset.version);
      const a = await scoreSide(champion, challenger, data, request, ctx, [0.02, 0.4]);
      const b = await scoreSide(challenger, champion, data, request, ctx, [0.4, 0.78]);
      if (a.predictions.task !== b.predictions.task) {
        fail('BAD_INPUT', `${champion.version.id} is a ${a.predictions.task} model and ${challenger.version.id} a ${b.predictions.task} model, so their predictions cannot be compared.`, { where: { field: 'challenger' } });
      }
      ctx.progress(0.8, 'timing both models');
      const latency = { champion: await latencyPerRow(a, data, ctx), challenger: await latencyPerRow(b, data, ctx) };
      const target = readTarget(data, request.target, a.predictions, b.predictions);
      let metrics: ComparisonBody['metrics'] = [];
      if (target.truth) {
        ctx.progress(0.85, 'bootstrapping the metrics');
        const positive = target.truth.kind === 'labels' ? positiveLabel(target.truth.values) : null;
        const n = target.labelled.length;
        const resamples = bootstrapResamples(n, request.bootstrap ?? DEFAULT_BOOTSTRAP, request.seed ?? DEFAULT_SEED);
        const input = { truth: target.truth, champion: onRows(a, target.labelled, positive), challenger: onRows(b, target.labelled, positive) };
        metrics = pairedMetrics(input, resamples, undefined, () => ctx.checkCancelled()).metrics;
      }
      const agreement = agreementOf(a.predictions, b.predictions, data.rows, target.shown);
      const runtime: RuntimeUsed = {
        provider: champion.provider,
        fallback: pair.fallback,
        skippedOutputs: [...a.skipped.map((s) => ({ ...s, why: `${champion.version.id}: ${s.why}` })), ...b.skipped.map((s) => ({ ...s, why: `${challenger.version.id}: ${s.why}` }))],
      };
      const body: ComparisonBody = { kind: 'comparison', runtime, rows: data.rows, target: request.target ?? null, metrics, ...agreement, latency };
      ctx.checkCancelled();
      ctx.progress(0.99, 'storing the comparison');
      const title = `${champion.version.id} vs ${challenger.version.id} on ${data.versionId}`;
      const summary = storeEvaluation(store, { title, modelVersion: champion.version.id, otherModelVersion: challenger.version.id, datasetVersion: data.versionId, body }, ctx.actor);
      ctx.progress(1, `they agree on ${(agreement.agreement * 100).toFixed(1)}% of ${data.rows} rows`);
      return summary;
    } finally {
      await pair.champion.release();
      await pair.challenger.release();
    }
  } finally {
    store.close();
  }
};
