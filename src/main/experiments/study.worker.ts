// The 'study' job: a hyperparameter search whose trials are 'train' jobs in their own threads, up to the core count
// at once (on trial threads that run one trial after another, see TrialPool). TPE (or random, grid) proposes; the
// median pruner stops trials whose validation loss lags.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { parseRequest, studyRequest, type SamplerKind } from '../../shared/experiment-requests';
import type { StudyResult, TrainResult } from '../../shared/experiments';
import { AppFailure, toAppError, type AppError } from '../../shared/errors';
import type { StudyJobInput, TrainJobInput } from '../../shared/jobs';
import { modelCatalog } from '../../shared/model-catalog';
import { defaultMetric, metricDirection } from '../../shared/study-metrics';
import type { ChildJob, ChildOptions, JobHandler, WorkerJobContext } from '../jobs/protocol';
import { ProjectStore } from '../store/project-store';
import { GpSampler } from '../tuning/gp-sampler';
import { GridSampler } from '../tuning/grid-sampler';
import { MedianPruner } from '../tuning/median-pruner';
import { RandomSampler } from '../tuning/random-sampler';
import { parseSearchSpace } from '../tuning/search-space';
import { Study } from '../tuning/study';
import { TpeSampler } from '../tuning/tpe-sampler';
import { TrialPool } from '../tuning/trial-pool';
import type { Sampler } from '../tuning/trial';
import { openDatasetColumns } from './dataset-columns';
import { StudiesRepo } from '../store/studies-repo';
import { codeLabels } from './training-data';

/** the intermediate value trials report, and so the one the pruner compares */
const PRUNING_KEY = 'val_loss';
/** how often the study passes a Cancel it was given on to its pooled trials (sub-jobs see the study's flag directly) */
const CANCEL_POLL_MS = 100;

function samplerFor(kind: SamplerKind, seed: number): Sampler {
  if (kind === 'random') return new RandomSampler(seed);
  if (kind === 'grid') return new GridSampler();
  if (kind === 'gp') return new GpSampler({ seed });
  return new TpeSampler({ seed });
}

export const studyJob: JobHandler<StudyJobInput, StudyResult> = async (input, ctx) => {
  // the request schema checks the space's keys and the fixed params against the model catalog
  const req = parseRequest(studyRequest, input.request, 'study request');
  const space = parseSearchSpace(req.space ?? modelCatalog[req.train.model].defaultSpace);
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  const repo = new StudiesRepo(store);
  let studyId: string | null = null;
  const trials = trialStarter(ctx);
  try {
    const data = openDatasetColumns(store, req.train.dataset, req.train.version);
    const metric = req.metric ?? defaultMetric(codeLabels(req.train.model, data, req.train.target).task);
    const direction = req.direction ?? metricDirection(metric);
    const study = new Study({ space, direction, sampler: samplerFor(req.sampler, req.train.seed), pruner: req.prune ? new MedianPruner() : undefined });
    studyId = randomUUID().replace(/-/g, '');
    repo.create({
      id: studyId,
      jobId: ctx.jobId,
      name: req.name ?? `${req.train.model} on ${data.versionId} (${req.sampler})`,
      experiment: req.train.experiment,
      datasetVersion: data.versionId,
      target: req.train.target,
      modelKind: req.train.model,
      sampler: req.sampler,
      direction,
      metric,
      space,
      nTrials: req.trials,
    });
    const best = await runTrials(ctx, trials.start, study, studyId, req, metric);
    ctx.checkCancelled();
    repo.finish(studyId, 'finished', best?.runId ?? null);
    return { study: studyId, best_run: best?.runId ?? null, best_params: best?.params ?? {}, best_value: best?.value ?? null };
  } catch (e) {
    if (studyId) repo.finish(studyId, toAppError(e).code === 'JOB_CANCELLED' ? 'cancelled' : 'failed', null);
    throw e;
  } finally {
    await trials.close();
    store.close();
  }
};

type StartTrial = (input: TrainJobInput, options: ChildOptions) => ChildJob<TrainResult>;

/**
 * Starts trials on a TrialPool. Pooled trials get a flag of the study's own as their parent's, set once the study
 * sees a Cancel, so a user's Cancel still stops them as an ancestor's (nothing stored).
 */
