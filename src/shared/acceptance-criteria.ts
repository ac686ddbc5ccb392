// Machine-checkable acceptance criteria of a requirement ("recall >= 0.98 on dataset holdout"), the observations the
// stored reports yield, and a criterion's verdict against them. parse-criterion.ts and format-criterion.ts beside it read and
// write a criterion's text (here, so the editor checks it as it is typed); src/main/trace/criteria evaluates it.
import type { DisparityName } from './fairness';
import type { AlertScope } from './monitoring';
import type { ProviderName } from './models';

export const COMPARISON_OPS = ['>=', '<=', '>', '<'] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];

/** The latency figures a benchmark stores per provider and batch size (LatencyPoint's p50Ms .. meanMs). */
export const LATENCY_STATISTICS = ['p50', 'p95', 'p99', 'mean'] as const;
export type LatencyStatistic = (typeof LATENCY_STATISTICS)[number];

/** How a criterion names each fairness disparity: the words a user writes and the canonical form prints. */
export const DISPARITY_PHRASES: Record<DisparityName, string> = {
  demographicParityDifference: 'demographic parity difference',
  demographicParityRatio: 'demographic parity ratio',
  truePositiveRateDifference: 'true positive rate difference',
  falsePositiveRateDifference: 'false positive rate difference',
  equalizedOddsDifference: 'equalized odds difference',
};

/**
 * Which part of a drift report a drift criterion reads, as an alert rule's scope does: the whole report, its newest
 * window, or every window (any drifting window fails).
 */
export type DriftCriterionScope = AlertScope;

/** A dataset named in a criterion: any version of it, or exactly `name@version`. */
export interface CriterionDataset {
  name: string;
  version: number | null;
}

export type AcceptanceCriterion =
  /**
   * a scoring or run metric (accuracy, f1_macro, recall, val_recall, ...), matched whatever its case:
   * `recall >= 0.98 on dataset holdout`
   */
  | { kind: 'metric'; metric: string; op: ComparisonOp; threshold: number; dataset: CriterionDataset | null }
  /** a benchmark latency in ms: `p95 latency <= 20 ms on provider webgpu batch 8` */
  | { kind: 'latency'; statistic: LatencyStatistic; op: ComparisonOp; thresholdMs: number; provider: ProviderName | null; batchSize: number | null }
  /** a fairness disparity over one sensitive attribute: `demographic parity difference <= 0.1 on sex` */
  | { kind: 'fairness'; disparity: DisparityName; op: ComparisonOp; threshold: number; attribute: string }
  /** the share of drifting columns: `drift share <= 0.3 in the last window` */
  | { kind: 'drift-share'; op: ComparisonOp; threshold: number; scope: DriftCriterionScope }
  /** no drift in one column (`no drift in column age`) or of the dataset as a whole (`no dataset drift`, column null) */
  | { kind: 'no-drift'; column: string | null; scope: DriftCriterionScope };

export type AcceptanceCriterionKind = AcceptanceCriterion['kind'];

/**
 * What one stored figure measures. `score.<metric>` for a scoring evaluation's or a finished run's metrics, `latency.<statistic>` in ms
 * per provider and batch size, `fairness.<disparity>` per sensitive attribute, and from drift reports: `drift.share`,
 * `drift.dataset` and `drift.column` (1 when it drifts, 0 when not, null when no test could run).
 */
export type ObservationMetric =
  | `score.${string}`
  | `latency.${LatencyStatistic}`
  | `fairness.${DisparityName}`
  | 'drift.share'
  | 'drift.dataset'
  | 'drift.column';

/** A drift report's window an observation comes from; `last` marks the report's newest window. */
export interface ObservationWindow {
  index: number;
  label: string;
  last: boolean;
}

/** Where a figure holds; null where the evidence does not say (a benchmark has no sensitive attribute). */
export interface ObservationScope {
  /** `<name>@<version>` of the model version it is about */
  model: string | null;
  /** `<name>@<version>` of the dataset version it was measured on (a drift report's current data) */
  dataset: string | null;
  provider: ProviderName | null;
  batchSize: number | null;
  /** the fairness report's sensitive attribute */
  attribute: string | null;
  /** the drift report's column */
  column: string | null;
  /** null: the whole report */
  window: ObservationWindow | null;
}

/** One figure of one stored report, flat, so criteria read every kind of evidence the same way. */
export interface Observation {
  metric: ObservationMetric;
  /** null where the report could not compute it (a disparity no group defines, a column no test could run on) */
  value: number | null;
  scope: ObservationScope;
  /** the evaluation (`eval-...`), drift report (`drift-...`) or run it comes from */
  evidenceId: string;
  /** when that evidence was created (ISO instant) */
  at: string;
  /** what a reason adds to the figure: the drift test and its threshold, or why none ran */
  detail: string | null;
}

export type CriterionStatus = 'pass' | 'fail' | 'no-evidence';

export interface CriterionResult {
  status: CriterionStatus;
  /** the observation that decided (null when there is no evidence) */
  observation: Observation | null;
  value: number | null;
  /** one line: "recall 0.962 < 0.98 on assays@3 (eval-...)" */
  reason: string;
}

/**
 * Which evidence decides when several match: the newest evidence (by `at`; within it, its worst figure, so every
 * batch size or window of one report must pass), or the worst figure of all evidence given.
 */
export type EvidencePick = 'newest' | 'worst';
