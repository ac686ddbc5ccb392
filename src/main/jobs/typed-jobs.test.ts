import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ImportResult } from '../../shared/domain';
import type { StudyResult, TrainResult } from '../../shared/experiments';
import { isJobKind, jobKindNames, succeededAs, type JobInfo, type JobResult } from '../../shared/jobs';
import { tempProject } from '../test-support/temp-project';
import { jobKinds } from './job-kinds';
import { JobRunner } from './job-runner';
import { storedJobInfo } from './stored-job';

const fields = { id: 'j1', title: 't', fraction: 1, message: 'done', etaSeconds: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null };

describe('typed job kinds', () => {
  it("types a succeeded job's result by its kind, read back from the store through a real worker", async () => {
    const jobs = new JobRunner(tempProject(), { appVersion: 'test' });
    const done = await jobs.wait(jobs.submit('test.sleep', 'sleep', { steps: 2, stepMs: 1 }).id);
    expect(succeededAs(done, 'train')).toBe(false);
    if (!succeededAs(done, 'test.sleep')) throw new Error(`sleep ended ${done.state}`);
    expectTypeOf(done.result).toEqualTypeOf<{ steps: number }>();
    expect(done.result.steps).toBe(2);
    await jobs.close();
  });

  it('narrows JobInfo.result by kind and state, so hosts read results without casts', () => {
    expectTypeOf<Extract<JobInfo, { kind: 'train'; state: 'succeeded' }>['result']>().toEqualTypeOf<TrainResult>();
    expectTypeOf<Extract<JobInfo, { kind: 'study'; state: 'succeeded' }>['result']>().toEqualTypeOf<StudyResult>();
    expectTypeOf<JobResult<'dataset.import'>>().toEqualTypeOf<ImportResult>();
    expectTypeOf<Exclude<Extract<JobInfo, { kind: 'train' }>, { state: 'succeeded' }>['result']>().toEqualTypeOf<null>();
  });

  it('checks a job input against its kind when it is submitted', () => {
    // Never run: the compiler is the test (an unused @ts-expect-error fails the typecheck).
    const submitWrongInput = (jobs: JobRunner): void => {
      // @ts-expect-error a train job takes { request }, not a sleep job's input
      jobs.submit('train', 'x', { steps: 1, stepMs: 1 });
      // @ts-expect-error a kind outside the contract
      jobs.submit('train.fast', 'x', { request: { dataset: 'd', target: 't', model: 'logreg' } });
    };
    expect(typeof submitWrongInput).toBe('function');
  });

  it('registers a handler for exactly the kinds in the contract', () => {
    expect(Object.keys(jobKinds).sort()).toEqual([...jobKindNames].sort());
    expect(isJobKind('train')).toBe(true);
    expect(isJobKind('constructor')).toBe(false);
  });

  it("loads each kind's handler from its module when a job of that kind asks for it", async () => {
    for (const kind of jobKindNames) expect(typeof (await jobKinds[kind]()), kind).toBe('function');
  });

  it('refuses a stored job of a kind this version does not run, naming the job', () => {
    expect(() => storedJobInfo({ id: 'j1', kind: 'drift.check', state: 'succeeded', error: null, result: '{}' }, fields)).toThrow(
      expect.objectContaining({ error: expect.objectContaining({ code: 'INTERNAL', message: expect.stringMatching(/^Job j1 is of kind 'drift\.check'/) }) }),
    );
    const failed = storedJobInfo({ id: 'j1', kind: 'train', state: 'failed', error: '{"code":"BAD_INPUT","message":"x"}', result: null }, fields);
    expect(failed).toMatchObject({ kind: 'train', state: 'failed', error: { code: 'BAD_INPUT' }, result: null });
  });
});
