// Evaluations: immutable stored reports about a model version (scoring metrics, benchmarks, champion-vs-challenger
// comparisons, explanations, fairness), each linked to the model and dataset versions it is about, and cited by
// approvals (and later requirements) by its SHA-256. One section per kind; each kind's body is owned by its module.
import type { ExplainedScore, ExplanationResult } from './explanations';
import type { FairnessReport } from './fairness';
import type { ProviderName } from './models';

export const EVALUATION_KINDS = ['scoring', 'benchmark', 'comparison', 'explanation', 'fairness'] as const;
export type EvaluationKind = (typeof EVALUATION_KINDS)[number];

export interface EvaluationSummary {
  /** `eval-<16 hex>` */
  id: string;
  kind: EvaluationKind;
  title: string;
  /** `<name>@<version>` of the model version it is about (the champion, for a comparison) */
  modelVersion: string;
  /** the challenger, for a comparison */
  otherModelVersion: string | null;
  /** `<name>@<version>` of the dataset version it used (null: a benchmark on synthetic inputs) */
  datasetVersion: string | null;
  /** SHA-256 of the stored report (its canonical JSON): what an approval cites */
  sha256: string;
  createdAt: string;
  createdBy: string;
}

/** What onnxruntime ran on, for every evaluation that ran the model. */
export interface RuntimeUsed {
  provider: ProviderName;
  /** why the provider asked for is not the one used */
  fallback: string | null;
  /** outputs that could not be returned (scikit-learn's ZipMap), and why */
  skippedOutputs: { name: string; why: string }[];
}

// ---- scoring (src/main/models/scoring/) ----------------------------------------------------------------------------

/** Metrics of one model's predictions against a label column. */
export interface ScoringMetrics {
  task: 'binary' | 'multiclass' | 'regression';
  target: string;
  rows: number;
  /**
   * classifiers: accuracy, f1 (binary: of the positive class; multiclass: macro), f1_macro, roc_auc (binary with a
   * score, else null); regressors: rmse, mae, r2. Over the `rows` whose label (and, for a regressor, prediction) is present.
   */
  metrics: Record<string, number | null>;
}

export interface ScoringBody {
  kind: 'scoring';
  runtime: RuntimeUsed;
  /** the dataset version the predictions were stored in */
  output: string;
  rows: number;
  seconds: number;
  metrics: ScoringMetrics | null;
}

// ---- benchmark and comparison (src/main/models/benchmark/) ---------------------------------------------------------

export interface LatencyPoint {
  provider: ProviderName;
  batchSize: number;
  runs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  /** rows per second at the median latency */
  rowsPerSecond: number;
}

export interface MachineDescription {
  os: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  onnxruntime: string;
  /** what each provider reported (GPU adapter names where known) */
  providers: { name: ProviderName; available: boolean; detail?: string }[];
}

export interface BenchmarkBody {
  kind: 'benchmark';
  points: LatencyPoint[];
  machine: MachineDescription;
  /** 'dataset' when rows came from `datasetVersion`, else inputs synthesised from the model's shapes */
  inputs: 'dataset' | 'synthetic';
  warmup: number;
  /** providers asked for that could not run, and why */
  unavailable: { provider: ProviderName; reason: string }[];
}

export interface MetricWithInterval {
  value: number | null;
  low: number | null;
  high: number | null;
}

export interface ComparisonBody {
  kind: 'comparison';
  runtime: RuntimeUsed;
  rows: number;
  target: string | null;
  /** metric -> each side with its bootstrap percentile interval (null when no label) */
  metrics: { name: string; champion: MetricWithInterval; challenger: MetricWithInterval; difference: MetricWithInterval }[];
  /** share of rows where both predict the same label (classifiers) or within 1e-6 relative (regression) */
  agreement: number;
  disagreements: number;
  /** the first rows where they disagree */
  disagreeing: { row: number; champion: string | number; challenger: string | number; truth: string | number | null }[];
  /** median latency per row in ms for each side, same provider and batch */
  latency: { champion: number; challenger: number };
}

// ---- explanations and fairness (src/main/models/explanation/) ------------------------------------------------------

/** An explanation: the method's result (src/shared/explanations.ts), by method, over one explained score per row. */
export type ExplanationBody = {
  kind: 'explanation';
  runtime: RuntimeUsed;
  /** rows sampled from the dataset version (seeded) and explained */
  rows: number;
  /** rows the dataset version has */
  datasetRows: number;
  seed: number;
  /** the label column (permutation importance scores against it), null when none was given */
  target: string | null;
  /** what each row's score is: a class's probability or the regression value */
  score: ExplainedScore;
} & ExplanationResult;

export interface FairnessBody {
  kind: 'fairness';
  runtime: RuntimeUsed;
  sensitive: string;
  target: string;
  positive: string;
  /** the model output the predicted labels were read from */
  predictedFrom: string;
  /** rows left out because the label or the prediction is missing */
  droppedRows: number;
  report: FairnessReport;
}

export type EvaluationBody = ScoringBody | BenchmarkBody | ComparisonBody | ExplanationBody | FairnessBody;

export interface EvaluationReport extends EvaluationSummary {
  body: EvaluationBody;
}

// ---- job results ---------------------------------------------------------------------------------------------------

/** `airlock score --json`: {dataset, version, rows, provider, seconds} and more. */
export interface ScoreJobResult {
  dataset: string;
  version: number;
  rows: number;
  provider: ProviderName;
  fallback: string | null;
  seconds: number;
  /** the columns added, named after the outputs (`label`, `probabilities_0`, ...) */
  columns: string[];
  skippedOutputs: { name: string; why: string }[];
  /** the scoring evaluation (metrics against the target), when a target was given */
  evaluation: string | null;
  /** true when the output version already existed with the same content (scoring twice stores once) */
  reused: boolean;
}

/** Every other evaluation job returns its stored report's summary. */
export type EvaluationJobResult = EvaluationSummary;
