// The one job a store starts and follows at a time: starting it, following its updates until it ends, cancelling it,
// and how it ended (the store's own success, a failure, or a cancellation that stored nothing).
import type { JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { toShownError, type Host } from '../api';
import { endedError, isFinished } from './jobs-store';

export interface JobTask<K extends string> {
  /** which of the store's job kinds it is */
  kind: K;
  title: string;
  jobId: string | null;
  /** the job as last reported; null until the host has answered */
  job: JobInfo | null;
  cancelling: boolean;
}

/** how a task ended: succeeded with `S` (what the store keeps of its result), failed, or cancelled */
export type JobOutcome<S> = { kind: 'succeeded'; result: S } | { kind: 'failed'; error: AppError } | { kind: 'cancelled'; title: string };

/** the part of a store's state the task lives in */
export interface JobTaskState<K extends string, S> {
  task: JobTask<K> | null;
  outcome: JobOutcome<S> | null;
  error: AppError | null;
}

/** what a task asks the host about its job */
export interface JobControls {
  get(id: string): Promise<JobInfo>;
  cancel(id: string): Promise<JobInfo>;
}

export const jobControlsOf = (api: Host['api']): JobControls => ({
  get: (id) => api.call('jobs.get', { id }),
  cancel: (id) => api.call('jobs.cancel', { id }),
});

export interface JobTasks<K extends string> {
  /** starts a job unless one is running; a refusal to start becomes the failed outcome */
  start(kind: K, title: string, call: () => Promise<{ jobId: string }>): Promise<void>;
  /** a job update: the task's own moves its progress on, or ends it */
  track(job: JobInfo): void;
  cancel(): Promise<void>;
}

/**
 * `succeeded` reads what the store keeps of a finished job's result, or null where it did not succeed as its kind.
 * The caller subscribes `track` to 'job.updated' (beside what else it does with updates).
 */
export function jobTasks<K extends string, S>(
  jobs: JobControls,
  get: () => JobTaskState<K, S>,
  set: (partial: Partial<JobTaskState<K, S>>) => void,
  succeeded: (job: JobInfo, task: JobTask<K>) => S | null,
): JobTasks<K> {
  const outcomeOf = (job: JobInfo, task: JobTask<K>): JobOutcome<S> => {
    const result = succeeded(job, task);
    if (result !== null) return { kind: 'succeeded', result };
    if (job.state === 'cancelled') return { kind: 'cancelled', title: task.title };
    return { kind: 'failed', error: endedError(job, `job “${task.title}”`) };
  };

  const track = (job: JobInfo) => {
    const task = get().task;
    if (!task || task.jobId !== job.id) return;
    if (isFinished(job)) set({ task: null, outcome: outcomeOf(job, task) });
    else set({ task: { ...task, job } });
  };

  return {
    track,

    async start(kind, title, call) {
      if (get().task) return;
      set({ task: { kind, title, jobId: null, job: null, cancelling: false }, outcome: null });
      try {
        const { jobId } = await call();
        const task = get().task;
        if (!task) return;
        set({ task: { ...task, jobId } });
        track(await jobs.get(jobId));
      } catch (thrown) {
        set({ task: null, outcome: { kind: 'failed', error: toShownError(thrown) } });
      }
    },

    async cancel() {
      const task = get().task;
      if (!task?.jobId) return;
      set({ task: { ...task, cancelling: true } });
      try {
        track(await jobs.cancel(task.jobId));
      } catch (thrown) {
        set({ error: toShownError(thrown) });
      }
    },
  };
}
