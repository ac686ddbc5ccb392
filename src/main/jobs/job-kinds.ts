// Every kind of job a worker can run, by name. One *.worker.ts module per kind.
import { importDatasetJob } from '../datasets/import.worker';
import { studyJob } from '../experiments/study.worker';
import { trainJob } from '../experiments/train.worker';
import { sleepJob } from './sleep.worker';
import type { JobHandler } from './protocol';

export const jobKinds: Record<string, JobHandler<never, unknown>> = {
  'dataset.import': importDatasetJob,
  train: trainJob,
  study: studyJob,
  'test.sleep': sleepJob,
};
