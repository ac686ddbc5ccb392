// Test support: a real project with something to trace, for the traceability tests: requirements imported from a
// CSV (a system requirement and two children: software, ML component), two versions of dataset 'prod', a training
// run registered as model 'churn@1', a scoring evaluation of it on prod@2, and a monitor's drift report. Each is made
// by the real import, job handler or service (the handlers run in this process: well under a second in all).
// Helpers make the next version of each line, for tests of what a newer version supersedes.
import fs from 'node:fs';
import path from 'node:path';
import { fail } from '../../shared/errors';
import type { EventMap } from '../../shared/events';
import type { TrainRequestInput } from '../../shared/experiment-requests';
import type { TraceTarget } from '../../shared/trace';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress } from '../datasets/test-project';
import { trainJob } from '../experiments/train.worker';
import type { JobHandler, WorkerJobContext } from '../jobs/protocol';
import { approve as approveVersion } from '../models/registry/approvals';
import { scoreJob } from '../models/scoring/score.worker';
import { driftReportJob } from '../monitoring/drift-report.worker';
import { retrainJobInput } from '../monitoring/retrain';
import { driftCsv } from '../monitoring/test-drift-data';
import { importRequirements } from '../requirements/store/import-requirements';
import type { ProjectStore } from '../store/project-store';
import { UserProfiles } from '../users/user-profiles';
import { tempDir } from './temp-project';
import { openTestWorkbench, type TestWorkbench } from './test-workbench';

/** The requirements the project holds, in file order: SW-1 and ML-1 are children of SYS-1. */
export const TRACE_REQUIREMENTS = [
  { id: 'SYS-1', parent: '', level: 'system', title: 'Churn warning', text: 'The system shall warn about customers likely to churn.' },
  { id: 'SW-1', parent: 'SYS-1', level: 'software', title: 'Churn score', text: 'The software shall score every customer of the prod dataset daily.' },
  { id: 'ML-1', parent: 'SYS-1', level: 'ml-component', title: 'Churn classifier', text: 'The churn classifier shall reach an accuracy of at least 0.8 on prod data.' },
] as const;

export const TRACE_DATASET = 'prod';
export const TRACE_MODEL = 'churn';
export const TRACE_MONITOR = 'prod watch';
/** a second person (the models' author is the store's actor), who may approve them */
export const TRACE_APPROVER = 'reviewer';
export const TRACE_PASSPHRASE = 'correct horse battery staple';

export interface TraceProject extends TestWorkbench {
  /** the project folder (for the CLI, once the workbench is closed) */
  dir: string;
  requirements: string[];
  /** `prod@1`, `prod@2` (and later versions once made), oldest first */
  datasetVersions: string[];
  run: string;
  /** `churn@1` */
  modelVersion: string;
  /** the scoring evaluation of churn@1 on prod@2 (metrics accuracy, f1, roc_auc against `label`) */
  evaluation: string;
  monitor: string;
  driftReport: string;
  /** each of the above as a link target */
  targets: {
    dataset: TraceTarget;
    run: TraceTarget;
    model: TraceTarget;
    evaluation: TraceTarget;
    monitor: TraceTarget;
    driftReport: TraceTarget;
  };
  /** imports the next version of 'prod' (shifted further, so it drifts) and runs the monitor on it: returns both */
  nextDatasetVersion(): Promise<{ datasetVersion: string; driftReport: string }>;
  /** trains again on the newest version of 'prod' and registers the next version of 'churn': returns the run and the version */
  nextModelVersion(): Promise<{ run: string; modelVersion: string }>;
  /** runs the monitor again on the newest version: returns the new report */
  nextDriftReport(): Promise<string>;
  /**
   * retrains `run` as an alert does: a monitor of churn@1 whose rule retrains on any drift reports on the newest
   * version, and its alert's training run is recorded `run` retrained_as the new run: returns the new run and the alert
   */
  retrainRun(): Promise<{ run: string; alert: string }>;
  /**
   * TRACE_APPROVER (a user profile in the workbench's data folder, made on first use; passphrase TRACE_PASSPHRASE)
   * approves `ref` (default churn@1) for `alias` citing `evidence` (evaluation or drift report ids): returns the approval id
   */
  approve(options?: { ref?: string; alias?: string; evidence?: string[] }): string;
  /** closes the project (a CLI can then open `dir`) */
  close(): Promise<void>;
}

const REQUIREMENTS_CSV = ['id,parent,level,title,text', ...TRACE_REQUIREMENTS.map((r) => [r.id, r.parent, r.level, r.title, r.text].join(','))].join('\n');

const ROWS = 120;

/**
 * Runs a job's real handler in this process, as its worker thread or child would (the handler opens the project
 * itself): spares a Node start per job, which is most of a small job's time. Nothing cancels it.
 */
function runHere<I, R>(store: ProjectStore, handler: JobHandler<I, R>, input: I): Promise<R> {
  const ctx: WorkerJobContext = {
    jobId: 'trace-project',
    projectDir: store.dir,
    appVersion: 'test',
    actor: store.actor,
    progress: () => undefined,
    metric: () => undefined,
    stopReason: () => null,
    cancelled: () => false,
    checkCancelled: () => undefined,
    runChild: () => fail('INTERNAL', 'the trace project runs no sub-jobs'),
  };
  return handler(input, ctx);
}

