// Every kind of job a worker can run, by name. One *.worker.ts module per kind; the map's type makes each handler's
// input and result match the kind's entry in src/shared/jobs.ts.
import { auditPackageJob } from '../audit/package/audit-package.worker';
import { exportDatasetJob } from '../datasets/export.worker';
import { importDatasetJob } from '../datasets/import.worker';
import { mlflowImportJob } from '../experiments/mlflow-import.worker';
import { studyJob } from '../experiments/study.worker';
import { trainJob } from '../experiments/train.worker';
import { benchJob } from '../models/benchmark/bench.worker';
import { compareJob } from '../models/benchmark/compare.worker';
import { explainJob } from '../models/explanation/explain.worker';
import { fairnessJob } from '../models/explanation/fairness.worker';
import { scoreJob } from '../models/scoring/score.worker';
import { driftReportJob } from '../monitoring/drift-report.worker';
import { classifyRequirementsJob } from '../requirements/classify/classify.worker';
import { trainClassifierJob } from '../requirements/classify/train-classifier.worker';
import { crashJob } from './crash.worker';
import { networkProbeJob } from './network-probe.worker';
import { sleepJob } from './sleep.worker';
import { fail } from '../../shared/errors';
import { isJobKind, type JobInput, type JobKind, type JobResult, type JobStart } from '../../shared/jobs';
import type { JobHandler, WorkerJobContext } from './protocol';

type JobHandlers = { [K in JobKind]: JobHandler<JobInput<K>, JobResult<K>> };

export const jobKinds: JobHandlers = {
  'dataset.import': importDatasetJob,
  'dataset.export': exportDatasetJob,
  'mlflow.import': mlflowImportJob,
  train: trainJob,
  study: studyJob,
  'drift.report': driftReportJob,
  'model.score': scoreJob,
  'model.bench': benchJob,
  'model.compare': compareJob,
  'model.explain': explainJob,
  'model.fairness': fairnessJob,
  'requirements.classify': classifyRequirementsJob,
  'requirements.train': trainClassifierJob,
  'audit.package': auditPackageJob,
  'test.sleep': sleepJob,
  'test.crash': crashJob,
  'test.network': networkProbeJob,
  'test.network-process': networkProbeJob,
};

/** Runs the handler of `start.kind` on its input; generic in the kind, so the handler and the input stay paired. */
export function runJobKind<K extends JobKind>(start: JobStart<K>, ctx: WorkerJobContext): Promise<JobResult<K>> {
  // the start crossed a thread or process boundary: a kind from another version of Airlock is refused, not run
  if (!isJobKind(start.kind)) fail('BAD_INPUT', `unknown job kind '${String(start.kind)}'`);
  const handler: JobHandlers[K] = jobKinds[start.kind];
  return handler(start.input, ctx);
}
