// Entry of every job worker thread: looks up the job kind, runs it, and reports progress and the outcome.
import { parentPort, workerData } from 'node:worker_threads';
import { fail, toAppError } from '../../shared/errors';
import { jobKinds } from './job-kinds';
import type { JobContext, WorkerMessage, WorkerStart } from './protocol';

const start = workerData as WorkerStart;
const flag = new Int32Array(start.cancelFlag);
const port = parentPort!;
const post = (m: WorkerMessage): void => port.postMessage(m);

let lastProgressAt = 0;
const ctx: JobContext = {
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
  cancelled: () => Atomics.load(flag, 0) === 1,
  checkCancelled() {
    if (Atomics.load(flag, 0) === 1) fail('JOB_CANCELLED', 'Cancelled by the user; nothing was stored.');
  },
};

async function main(): Promise<void> {
  const handler = jobKinds[start.kind];
  if (!handler) fail('BAD_INPUT', `unknown job kind '${start.kind}'`);
  const result = await handler(start.input as never, ctx);
  post({ type: 'done', result });
}

main().catch((e: unknown) => post({ type: 'failed', error: toAppError(e) }));