/** Every 'trace.changed' the workbench's app emits from now on, in order (a test empties it with `length = 0`). */
export function heardTraceChanges(bench: TestWorkbench): EventMap['trace.changed'][] {
  const heard: EventMap['trace.changed'][] = [];
  bench.app.events.listen((e) => {
    if (e.event === 'trace.changed') heard.push(e.payload);
  });
  return heard;
}

/** Builds the project: every step runs the real import, job handler or service, in this process. */
export async function traceProject(): Promise<TraceProject> {
  const bench = await openTestWorkbench(2);
  const { store } = bench.project;
  const work = tempDir();
  const file = path.join(work, 'churn-requirements.csv');
  fs.writeFileSync(file, `${REQUIREMENTS_CSV}\n`);
  await importRequirements(store, file);

  const datasetVersions: string[] = [];
  const importNext = async (): Promise<string> => {
    const version = datasetVersions.length + 1;
    const csv = path.join(work, `${TRACE_DATASET}-${version}.csv`);
    // each version further shifted than the last, so every report on a new version finds drift
    fs.writeFileSync(csv, driftCsv({ rows: ROWS, seed: version, shift: version - 1 }));
    await importDataset(store, { path: csv, fileName: path.basename(csv), name: TRACE_DATASET }, quietProgress());
    datasetVersions.push(`${TRACE_DATASET}@${version}`);
    return datasetVersions[version - 1];
  };
  await importNext();
  await importNext();

  const train = async (): Promise<{ run: string; modelVersion: string }> => {
    const request: TrainRequestInput = { dataset: TRACE_DATASET, version: datasetVersions.length, target: 'label', model: 'logreg', features: ['x', 'y', 'c'], seed: 1, register: TRACE_MODEL };
    const result = await runHere(store, trainJob, { request });
    if (result.model === null) throw new Error('training registered no model');
    return { run: result.run, modelVersion: result.model };
  };
  const { run, modelVersion } = await train();

  const scored = await runHere(store, scoreJob, { model: modelVersion, dataset: { dataset: TRACE_DATASET, version: 2 }, target: 'label' });
  if (scored.evaluation === null) throw new Error('scoring stored no evaluation');
  const evaluation = scored.evaluation;

  const monitor = await bench.call('monitors.create', { name: TRACE_MONITOR, reference: { dataset: TRACE_DATASET, version: 1 }, dataset: TRACE_DATASET, multivariate: false });
  const runMonitor = async (): Promise<string> => {
    const request = bench.project.monitoring.requestFor(bench.project.monitoring.monitor(monitor.id));
    return (await runHere(store, driftReportJob, { request, monitorId: monitor.id })).reportId;
  };
  const driftReport = await runMonitor();

  return {
    ...bench,
    dir: store.dir,
    requirements: TRACE_REQUIREMENTS.map((r) => r.id),
    datasetVersions,
    run,
    modelVersion,
    evaluation,
    monitor: monitor.id,
    driftReport,
    targets: {
      dataset: { kind: 'dataset_version', id: datasetVersions[1] },
      run: { kind: 'run', id: run },
      model: { kind: 'model_version', id: modelVersion },
      evaluation: { kind: 'evaluation', id: evaluation },
      monitor: { kind: 'monitor', id: monitor.id },
      driftReport: { kind: 'drift_report', id: driftReport },
    },
    async nextDatasetVersion() {
      const datasetVersion = await importNext();
      return { datasetVersion, driftReport: await runMonitor() };
    },
    nextModelVersion: train,
    nextDriftReport: runMonitor,
    async retrainRun() {
      const name = 'churn retrain';
      const known = bench.project.monitoring.monitors().find((m) => m.definition.name === name);
      const watch = known ?? (await bench.call('monitors.create', { name, reference: { dataset: TRACE_DATASET, version: 1 }, dataset: TRACE_DATASET, model: modelVersion, multivariate: false }));
      if (!known) await bench.call('alerts.addRule', { monitor: watch.id, metric: 'drift_share', op: '>=', threshold: 0, retrain: true });
      const request = bench.project.monitoring.requestFor(watch);
      const [alert] = (await runHere(store, driftReportJob, { request, monitorId: watch.id })).alerts;
      if (alert === undefined) throw new Error('the retraining rule fired no alert');
      const retrained = await runHere(store, trainJob, retrainJobInput(store, alert, bench.project.monitoring.monitor(watch.id)));
      return { run: retrained.run, alert: alert.id };
    },
    approve({ ref = modelVersion, alias = 'champion', evidence = [] } = {}) {
      const profiles = new UserProfiles(bench.app.dataDir);
      if (!profiles.list().some((p) => p.name === TRACE_APPROVER)) profiles.create(TRACE_APPROVER, TRACE_PASSPHRASE);
      return approveVersion(store, profiles, { ref, alias, user: TRACE_APPROVER, passphrase: TRACE_PASSPHRASE, reason: 'meets its requirements', evidence }).id;
    },
    async close() {
      await bench.app.closeProject();
    },
  };
}
