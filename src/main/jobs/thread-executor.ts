// Runs a job in a worker thread: Cancel sets a shared flag the job polls, and a job that ignores it is terminated.
import { Worker } from 'node:worker_threads';
import { toAppError, type AppError } from '../../shared/errors';
import type { ExecutionEvents, JobExecution, WorkerMessage, WorkerStart } from './protocol';
import { workerResourceLimits, workerScript } from './worker-script';

/** A job that has not looked at its cancel flag within this long is stopped outright; it commits nothing half-way. */
export const CANCEL_GRACE_MS = 5_000;

/** How a job that ended after Cancel, without reporting so itself, is recorded (by either executor). */
export const CANCELLED_BY_USER: AppError = { code: 'JOB_CANCELLED', message: 'Cancelled by the user; nothing was stored.' };

/** Starts the job in a worker thread whose heap is capped at `memoryMb` (default: half the machine's memory). */
export function startInThread(start: WorkerStart, events: ExecutionEvents, memoryMb = workerResourceLimits().maxOldGenerationSizeMb): JobExecution {
  const worker = new Worker(workerScript(), { workerData: start, resourceLimits: { maxOldGenerationSizeMb: memoryMb } });
  let settled = false;
  let exited = false;
  const end = (error: AppError): void => {
    if (settled) return;
    settled = true;
    events.ended(error);
  };
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'done' || m.type === 'failed') settled = true;
    events.message(m);
  });
  worker.on('error', (e) => {
    if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
      end({ code: 'OUT_OF_MEMORY', message: `The job ran out of memory (its ${memoryMb} MB heap) and was stopped; Airlock kept running.`, hint: 'Use fewer rows or features, or a smaller model.' });
      return;
    }
    const err = toAppError(e);
    end(err.code === 'INTERNAL' ? { ...err, message: `The job crashed: ${err.message}` } : err);
  });
  worker.on('exit', () => {
    exited = true;
    end(Atomics.load(new Int32Array(start.cancelFlag), 0) === 1
      ? CANCELLED_BY_USER
      : { code: 'INTERNAL', message: 'The job stopped without a result (out of memory?).' });
  });
  return {
    cancel() {
      Atomics.store(new Int32Array(start.cancelFlag), 0, 1);
      setTimeout(() => {
        if (!exited) void worker.terminate();
      }, CANCEL_GRACE_MS).unref();
    },
    async stop() {
      if (!exited) await worker.terminate();
    },
  };
}