function trialStarter(ctx: WorkerJobContext): { start: StartTrial; close(): Promise<void> } {
  const pool = TrialPool.forThisBuild();
  const studyCancelled = new SharedArrayBuffer(4);
  const watch = setInterval(() => {
    if (ctx.cancelled()) Atomics.store(new Int32Array(studyCancelled), 0, 1);
  }, CANCEL_POLL_MS);
  let started = 0;
  return {
    start: (input, options) =>
      pool.run(input, { jobId: `${ctx.jobId}/${++started}`, projectDir: ctx.projectDir, appVersion: ctx.appVersion, actor: ctx.actor, cancelFlag: new SharedArrayBuffer(4), parentCancelFlags: [studyCancelled] }, options),
    async close() {
      clearInterval(watch);
      await pool.close();
    },
  };
}

interface Best {
  runId: string;
  params: Record<string, number | string>;
  value: number;
}

async function runTrials(ctx: WorkerJobContext, startChild: StartTrial, study: Study, studyId: string, req: ReturnType<typeof studyRequest.parse>, metric: string): Promise<Best | null> {
  const parallel = Math.min(req.parallel ?? Math.max(1, os.cpus().length), req.trials);
  // Losses fall as trials improve; for a maximised metric the pruner must see "higher is better", so negate.
  const sign = study.direction === 'minimize' ? 1 : -1;
  const running = new Map<number, Promise<void>>();
  let asked = 0;
  let done = 0;
  let best: Best | null = null;
  let stop: AppError | null = null;
  let lastFailure: AppError | null = null;
  const startTrial = (): boolean => {
    const trial = study.ask();
    if (!trial) return false;
    asked++;
    const params = Object.fromEntries(Object.entries(trial.params).filter((e): e is [string, number | string | boolean] => e[1] !== null));
    const childInput: TrainJobInput = { request: { ...req.train, params: { ...req.train.params, ...params }, name: `trial ${trial.number}` }, study: { id: studyId, trial: trial.number } };
    let child: ChildJob<TrainResult> | null = null;
    child = startChild(childInput, {
      onMetrics: (points) => {
        for (const p of points) {
          if (p.key !== PRUNING_KEY) continue;
          study.report(trial.number, p.step, sign * p.value);
          if (study.shouldPrune(trial.number)) child?.cancel();
        }
      },
    });
    // Settling never throws: a user's Cancel or a wrong metric name is kept in `stop` and raised once the loop ends.
    const settle = child.result.then(
      (result) => {
        const value = result.metrics[metric];
        if (result.model === null && value === undefined) study.tell(trial.number, 'pruned');
        else if (value === undefined) {
          study.tell(trial.number, 'failed');
          stop ??= { code: 'BAD_INPUT', message: `Trials do not report the metric '${metric}' (they report ${Object.keys(result.metrics).join(', ')}).`, where: { field: 'metric' } };
        } else {
          study.tell(trial.number, value);
          if (!best || sign * value < sign * best.value) best = { runId: result.run, params: params as Record<string, number | string>, value };
        }
      },
      (e: unknown) => {
        const error = toAppError(e);
        study.tell(trial.number, 'failed');
        if (error.code === 'JOB_CANCELLED' || ctx.cancelled()) stop ??= error;
        else lastFailure = error;
      },
    );
    running.set(
      trial.number,
      settle.finally(() => {
        running.delete(trial.number);
        done++;
        ctx.progress(done / req.trials, `trial ${done} of ${req.trials}${best ? `, best ${metric} ${best.value.toPrecision(4)}` : ''}`);
        const last = study.trials[trial.number];
        if (last.state === 'complete') ctx.metric('trial_value', trial.number, last.value as number);
        if (best) ctx.metric('best_value', trial.number, best.value);
      }),
    );
    return true;
  };
  ctx.progress(0, `starting ${Math.min(parallel, req.trials)} trials in parallel`);
  while (done < req.trials) {
    while (running.size < parallel && asked < req.trials && !ctx.cancelled() && !stop) if (!startTrial()) break;
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  if (stop) throw new AppFailure(stop);
  // Every trial failing is a broken setup, not a study result: say why, with the last trial's reason.
  if (!best && lastFailure && study.trials.every((t) => t.state === 'failed')) throw new AppFailure(lastFailure);
  return best;
}
