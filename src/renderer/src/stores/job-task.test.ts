import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { succeededAs } from '../../../shared/jobs';
import { ApiError } from '../api';
import { jobTasks, type JobControls, type JobTaskState } from './job-task';

const fields = { title: 'Sleep', message: '', etaSeconds: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null };
const running = (id: string, fraction: number): JobInfo => ({ ...fields, id, fraction, kind: 'test.sleep', state: 'running', error: null, result: null });
const succeeded = (id: string, steps: number): JobInfo => ({ ...fields, id, fraction: 1, kind: 'test.sleep', state: 'succeeded', error: null, result: { steps } });
const ended = (id: string, state: 'failed' | 'interrupted', error: AppError | null): JobInfo => ({ ...fields, id, fraction: 0.5, kind: 'test.sleep', state, error, result: null });

/** the host's jobs as far as a task sees them: what `get` answers, and cancel ends a job cancelled */
class Jobs implements JobControls {
  readonly byId = new Map<string, JobInfo>();
  cancelled: string[] = [];
  async get(id: string): Promise<JobInfo> {
    const job = this.byId.get(id);
    if (!job) throw new Error(`no job ${id}`);
    return job;
  }
  async cancel(id: string): Promise<JobInfo> {
    this.cancelled.push(id);
    const job = await this.get(id);
    return { ...job, state: 'cancelled', error: null, result: null };
  }
}

/** a store's task state driven by jobTasks, with the sleep job's steps as its success */
function taskStore() {
  const jobs = new Jobs();
  let state: JobTaskState<'sleep', number> = { task: null, outcome: null, error: null };
  const tasks = jobTasks<'sleep', number>(
    jobs,
    () => state,
    (partial) => (state = { ...state, ...partial }),
    (job) => (succeededAs(job, 'test.sleep') ? job.result.steps : null),
  );
  return { jobs, tasks, state: () => state };
}

describe('a store job task', () => {
  it('follows its own job from start to success and ignores other jobs', async () => {
    const { jobs, tasks, state } = taskStore();
    jobs.byId.set('j1', running('j1', 0.2));
    await tasks.start('sleep', 'Sleeping', async () => ({ jobId: 'j1' }));
    expect(state().task).toMatchObject({ kind: 'sleep', title: 'Sleeping', jobId: 'j1', job: { fraction: 0.2 }, cancelling: false });

    tasks.track(succeeded('j2', 9));
    expect(state().task?.jobId).toBe('j1');
    tasks.track(running('j1', 0.6));
    expect(state().task?.job?.fraction).toBe(0.6);
    tasks.track(succeeded('j1', 3));
    expect(state()).toMatchObject({ task: null, outcome: { kind: 'succeeded', result: 3 } });
  });

  it('starts nothing while a job runs', async () => {
    const { jobs, tasks, state } = taskStore();
    jobs.byId.set('j1', running('j1', 0));
    await tasks.start('sleep', 'First', async () => ({ jobId: 'j1' }));
    let asked = false;
    await tasks.start('sleep', 'Second', async () => {
      asked = true;
      return { jobId: 'j2' };
    });
    expect(asked).toBe(false);
    expect(state().task?.title).toBe('First');
  });

  it('shows a refusal to start as the failed outcome, with the host’s error', async () => {
    const { tasks, state } = taskStore();
    await tasks.start('sleep', 'Sleeping', async () => {
      throw new ApiError({ code: 'BAD_INPUT', message: 'steps must be positive' });
    });
    expect(state()).toMatchObject({ task: null, outcome: { kind: 'failed', error: { code: 'BAD_INPUT', message: 'steps must be positive' } } });
  });

  it('cancels through the host and ends saying the task was cancelled', async () => {
    const { jobs, tasks, state } = taskStore();
    jobs.byId.set('j1', running('j1', 0.1));
    await tasks.start('sleep', 'Sleeping', async () => ({ jobId: 'j1' }));
    await tasks.cancel();
    expect(jobs.cancelled).toEqual(['j1']);
    expect(state()).toMatchObject({ task: null, outcome: { kind: 'cancelled', title: 'Sleeping' } });
  });

  it('ends a failed job with its own error, or names the task where the job ended without one', async () => {
    const { jobs, tasks, state } = taskStore();
    jobs.byId.set('j1', running('j1', 0));
    await tasks.start('sleep', 'Sleeping', async () => ({ jobId: 'j1' }));
    tasks.track(ended('j1', 'failed', { code: 'INTERNAL', message: 'the worker crashed' }));
    expect(state().outcome).toEqual({ kind: 'failed', error: { code: 'INTERNAL', message: 'the worker crashed' } });

    await tasks.start('sleep', 'Sleeping again', async () => ({ jobId: 'j1' }));
    tasks.track(ended('j1', 'interrupted', null));
    expect(state().outcome).toEqual({ kind: 'failed', error: { code: 'JOB_INTERRUPTED', message: 'The job “Sleeping again” ended interrupted.' } });
  });
});
