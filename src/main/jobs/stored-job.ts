// Reads a job's kind, input and outcome back from the store as the typed pairs of src/shared/jobs.ts. The JSON was
// written by JobRunner.submit<K>() and by K's handler, both checked against the kind's entry at compile time, so it
// is trusted here; a kind this version of Airlock does not know (a newer one wrote it) is refused, naming the job.
import type { JobState } from '../../shared/domain';
import { fail, type AppError } from '../../shared/errors';
import { isJobKind, jobStart, type JobFields, type JobInfo, type JobInfoOf, type JobKind, type JobStart } from '../../shared/jobs';

/** The stored columns this module reads (a jobs-repo row). */
export interface StoredJob {
  id: string;
  kind: string;
  state: JobState;
  input: string;
  error: string | null;
  result: string | null;
}

function knownKind(job: Pick<StoredJob, 'id' | 'kind'>): JobKind {
  if (!isJobKind(job.kind)) fail('INTERNAL', `Job ${job.id} is of kind '${job.kind}', which this version of Airlock does not run.`);
  return job.kind;
}

/** The kind and input a worker is started with. */
export function storedJobStart(job: Pick<StoredJob, 'id' | 'kind' | 'input'>): JobStart {
  return jobStart(knownKind(job), JSON.parse(job.input));
}

function outcome<K extends JobKind>(kind: K, job: Pick<StoredJob, 'state' | 'error' | 'result'>, fields: JobFields): JobInfoOf<K> {
  if (job.state === 'succeeded') return { ...fields, kind, state: 'succeeded', error: null, result: job.result ? JSON.parse(job.result) : null };
  const error: AppError | null = job.error ? JSON.parse(job.error) : null;
  return { ...fields, kind, state: job.state, error, result: null };
}

/** The JobInfo hosts see: `fields` (title, progress, times) with the stored kind, state, error and result. */
export function storedJobInfo(job: Pick<StoredJob, 'id' | 'kind' | 'state' | 'error' | 'result'>, fields: JobFields): JobInfo {
  return outcome(knownKind(job), job, fields);
}
