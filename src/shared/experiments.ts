// Experiment-tracking types shared by main, renderer and CLI: runs, studies, model versions, comparisons.
import type { AppError } from './errors';

export type RunStatus = 'finished' | 'failed' | 'killed' | 'pruned';
export type TaskName = 'binary' | 'multiclass' | 'regression';

/** A column of the runs table: `attr:<name>` (a run field), `param:<key>` or `metric:<key>`. */
export type RunColumnRef = string;

export interface RunColumnInfo {
  ref: RunColumnRef;
  kind: 'attr' | 'param' | 'metric';
  key: string;
  /** how many runs have a value in it (attrs: all) */
  runs: number;
}

export const RUN_ATTRS = ['seq', 'name', 'status', 'experiment', 'model_kind', 'task', 'dataset_version', 'study', 'trial', 'started_at', 'duration_s', 'source'] as const;
export type RunAttr = (typeof RUN_ATTRS)[number];

export type RunFilterOp = '<' | '<=' | '>' | '>=' | '=' | '!=' | 'contains' | 'exists';

export interface RunFilter {
  column: RunColumnRef;
  op: RunFilterOp;
  value?: string | number;
}

export interface RunsQuery {
  experiment?: string;
  study?: string;
  filters?: RunFilter[];
  sort?: { column: RunColumnRef; desc: boolean };
  offset: number;
  limit: number;
  /** the columns whose values the page carries, in order */
  columns: RunColumnRef[];
}

export interface RunsPage {
  total: number;
  offset: number;
  columns: RunColumnRef[];
  rows: { id: string; values: (string | number | null)[] }[];
}

export interface RunArtifactInfo {
  path: string;
  size: number;
  mediaType: string;
}

export interface RunDetail {
  id: string;
  seq: number;
  name: string;
  experiment: string;
  status: RunStatus;
  source: string;
  studyId: string | null;
  trialNumber: number | null;
  datasetVersion: string | null;
  target: string | null;
  modelKind: string | null;
  task: string | null;
  seed: number | null;
  startedAt: string;
  endedAt: string | null;
  environment: Record<string, unknown>;
  error: AppError | null;
  params: Record<string, string>;
  metrics: Record<string, number | null>;
  /** metrics logged at more than one step, for curves */
  curves: string[];
  artifacts: RunArtifactInfo[];
  tags: Record<string, string>;
  note: string;
  modelVersion: { id: string; name: string; version: number } | null;
}

export interface MetricCurve {
  runId: string;
  key: string;
  steps: number[];
  values: (number | null)[];
}

export interface ConfusionMatrix {
  classes: string[];
  /** rows: true class, columns: predicted class */
  counts: number[][];
}

export interface RunComparison {
  runs: RunDetail[];
  /** param keys whose values differ between the runs */
  differingParams: string[];
  differingMetrics: string[];
  confusion: Record<string, ConfusionMatrix | null>;
}

export interface StudyTrial {
  number: number;
  runId: string | null;
  state: 'complete' | 'pruned' | 'failed' | 'running';
  params: Record<string, number | string>;
  value: number | null;
}

export interface StudyDetail {
  id: string;
  name: string;
  experiment: string;
  datasetVersion: string;
  target: string;
  modelKind: string;
  sampler: string;
  direction: 'minimize' | 'maximize';
  metric: string;
  space: unknown;
  nTrials: number;
  createdAt: string;
  finishedAt: string | null;
  bestRunId: string | null;
  state: string;
  trials: StudyTrial[];
  importance: Record<string, number>;
}

export interface TrainResult {
  run: string;
  /** the id of the model version `register` made, or null (no `register`, or a run that did not finish) */
  model: string | null;
  metrics: Record<string, number>;
  onnx_parity: { ok: boolean; maxAbsDiff: number; rows: number } | null;
}

export interface StudyResult {
  study: string;
  best_run: string | null;
  best_params: Record<string, number | string>;
  best_value: number | null;
}

/** Input of the 'mlflow.import' job: an mlruns folder on this machine, and optionally one experiment of it. */
export interface MlflowImportInput {
  dir: string;
  experiment?: string;
}

/** Result of the 'mlflow.import' job. */
export interface MlflowImportSummary {
  /** experiments that received at least one run */
  experiments: number;
  runs: number;
  skipped: { runId: string; reason: string }[];
  artifacts: number;
  /** metric points (one per key and step) */
  metrics: number;
  /** what was left aside on purpose and not tied to one run: registered models, .trash, links, artifacts outside the folder */
  notes: string[];
}
