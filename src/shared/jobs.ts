// Every job kind in one map: the input it is queued with, the live points it reports and the result it returns.
// JobInfo is a union discriminated by kind (and state), so `job.kind === 'train' && job.state === 'succeeded'`
// types `job.result` as a TrainResult: the runner, the worker handlers, the CLI and the renderer stores all read
// their types from here, and nobody casts a job's result.
import type { DatasetExportResult, ImportResult, JobState } from './domain';
import type { AppError } from './errors';
import type { StudyRequestInput, TrainRequestInput } from './experiment-requests';
import type { MlflowImportInput, MlflowImportSummary, StudyResult, TrainResult } from './experiments';
import type { EvaluationJobResult, ScoreJobResult } from './evaluations';
import type { BenchRequest, CompareRequest, ExplainRequest, FairnessRequest, ScoreRequest } from './models';
import type { AlertInfo, DriftRequestInput } from './monitoring';
import type { AuditPackageJobInput, AuditPackageResult } from './trace';
import type { RequirementClassifyResult, RequirementTrainJobInput, RequirementTrainResult } from './requirements-classes';

/** A file the host vouched for, imported as a new version of dataset `name`. */
export interface DatasetImportJobInput {
  path: string;
  /** what the file was called where it came from (an upload keeps its original name) */
  fileName: string;
  name: string;
}

/** One dataset version written as CSV to a file the host resolved. */
export interface DatasetExportJobInput {
  dataset: string;
  version: number;
  /** the file to write, as the host resolved it */
  path: string;
  /** what the audit log and the window are told: the base name for the window, the full path for the CLI */
  shown: string;
  overwrite: boolean;
  downloadId: string | null;
}

export interface TrainJobInput {
  request: TrainRequestInput;
  /** set when the run is a trial of a study */
  study?: { id: string; trial: number };
  /** set when an alert rule started the run: it retrains `fromRun` and is recorded as a candidate with lineage to both */
  retrain?: { alertId: string; fromRun: string };
}

/** One drift report, asked for directly or by a monitor (whose alert rules are then checked against it). */
export interface DriftReportJobInput {
  request: DriftRequestInput;
  monitorId?: string;
}

export interface DriftReportJobResult {
  reportId: string;
  datasetDrift: boolean;
  share: number;
  /** alerts the report fired (monitor runs only); those whose rule retrains are started by the host once the job ends */
  alerts: AlertInfo[];
}

export interface StudyJobInput {
  request: StudyRequestInput;
}

/** The job runner's own tests and crash tests: waits in steps, optionally through child jobs. */
export interface SleepJobInput {
  steps: number;
  stepMs: number;
  failAt?: number;
  /** run this many copies of the sleep as child jobs in parallel instead */
  children?: number;
}

/** The process executor's tests: a job that sleeps, spins, or crashes its process on request. */
export interface CrashJobInput {
  /** sleep: steps with progress, honouring Cancel; busy: a loop that never looks at Cancel; the rest crash */
  mode: 'sleep' | 'busy' | 'abort' | 'segfault' | 'heap' | 'native-memory' | 'throw';
  steps?: number;
  stepMs?: number;
}

/** The network guard's proof test: what one call of one network API got, from inside a job's thread or process. */
export interface NetworkProbeResult {
  api: string;
  target: string;
  /** aimed off the machine (192.0.2.0/24, a '.invalid' name) rather than at loopback */
  offMachine: boolean;
  /** the error code the caller saw, or 'ok' */
  outcome: string;
  message: string;
}

export interface NetworkProbeReport {
  pid: number;
  thread: number;
  results: NetworkProbeResult[];
}

/**
 * Each kind's input, result and live metric keys (the `job.metrics` points a running job sends, none for `never`).
 * Progress is the same for every kind: a fraction in [0, 1] and a message (JobInfo.fraction / .message).
 * A new kind is one entry here plus its handler in src/main/jobs/job-kinds.ts; the compiler checks the pair.
 */
