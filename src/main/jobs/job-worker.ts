// Entry of every job worker thread: looks up the job kind, runs it, and reports progress, live metrics and the outcome.
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { MetricPoint } from '../../shared/events';
import { AppFailure, fail, toAppError } from '../../shared/errors';
import { jobKinds } from './job-kinds';
import type { ChildJob, ChildOptions, WorkerJobContext, WorkerMessage, WorkerStart } from './protocol';
import { workerResourceLimits, workerScript } from './worker-script';

const start = workerData as WorkerStart;
const flags = [start.cancelFlag, ...(start.parentCancelFlags ?? [])].map((b) => new Int32Array(b));
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);
const isCancelled = (): boolean => flags.some((f) => Atomics.load(f, 0) === 1);

let lastProgressAt = 0;
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
function runChild<R>(kind: string, input: unknown, options: ChildOptions = {}): ChildJob<R> {
  const cancelFlag = new SharedArrayBuffer(4);
  const script = workerScript();
  const child: WorkerStart = { ...start, jobId: `${start.jobId}/${++children}`, kind, input, cancelFlag, parentCancelFlags: [start.cancelFlag, ...(start.parentCancelFlags ?? [])] };
  const worker = new Worker(script.file, { workerData: child, execArgv: script.execArgv, resourceLimits: workerResourceLimits() });
  const result = new Promise<R>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'metrics') options.onMetrics?.(m.points);
      else if (m.type === 'done') {
        settled = true;
        resolve(m.result as R);
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
  progress(fraction, message) {
    const now = Date.now();
    if (now - lastProgressAt < 100 && fraction < 1) return;
    lastProgressAt = now;
    post({ type: 'progress', fraction: Math.min(1, Math.max(0, fraction)), message });
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

async function main(): Promise<void> {
  const handler = jobKinds[start.kind];
  if (!handler) fail('BAD_INPUT', `unknown job kind '${start.kind}'`);
  const result = await handler(start.input as never, ctx);
  flushMetrics();
  post({ type: 'done', result });
}

main().catch((e: unknown) => {
  flushMetrics();
  post({ type: 'failed', error: toAppError(e) });
});
