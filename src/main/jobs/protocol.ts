// Messages between the job runner and its worker threads, and the context a job handler runs with.
import type { AppError } from '../../shared/errors';

/** What the runner hands a worker at start (workerData). */
export interface WorkerStart {
  jobId: string;
  kind: string;
  input: unknown;
  projectDir: string;
  appVersion: string;
  actor: string;
  /** Int32 flag: 1 once the user asked to cancel; read with Atomics so a busy loop sees it at once */
  cancelFlag: SharedArrayBuffer;
}

export type WorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: AppError };

export interface JobContext {
  readonly jobId: string;
  readonly projectDir: string;
  readonly appVersion: string;
  readonly actor: string;
  /** fraction in [0, 1]; throttled to about 10 messages a second */
  progress(fraction: number, message: string): void;
  cancelled(): boolean;
  /** throws JOB_CANCELLED when the user asked to cancel; call it between units of work and before committing */
  checkCancelled(): void;
}

export type JobHandler<I = unknown, R = unknown> = (input: I, ctx: JobContext) => Promise<R>;
