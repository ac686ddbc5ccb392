// The 'train' job: one run from a dataset version to an evaluated model exported as ONNX with a parity check.
// A trainer that throws fails its run with the reason; a cancelled run stores nothing; a pruned trial is kept as pruned.
import { parseRequest, trainRequest } from '../../shared/experiment-requests';
import type { TrainResult } from '../../shared/experiments';
import { AppFailure, toAppError } from '../../shared/errors';
import type { TrainJobInput } from '../../shared/jobs';
import { resolveParams } from '../../shared/model-catalog';
import type { JobHandler } from '../jobs/protocol';
import { checkParity, sliceColumn } from '../onnx/parity';
import { exportOnnx } from '../onnx/export';
import { ProjectStore } from '../store/project-store';
import type { FeatureColumn } from '../training/model-types';
import { ColumnCache, openDatasetColumns } from './dataset-columns';
import { recordRun, type ParityRecord, type StepRecord } from './record-run';
import { runEnvironment } from './run-environment';
import { runPipeline, type PipelineResult } from './train-pipeline';

/** exported probabilities must match in-process ones within this (the product's parity promise) */
export const PARITY_TOLERANCE = 1e-5;

/**
 * A study trial's parity check scores this many of its validation rows, the first ones (the split deals rows at
 * random, so they are a random sample); a one-off run checks every validation row. onnxruntime on all 40,000 of a
 * 200,000-row table's took 0.13 s of a trial's 1.5 s of CPU; an export fault shows on any sample, and the run's
 * record says how many rows were checked.
 */
export const TRIAL_PARITY_ROWS = 10_000;

/** The validation columns and the app's outputs on them, cut to their first `rows` rows. */
function firstRows(columns: FeatureColumn[], outputs: Float64Array, rows: number): { columns: FeatureColumn[]; outputs: Float64Array } {
  const total = columns[0]?.values.length ?? 0;
  if (rows >= total) return { columns, outputs };
  const width = outputs.length / total;
  return { columns: columns.map((c) => sliceColumn(c, 0, rows)), outputs: outputs.subarray(0, rows * width) };
}

/**
 * A study's trials read the same dataset version one after another on the same thread: its decoded columns are kept
 * for the next trial (20-40 ms of CPU a trial at 200,000 x 21). Per thread by nature: this module is loaded once per
 * job thread, and a study's trial threads end with the study, which drops it. A one-off job reads without it.
 */
const trialColumns = new ColumnCache(128 * 2 ** 20);

export const trainJob: JobHandler<TrainJobInput, TrainResult> = async (input, ctx) => {
  const request = parseRequest(trainRequest, input.request, 'train request');
  const params = resolveParams(request.model, request.params);
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  const startedAt = new Date().toISOString();
  const steps: StepRecord[] = [];
  let datasetVersion: string | null = null;
  const record = (extra: Partial<Parameters<typeof recordRun>[1]> & Pick<Parameters<typeof recordRun>[1], 'status'>) =>
    recordRun(store, {
      request,
      params,
      datasetVersion,
      startedAt,
      endedAt: new Date().toISOString(),
      environment: runEnvironment(ctx.appVersion, request.seed),
      steps,
      study: input.study,
      retrain: input.retrain,
      ...extra,
    });
  try {
    let result: PipelineResult;
    try {
      const data = openDatasetColumns(store, request.dataset, request.version, input.study ? trialColumns : undefined);
      datasetVersion = data.versionId;
      result = runPipeline(data, request, params, {
        metric: (key, step, value) => {
          steps.push({ key, step, value, at: Date.now() });
          ctx.metric(key, step, value);
        },
        checkCancelled: () => ctx.checkCancelled(),
        progress: (f, m) => ctx.progress(f, m),
      }, { studyTrial: input.study !== undefined });
    } catch (e) {
      const error = toAppError(e);
      if (error.code === 'JOB_CANCELLED') {
        // A study stopping its own trial is pruning: the trial stays on record. A user's Cancel stores nothing.
        if (input.study && ctx.stopReason() === 'self') {
          const { runId } = record({ status: 'pruned', error: { code: 'JOB_CANCELLED', message: 'Pruned: its intermediate score was worse than the median of earlier trials.' } });
          return { run: runId, model: null, metrics: {}, onnx_parity: null };
        }
        throw e;
      }
      // A request that names a missing dataset or column is refused before any run exists; a trainer that fails
      // on the way (a numeric breakdown, a full disk) leaves a failed run with the reason.
      if (error.code !== 'BAD_INPUT' && error.code !== 'NOT_FOUND') record({ status: 'failed', error });
      throw new AppFailure(error);
    }
    ctx.progress(0.93, 'exporting ONNX');
    // Double inputs: a datetime feature (epoch ms) in float32 is only resolved to about two minutes.
    const onnx = exportOnnx(result.model, { producer: 'airlock', version: ctx.appVersion, numericInputs: 'double', docString: `${request.model} on ${datasetVersion} -> ${request.target}` });
    ctx.progress(0.96, 'checking ONNX parity');
    const checked = input.study ? firstRows(result.validationColumns, result.validationOutputs, TRIAL_PARITY_ROWS) : { columns: result.validationColumns, outputs: result.validationOutputs };
    const parity: ParityRecord = await checkParity(result.model, onnx, checked.columns, PARITY_TOLERANCE, checked.outputs);
    // A prune that arrives once training is over is moot: the trial completed. A user's Cancel still stores nothing.
    if (!input.study || ctx.stopReason() === 'ancestor') ctx.checkCancelled();
    const { runId, modelVersion } = record({ status: 'finished', result, onnx, parity });
    const metrics = Object.fromEntries(Object.entries(result.metrics).filter((e): e is [string, number] => typeof e[1] === 'number'));
    return { run: runId, model: modelVersion, metrics, onnx_parity: { ok: parity.ok, maxAbsDiff: parity.maxAbsDiff, rows: parity.rows } };
  } finally {
    store.close();
  }
};
