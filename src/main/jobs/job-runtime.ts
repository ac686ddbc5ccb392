// What runs inside a job's thread or process: looks up the job kind, builds its context (throttled progress,
// batched live metrics, cancellation, sub-jobs in worker threads), runs it, and posts the outcome.
import { Worker } from 'node:worker_threads';
import type { MetricPoint } from '../../shared/events';
import { AppFailure, fail, toAppError } from '../../shared/errors';
import { jobStart, type JobInput, type JobKind, type JobResult } from '../../shared/jobs';
import { runJobKind } from './job-kinds';
import { ProgressThrottle } from './progress-throttle';
import type { ChildJob, ChildOptions, WorkerJobContext, WorkerMessage, WorkerStart } from './protocol';
import { workerResourceLimits, workerScript } from './worker-script';

/** Runs the job `start` names and posts its progress, metrics and exactly one 'done' or 'failed'. */
export async function runJob(start: WorkerStart, post: (m: WorkerMessage) => void): Promise<void> {
  const flags = [start.cancelFlag, ...(start.parentCancelFlags ?? [])].map((b) => new Int32Array(b));
  const isCancelled = (): boolean => flags.some((f) => Atomics.load(f, 0) === 1);

  const progress = new ProgressThrottle((fraction, message) => post({ type: 'progress', fraction, message }));
  let pending: MetricPoint[] = [];
  let flushTimer: NodeJS.Timeout | null = null;
  let lastFlushAt = 0;
  const flushMetrics = (): void => {
    if (flushTimer) clearTimeout(flushTimer);
    flushTimer = null;
    lastFlushAt = Date.now();
    if (pending.length === 0) return;
    post({ type: 'metrics', points: pending });
    pending = [];
  };

  let children = 0;
  function runChild<K extends JobKind>(kind: K, input: JobInput<K>, options: ChildOptions = {}): ChildJob<JobResult<K>> {
    const cancelFlag = new SharedArrayBuffer(4);
    // a sub-job gets no secret: only the job it was handed to may use it
    const child: WorkerStart = { ...start, ...jobStart(kind, input), secret: undefined, jobId: `${start.jobId}/${++children}`, cancelFlag, parentCancelFlags: [start.cancelFlag, ...(start.parentCancelFlags ?? [])] };
    const worker = new Worker(workerScript(), { workerData: child, resourceLimits: workerResourceLimits() });
    const result = new Promise<JobResult<K>>((resolve, reject) => {
      let settled = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'metrics') options.onMetrics?.(m.points);
        else if (m.type === 'done') {
          settled = true;
          // the child ran this kind's handler, whose result type job-kinds.ts checks against the kind
          resolve(m.result as JobResult<K>);
        } else if (m.type === 'failed') {
          settled = true;
          reject(new AppFailure(m.error));
        }
      });
      worker.on('error', (e) => {
        settled = true;
        reject(e);
      });
      worker.on('exit', () => {
        if (!settled) reject(new AppFailure({ code: 'INTERNAL', message: `sub-job ${kind} stopped without a result (out of memory?)` }));
      });
    });
    return { result, cancel: () => Atomics.store(new Int32Array(cancelFlag), 0, 1) };
  }

  const ctx: WorkerJobContext = {
    jobId: start.jobId,
    projectDir: start.projectDir,
    appVersion: start.appVersion,
    actor: start.actor,
    secret: start.secret,
    progress(fraction, message) {
      progress.report(fraction, message);
    },
    metric(key, step, value) {
      pending.push({ key, step, value });
      // Trainers run synchronously, so a timer alone would hold every point until training ends: flush on the clock
      // here, and leave the timer for the last points of a quiet spell.
      if (Date.now() - lastFlushAt >= 100) flushMetrics();
      else flushTimer ??= setTimeout(flushMetrics, 100);
    },
    runChild,
    stopReason() {
      if (flags.slice(1).some((f) => Atomics.load(f, 0) === 1)) return 'ancestor';
      return Atomics.load(flags[0], 0) === 1 ? 'self' : null;
    },
    cancelled: isCancelled,
    checkCancelled() {
      if (isCancelled()) fail('JOB_CANCELLED', 'Cancelled by the user; nothing was stored.');
    },
  };

  try {
    const result = await runJobKind(start, ctx);
    progress.close();
    flushMetrics();
    post({ type: 'done', result });
  } catch (e) {
    progress.close();
    flushMetrics();
    post({ type: 'failed', error: toAppError(e) });
  }
}
