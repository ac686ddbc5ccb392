// Jobs state: every job of the open project, kept live by 'job.updated' events, and cancelling one.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { isEndedState, type JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { toShownError, type Host } from '../api';

export function isFinished(job: JobInfo): boolean {
  return isEndedState(job.state);
}

/** Why a finished job did not succeed: its own error, or (one interrupted without an error) the state it ended in. */
export function endedError(job: JobInfo, what: string): AppError {
  return job.error ?? { code: 'JOB_INTERRUPTED', message: `The ${what} ended ${job.state}.` };
}

export interface JobsState {
  /** newest first */
  jobs: JobInfo[];
  error: AppError | null;
  load(): Promise<void>;
  cancel(id: string): Promise<void>;
  dismissError(): void;
}

/** of two reports on one job, the later one: a finished state beats a running one, more progress beats less */
function later(a: JobInfo, b: JobInfo): JobInfo {
  if (isFinished(a) !== isFinished(b)) return isFinished(a) ? a : b;
  return b.fraction >= a.fraction ? b : a;
}

function upsert(jobs: JobInfo[], job: JobInfo): JobInfo[] {
  const at = jobs.findIndex((j) => j.id === job.id);
  if (at < 0) return [job, ...jobs];
  const next = jobs.slice();
  next[at] = later(next[at], job);
  return next;
}

export function createJobsStore(host: Host): StoreApi<JobsState> {
  const { api } = host;
  return createStore<JobsState>()((set, get) => {
    api.subscribe('job.updated', (job) => set({ jobs: upsert(get().jobs, job) }));
    api.subscribe('project.changed', () => set({ jobs: [], error: null }));
    return {
      jobs: [],
      error: null,
      async load() {
        try {
          // an event may have overtaken this answer: keep whichever report on a job is later
          const seen = new Map(get().jobs.map((j) => [j.id, j]));
          const jobs = (await api.call('jobs.list', {})).map((j) => {
            const known = seen.get(j.id);
            return known ? later(known, j) : j;
          });
          set({ jobs: jobs.sort((a, b) => b.createdAt.localeCompare(a.createdAt)), error: null });
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        }
      },
      async cancel(id) {
        try {
          set({ jobs: upsert(get().jobs, await api.call('jobs.cancel', { id })) });
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        }
      },
      dismissError: () => set({ error: null }),
    };
  });
}
