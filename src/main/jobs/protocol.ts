// Messages between the job runner and its worker threads, and the context a job handler runs with.
import type { AppError } from '../../shared/errors';
import type { MetricPoint } from '../../shared/events';

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
  /** flags of the jobs that spawned this one: cancelling a study cancels its trials */
  parentCancelFlags?: SharedArrayBuffer[];
}

export type WorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'metrics'; points: MetricPoint[] }
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

/** A sub-job running in its own worker thread, started by a job (a study's trials). */
export interface ChildJob<R> {
  result: Promise<R>;
  /** asks the child to stop (it sees ctx.cancelled() and throws JOB_CANCELLED) */
  cancel(): void;
}

export interface ChildOptions {
  onMetrics?: (points: MetricPoint[]) => void;
}

/** What a job gets inside its worker thread: progress and cancel, plus live metrics and sub-jobs. */
export interface WorkerJobContext extends JobContext {
  /** why the job is being stopped: 'self' when its own flag was set (a study pruning its trial), 'ancestor' when the user cancelled a job that spawned it */
  stopReason(): 'self' | 'ancestor' | null;
  /** a live metric point (loss per iteration...), batched to the UI about 10 times a second */
  metric(key: string, step: number, value: number): void;
  runChild<R>(kind: string, input: unknown, options?: ChildOptions): ChildJob<R>;
}

export type JobHandler<I = unknown, R = unknown> = (input: I, ctx: WorkerJobContext) => Promise<R>;
