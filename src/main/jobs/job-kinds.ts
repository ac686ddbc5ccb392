// Every kind of job a worker can run, by name. One *.worker.ts module per kind, loaded when a job of that kind runs (a
// thread that trains loads no auditing, scoring or text modules); the map's type makes each handler's input and result
// match the kind's entry in src/shared/jobs.ts.
import { fail } from '../../shared/errors';
import { isJobKind, type JobInput, type JobKind, type JobResult, type JobStart } from '../../shared/jobs';
import type { JobHandler, WorkerJobContext } from './protocol';

type JobLoaders = { [K in JobKind]: () => Promise<JobHandler<JobInput<K>, JobResult<K>>> };

export const jobKinds: JobLoaders = {
  'dataset.import': async () => (await import('../datasets/import.worker')).importDatasetJob,
  'dataset.export': async () => (await import('../datasets/export.worker')).exportDatasetJob,
  'mlflow.import': async () => (await import('../experiments/mlflow-import.worker')).mlflowImportJob,
  train: async () => (await import('../experiments/train.worker')).trainJob,
  study: async () => (await import('../experiments/study.worker')).studyJob,
  'drift.report': async () => (await import('../monitoring/drift-report.worker')).driftReportJob,
  'model.score': async () => (await import('../models/scoring/score.worker')).scoreJob,
  'model.bench': async () => (await import('../models/benchmark/bench.worker')).benchJob,
  'model.compare': async () => (await import('../models/benchmark/compare.worker')).compareJob,
  'model.explain': async () => (await import('../models/explanation/explain.worker')).explainJob,
  'model.fairness': async () => (await import('../models/explanation/fairness.worker')).fairnessJob,
  'requirements.classify': async () => (await import('../requirements/classify/classify.worker')).classifyRequirementsJob,
  'requirements.train': async () => (await import('../requirements/classify/train-classifier.worker')).trainClassifierJob,
  'audit.package': async () => (await import('../audit/package/audit-package.worker')).auditPackageJob,
  'test.sleep': async () => (await import('./sleep.worker')).sleepJob,
  'test.crash': async () => (await import('./crash.worker')).crashJob,
  'test.network': async () => (await import('./network-probe.worker')).networkProbeJob,
  'test.network-process': async () => (await import('./network-probe.worker')).networkProbeJob,
};

/** Runs the handler of `start.kind` on its input; generic in the kind, so the handler and the input stay paired. */
export async function runJobKind<K extends JobKind>(start: JobStart<K>, ctx: WorkerJobContext): Promise<JobResult<K>> {
  // the start crossed a thread or process boundary: a kind from another version of Airlock is refused, not run
  if (!isJobKind(start.kind)) fail('BAD_INPUT', `unknown job kind '${String(start.kind)}'`);
  const load: JobLoaders[K] = jobKinds[start.kind];
  const handler = await load();
  return handler(start.input, ctx);
}
