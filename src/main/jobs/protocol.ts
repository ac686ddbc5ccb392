// Messages between the job runner and its worker threads or job processes, and the context a job handler runs with.
import type { AppError } from '../../shared/errors';
import type { MetricPoint } from '../../shared/events';
import type { JobInput, JobKind, JobResult, JobStart } from '../../shared/jobs';

/** What the runner hands a worker at start (workerData): the kind and its input typed as a pair, plus where it runs. */
export type WorkerStart = JobStart & WorkerPlace;

/** Which job, in which project, as whom, and the flags that carry Cancel. */
export interface WorkerPlace {
  jobId: string;
  projectDir: string;
  appVersion: string;
  actor: string;
  /** Int32 flag: 1 once the user asked to cancel; read with Atomics so a busy loop sees it at once */
  cancelFlag: SharedArrayBuffer;
  /** flags of the jobs that spawned this one: cancelling a study cancels its trials */
  parentCancelFlags?: SharedArrayBuffer[];
  /** the runner's in-memory secret for this job (an unlocked signing key), handed over at start, never stored or logged */
  secret?: string;
}

export type WorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'metrics'; points: MetricPoint[] }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: AppError };

/** What the runner hands a job process: a start without the shared cancel flags, which cannot cross processes. */
export type ProcessStart = JobStart & Omit<WorkerPlace, 'cancelFlag' | 'parentCancelFlags'>;

/** Messages from the runner to a job process: its start, then possibly a request to cancel. */
export type RunnerMessage = { type: 'start'; start: ProcessStart; /** the job's heap cap */ memoryMb: number } | { type: 'cancel' };

/** A job running in a worker thread or a child process, as the runner sees it. */
export interface JobExecution {
  /** asks the job to stop; one that does not stop within a grace period is killed */
  cancel(): void;
  /** stops it now: it has settled, or the runner is closing */
  stop(): Promise<void>;
}

export interface ExecutionEvents {
  message(m: WorkerMessage): void;
  /** it ended without posting 'done' or 'failed' (crashed, out of memory, killed after Cancel): why, in one line */
  ended(error: AppError): void;
}

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
  runChild<K extends JobKind>(kind: K, input: JobInput<K>, options?: ChildOptions): ChildJob<JobResult<K>>;
  /** what the submitter handed over beside the input (JobRunner.submit's `secret`); absent when it handed nothing */
  readonly secret?: string;
}

export type JobHandler<I = unknown, R = unknown> = (input: I, ctx: WorkerJobContext) => Promise<R>;