export interface JobKinds {
  'dataset.import': { input: DatasetImportJobInput; result: ImportResult; live: never };
  'dataset.export': { input: DatasetExportJobInput; result: DatasetExportResult; live: never };
  'mlflow.import': { input: MlflowImportInput; result: MlflowImportSummary; live: never };
  /** live: every metric the trainer reports per iteration (train_loss, val_loss, val_accuracy...) */
  train: { input: TrainJobInput; result: TrainResult; live: string };
  study: { input: StudyJobInput; result: StudyResult; live: 'trial_value' | 'best_value' };
  /** runs in a child process: it scores models through onnxruntime */
  'drift.report': { input: DriftReportJobInput; result: DriftReportJobResult; live: never };
  /** model jobs run in a child process: a crashing model or GPU driver fails the job, never the app */
  'model.score': { input: ScoreRequest; result: ScoreJobResult; live: never };
  'model.bench': { input: BenchRequest; result: EvaluationJobResult; live: never };
  'model.compare': { input: CompareRequest; result: EvaluationJobResult; live: never };
  'model.explain': { input: ExplainRequest; result: EvaluationJobResult; live: never };
  'model.fairness': { input: FairnessRequest; result: EvaluationJobResult; live: never };
  'requirements.classify': { input: { document?: string }; result: RequirementClassifyResult; live: never };
  'requirements.train': { input: RequirementTrainJobInput; result: RequirementTrainResult; live: never };
  /** a signed audit package: gathers, renders (HTML and PDF), zips and signs with the key handed over as the job's secret */
  'audit.package': { input: AuditPackageJobInput; result: AuditPackageResult; live: never };
  'test.sleep': { input: SleepJobInput; result: { steps: number }; live: 'step' | `child.${string}` };
  'test.crash': { input: CrashJobInput; result: { pid: number; steps: number }; live: 'step' };
  /** the network guard's proof: every network API tried from a worker thread / from a child process */
  'test.network': { input: Record<string, never>; result: NetworkProbeReport; live: never };
  'test.network-process': { input: Record<string, never>; result: NetworkProbeReport; live: never };
}

export type JobKind = keyof JobKinds;
export type JobInput<K extends JobKind> = JobKinds[K]['input'];
export type JobResult<K extends JobKind> = JobKinds[K]['result'];
export type JobLiveKey<K extends JobKind> = JobKinds[K]['live'];

/** Written so that a kind missing here is a compile error, and a stored kind can be checked at run time. */
const kindNames: { [K in JobKind]: K } = {
  'dataset.import': 'dataset.import',
  'dataset.export': 'dataset.export',
  train: 'train',
  study: 'study',
  'drift.report': 'drift.report',
  'model.score': 'model.score',
  'model.bench': 'model.bench',
  'model.compare': 'model.compare',
  'model.explain': 'model.explain',
  'model.fairness': 'model.fairness',
  'requirements.classify': 'requirements.classify',
  'requirements.train': 'requirements.train',
  'audit.package': 'audit.package',
  'test.sleep': 'test.sleep',
  'mlflow.import': 'mlflow.import',
  'test.crash': 'test.crash',
  'test.network': 'test.network',
  'test.network-process': 'test.network-process',
};

export const jobKindNames: readonly JobKind[] = Object.values(kindNames);

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(kindNames, kind);
}

/** A kind with its input, as the runner hands it to a worker: the pair is typed together. */
export type JobStart<K extends JobKind = JobKind> = { [P in K]: { kind: P; input: JobInput<P> } }[K];

export function jobStart<K extends JobKind>(kind: K, input: JobInput<K>): JobStart<K> {
  return { kind, input };
}

/** What every job shows whatever its kind: its title and where it stands. */
export interface JobFields {
  id: string;
  title: string;
  fraction: number;
  message: string;
  etaSeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** A job of one kind: its result exists exactly when it succeeded. */
type JobInfoFor<K extends JobKind> = JobFields & { kind: K } & (
  | { state: 'succeeded'; error: null; result: JobResult<K> }
  | { state: Exclude<JobState, 'succeeded'>; error: AppError | null; result: null }
);

/** A job of any of the kinds K, as a union by kind (written as a mapped type so generic code can build one). */
export type JobInfoOf<K extends JobKind = JobKind> = { [P in K]: JobInfoFor<P> }[K];

export type JobInfo = JobInfoOf;

export type SucceededJob<K extends JobKind> = Extract<JobInfo, { kind: K; state: 'succeeded' }>;

/** True when `job` is a finished job of `kind`; its result is then typed. */
export function succeededAs<K extends JobKind>(job: JobInfo, kind: K): job is SucceededJob<K> {
  return job.kind === kind && job.state === 'succeeded';
}
