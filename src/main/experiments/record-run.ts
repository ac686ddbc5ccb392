// Writes a finished, failed or pruned training run whole: artifacts into blobs, the run row with its params, metric
// history and final metrics and lineage edges, in one transaction with its audit entry; and, when the request names a
// model (`register`), the finished run's model as that model's next version in the same transaction.
import { randomUUID } from 'node:crypto';
import type { TrainRequest } from '../../shared/experiment-requests';
import type { RunStatus } from '../../shared/experiments';
import type { AppError } from '../../shared/errors';
import type { ResolvedParams } from '../../shared/model-catalog';
import { registerRun } from '../models/registry/registry-service';
import type { ProjectStore } from '../store/project-store';
import { LineageRepo } from '../store/lineage-repo';
import { RunsRepo } from '../store/runs-repo';
import type { PipelineResult } from './train-pipeline';

export interface StepRecord {
  key: string;
  step: number;
  value: number | null;
  at: number;
}

export interface ParityRecord {
  ok: boolean;
  maxAbsDiff: number;
  rows: number;
  labelMismatches: number;
}

export interface RunRecord {
  request: TrainRequest;
  params: ResolvedParams;
  datasetVersion: string | null;
  status: RunStatus;
  startedAt: string;
  endedAt: string;
  environment: Record<string, unknown>;
  steps: StepRecord[];
  result?: PipelineResult;
  onnx?: Uint8Array;
  parity?: ParityRecord;
  error?: AppError;
  study?: { id: string; trial: number };
  /** set when an alert started the run: it retrains `fromRun` (TrainJobInput.retrain) */
  retrain?: { alertId: string; fromRun: string };
}

/**
 * The run's validated request, kept so the run can be repeated as it was (a monitor's retraining reads it). Features
 * left open are filled in with the columns the run used: a repeat on a later version that gained columns trains a
 * model with the same inputs, which can stand in for this one.
 */
export const TRAIN_REQUEST_ARTIFACT = 'train_request.json';

/** Tag on a run an alert started: its model awaits a person's review and is never promoted by Airlock itself. */
export const CANDIDATE_TAG = 'airlock.candidate';

const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value, null, 1));

function artifactsOf(store: ProjectStore, r: RunRecord) {
  const out: { path: string; blob: string; size: number; mediaType: string }[] = [];
  const add = (path: string, bytes: Uint8Array, mediaType: string): void => {
    out.push({ path, blob: store.blobs.put(bytes), size: bytes.byteLength, mediaType });
  };
  const res = r.result;
  add(TRAIN_REQUEST_ARTIFACT, json({ ...r.request, features: r.request.features ?? res?.features }), 'application/json');
  if (r.onnx) add('model/model.onnx', r.onnx, 'application/onnx');
  if (res) {
    add('model/model.json', json(res.model), 'application/json');
    add('evaluation/validation.json', json(res.validation.report), 'application/json');
    if (res.test) add('evaluation/test.json', json(res.test.report), 'application/json');
    const evalReport = res.test ?? res.validation;
    if (evalReport.kind === 'classification') {
      add('evaluation/confusion_matrix.json', json(evalReport.report.confusion), 'application/json');
      add('evaluation/roc_curve.json', json(evalReport.report.curves.roc), 'application/json');
      add('evaluation/pr_curve.json', json(evalReport.report.curves.pr), 'application/json');
      add('evaluation/calibration.json', json(evalReport.report.reliability), 'application/json');
    }
    if (res.featureImportance) add('evaluation/feature_importance.json', json(res.featureImportance), 'application/json');
  }
  if (r.parity) add('model/onnx_parity.json', json(r.parity), 'application/json');
  return out;
}

export function recordRun(store: ProjectStore, r: RunRecord): { runId: string; modelVersion: string | null } {
  const repo = new RunsRepo(store.db);
  const runId = randomUUID().replace(/-/g, '');
  // Blobs first: content-addressed, so if the transaction below fails they are merely unreferenced.
  const artifacts = artifactsOf(store, r);
  const metrics: Record<string, number | null> = { ...(r.result?.metrics ?? {}) };
  if (r.parity) metrics.onnx_parity_max_abs_diff = r.parity.maxAbsDiff;
  const name = r.request.name ?? (r.study ? `trial ${r.study.trial}` : `${r.request.model} on ${r.request.dataset}`);
  // a retraining run is a candidate for a person to review and register, never registered by Airlock itself
  const register = r.retrain ? undefined : r.request.register;
  // the run and the version it registers land together, each with its own audit entry, the run's first
  return store.db
    .transaction(() => {
      store.mutate(
        {
          action: 'run.record',
          target: `run:${runId}`,
          details: { status: r.status, dataset: r.datasetVersion, model: r.request.model, ...(r.retrain ? { retrain: r.retrain } : {}) },
        },
        () => {
          repo.insertRun({
            id: runId,
            experiment: r.request.experiment,
            name,
            status: r.status,
            studyId: r.study?.id ?? null,
            trialNumber: r.study?.trial ?? null,
            datasetVersion: r.datasetVersion,
            target: r.request.target,
            modelKind: r.request.model,
            task: r.result?.labels.task ?? null,
            seed: r.request.seed,
            startedAt: r.startedAt,
            endedAt: r.endedAt,
            environment: r.environment,
            error: r.error ?? null,
            params: {
              ...Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, String(v)])),
              target: r.request.target,
              validation_fraction: String(r.request.validation),
              test_fraction: String(r.request.test),
              ...(r.request.cvFolds ? { cv_folds: String(r.request.cvFolds) } : {}),
              ...(r.result ? { features: r.result.features.join(',') } : {}),
            },
            metrics,
            steps: r.steps,
            artifacts,
            tags: {
              'airlock.model': r.request.model,
              ...(r.result ? { 'airlock.task': r.result.labels.task, 'airlock.rows': `${r.result.splits.train}/${r.result.splits.validation}/${r.result.splits.test}` } : {}),
              ...(r.result && r.result.labels.droppedMissingTarget > 0 ? { 'airlock.rows_dropped_missing_target': String(r.result.labels.droppedMissingTarget) } : {}),
              ...(r.parity ? { 'airlock.onnx_parity': r.parity.ok ? 'passed' : 'FAILED' } : {}),
              // A failed retraining run made no model, so only a finished one is a candidate.
              ...(r.retrain && r.status === 'finished' ? { [CANDIDATE_TAG]: 'true' } : {}),
            },
          });
          const now = r.endedAt;
          const lineage = new LineageRepo(store.db);
          const run = { kind: 'run', id: runId } as const;
          if (r.datasetVersion) lineage.link({ kind: 'dataset_version', id: r.datasetVersion }, 'trained', run, now);
          if (r.study) lineage.link({ kind: 'study', id: r.study.id }, 'trial', run, now);
          if (r.retrain) {
            lineage.link({ kind: 'alert', id: r.retrain.alertId }, 'triggered', run, now);
            lineage.link({ kind: 'run', id: r.retrain.fromRun }, 'retrained_as', run, now);
          }
        },
      );
      const modelVersion = register && r.status === 'finished' ? registerRun(store, runId, { name: register }).version.id : null;
      return { runId, modelVersion };
    })
    .immediate();
}
