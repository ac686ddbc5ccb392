// The monitoring contract: drift report requests and their stored answer, monitors, alert rules and alerts. The API,
// the CLI, the report job, the HTML report and the renderer all read their shapes from here.
import { z } from 'zod';
import type { ColumnType } from './domain';
import { modelRef } from './model-ref';

/** Every per-column test a report can run; the defaults follow Evidently (src/main/monitoring/column-drift.ts). */
export const DRIFT_TESTS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi', 'kl', 'hellinger', 'anderson', 'cvm', 'energy'] as const;
export type DriftTest = (typeof DRIFT_TESTS)[number];

const datasetName = z.string().trim().min(1).max(120);
const columnName = z.string().min(1).max(500);

/** One stored dataset version: `name@version` on the command line. */
export const datasetVersionRef = z.object({ dataset: datasetName, version: z.number().int().positive() }).strict();
export type DatasetVersionRef = z.infer<typeof datasetVersionRef>;

/** A per-column test (and threshold, default the test's own) instead of the automatic choice. */
export const columnTestOverride = z.object({ test: z.enum(DRIFT_TESTS), threshold: z.number().positive().optional() }).strict();
export type ColumnTestOverride = z.infer<typeof columnTestOverride>;

/**
 * How the current data is cut into windows over time: by a datetime column (calendar day, ISO week starting Monday,
 * calendar month, or a custom number of days from the first timestamp; UTC), by fixed-size chunks of rows in stored
 * order, or one window per version of the current dataset (each import is a new batch of production data).
 */
export const windowSpec = z.discriminatedUnion('kind', [
  /** `days` is the custom window's length, and only the custom unit takes it */
  z.object({ kind: z.literal('time'), column: columnName, unit: z.enum(['day', 'week', 'month', 'custom']), days: z.number().positive().max(3660).optional() }).strict(),
  z.object({ kind: z.literal('chunk'), size: z.number().int().min(1) }).strict(),
  /** versions `from`..current.version of the current dataset (default: every version up to current.version) */
  z.object({ kind: z.literal('versions'), from: z.number().int().positive().optional() }).strict(),
]);
export type WindowSpec = z.infer<typeof windowSpec>;

/** The one rule zod's discriminated union cannot say: a custom time window needs its length, and only it. */
export function windowProblem(w: WindowSpec): string | null {
  if (w.kind !== 'time') return null;
  if (w.unit === 'custom' && w.days === undefined) return 'a custom time window needs its length in days';
  if (w.unit !== 'custom' && w.days !== undefined) return `a ${w.unit} window takes no length in days`;
  return null;
}

/** New categories a column result names; the rest are counted in newCategoryCount. */
export const MAX_NEW_CATEGORIES = 50;

/** Windows a report may hold: past this the request is refused (each window carries histograms for every column). */
export const MAX_WINDOWS = 400;

/** How two versions are compared: what a one-off report and a monitor's every run share. */
const comparisonFields = {
  /**
   * score both sides with this model version and test its outputs like a column (prediction drift, CBPE): NAME@VERSION
   * or NAME@ALIAS, which the report and the monitor store resolved, as NAME@VERSION
   */
  model: modelRef.optional(),
  /** the label column for realised performance (default: the model's training target, when the current data has it) */
  label: columnName.optional(),
  /** only these columns (default: every column both sides share, but datetime columns) */
  columns: z.array(columnName).min(1).max(5000).optional(),
  tests: z.record(columnName, columnTestOverride).optional(),
  /** dataset drift when at least this share of tested columns drift (Evidently's 0.5) */
  driftShare: z.number().gt(0).max(1).default(0.5),
  window: windowSpec.optional(),
  /** the domain-classifier check (on by default) */
  multivariate: z.boolean().default(true),
};

function checkWindow(r: { window?: WindowSpec }, ctx: z.RefinementCtx): void {
  const problem = r.window ? windowProblem(r.window) : null;
  if (problem) ctx.addIssue({ code: 'custom', path: ['window', 'days'], message: problem });
}

/** What a drift report compares, and how. */
export const driftRequest = z
  .object({
    reference: datasetVersionRef,
    current: datasetVersionRef,
    ...comparisonFields,
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict()
  .superRefine(checkWindow);
export type DriftRequest = z.output<typeof driftRequest>;
export type DriftRequestInput = z.input<typeof driftRequest>;

/** A column's counts on bins both sides share: numbers on common edges, categories over the union of both. */
export type DriftHistogram =
  | { kind: 'numeric'; edges: number[]; reference: number[]; current: number[] }
  /** categories beyond the report's limit are summed into `otherCount` on each side */
  | { kind: 'categorical'; categories: string[]; reference: number[]; current: number[]; otherReference: number; otherCurrent: number };

/** One column's verdict (src/main/monitoring/column-drift.ts computes it). */
export interface ColumnDriftResult {
  column: string;
  type: ColumnType;
  /** null when no test could run (no non-null values on a side) */
  test: DriftTest | null;
  statistic: number | null;
  /** null for distances and when no test ran */
  pValue: number | null;
  threshold: number | null;
  drift: boolean;
  /** why no test ran, when none did */
  skipped: string | null;
  missingRef: number | null;
  missingCur: number | null;
  /** two-proportion Z-test on the null counts, p < 0.05 */
  missingDrift: boolean;
  missingPValue: number | null;
  /** current categories the reference never has, most frequent first, at most MAX_NEW_CATEGORIES of them (an id-like column would otherwise list every row) */
  newCategories: string[];
  /** how many distinct new categories there are in all */
  newCategoryCount: number;
  outOfRange: { below: number; above: number } | null;
}

/**
 * How far past its threshold a result is, on one scale for every test: >= 1 exactly when it drifts. Distances:
 * statistic / threshold; p-value tests: log(p) / log(threshold) (p = 0 gives Infinity, stored as null in JSON).
 * The heatmap colours by it.
 */
export function driftSeverity(r: Pick<ColumnDriftResult, 'statistic' | 'pValue' | 'threshold'>): number | null {
  if (r.statistic === null || r.threshold === null) return null;
  if (r.pValue !== null) return r.pValue <= 0 ? Infinity : Math.log(r.pValue) / Math.log(r.threshold);
  return r.statistic / r.threshold;
}

/** A column in the whole-report comparison: the verdict plus what the UI draws. */
export interface ReportColumn extends ColumnDriftResult {
  severity: number | null;
  histogram: DriftHistogram | null;
  /**
   * the severity this column reaches between chunks of the reference itself and the whole reference (NannyML's
   * reference band), chunks sized like the windows (the median window) or, without windows, like the current data
   * (at most half the reference); null when the reference is too small to chunk
   */
  referenceBand: { lower: number; upper: number } | null;
}

/** One window of the current data against the whole reference. */
export interface DriftWindow {
  index: number;
  label: string;
  /** ISO instants for time windows, null otherwise */
  start: string | null;
  end: string | null;
  /** version number for per-version windows */
  version: number | null;
  rows: number;
  /** columns with a test result share the report's column order; an empty window has none and empty = true */
  empty: boolean;
  columns: (ColumnDriftResult & { severity: number | null; histogram: DriftHistogram | null })[];
  share: number;
  datasetDrift: boolean;
  /** prediction-side figures for this window, when the report has a model */
  estimatedPerformance: number | null;
  realisedPerformance: number | null;
  predictionDrift: boolean | null;
}

export interface MultivariateDrift {
  /** ROC AUC of a classifier telling current rows from reference rows, on held-out folds */
  auc: number;
  /** the same classifier's AUC with the side labels permuted: mean and 95th percentile over the permutations */
  baselineMean: number;
  baselineUpper: number;
  permutations: number;
  /** share of permutations whose AUC reached the real one (with the +1 correction) */
  pValue: number;
  drift: boolean;
  /** rows sampled from each side */
  rowsPerSide: number;
  /** the features the classifier leaned on most */
  topFeatures: { feature: string; importance: number }[];
  model: string;
}

export interface PerformanceFigure {
  metric: 'accuracy' | 'f1' | 'roc_auc' | 'rmse' | 'mae';
  reference: number;
  current: number;
  /** current - reference */
  delta: number;
  /** whether the current figure is significantly worse (bootstrap on the reference) */
  drift: boolean;
  /** the bootstrap bound `current` was compared with: the 5th percentile for accuracy, the 95th for RMSE (worse beyond it) */
  lowerBound: number | null;
}

export interface CbpeEstimate {
  metric: 'accuracy';
  /** expected accuracy on the current data from the model's confidences */
  estimated: number;
  /** the reference's realised accuracy, for comparison */
  reference: number;
  /** realised on current, when it has labels */
  realised: number | null;
  assumptions: string;
  /** expected calibration error on the reference (10 equal-width bins); warning set when it is too large to trust the estimate */
  calibrationError: number | null;
  warning: string | null;
}

export interface PredictionDrift {
  model: string;
  /** what was tested: the predicted label (classifiers) or value (regression) */
  output: 'label' | 'value';
  drift: ColumnDriftResult & { severity: number | null; histogram: DriftHistogram | null };
  /** set when the current data has the label column */
  performance: PerformanceFigure | null;
  /** classifiers only */
  cbpe: CbpeEstimate | null;
  label: string | null;
}

/** A stored, immutable drift report (JSON; the HTML report renders exactly this). */
export interface DriftReport {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  /** `<dataset>@<version>` lineage ids */
  reference: string;
  current: string;
  referenceRows: number;
  currentRows: number;
  model: string | null;
  monitorId: string | null;
  request: DriftRequest;
  columns: ReportColumn[];
  onlyInReference: string[];
  onlyInCurrent: string[];
  incompatible: { column: string; reference: ColumnType; current: ColumnType }[];
  testedColumns: number;
  driftedColumns: number;
  share: number;
  driftShare: number;
  datasetDrift: boolean;
  multivariate: MultivariateDrift | null;
  /** why there is no multivariate result, when the request asked for one */
  multivariateSkipped: string | null;
  prediction: PredictionDrift | null;
  windows: DriftWindow[] | null;
  /** current rows in no window: a null timestamp in the time-window column (counted, not windowed); 0 for other windows */
  unwindowedRows?: number;
  /**
   * Shared datetime columns left out because the request did not name them: timestamps of later data lie later by
   * construction, so they would drift in every report (Evidently leaves its datetime column out too). Name one in
   * `columns` to test it.
   */
  timestampColumns?: string[];
}

/** A report in lists. */
export interface DriftReportSummary {
  id: string;
  name: string;
  createdAt: string;
  reference: string;
  current: string;
  model: string | null;
  monitorId: string | null;
  share: number;
  datasetDrift: boolean;
  windows: number;
  alerts: number;
}

// ---- monitors, alert rules, alerts ----

const monitorName = z.string().trim().min(1).max(120);

/** A saved drift check over a dataset: re-run on its newest version each time a version of it is imported. */
export const monitorDefinition = z
  .object({
    name: monitorName,
    reference: datasetVersionRef,
    /** the monitored dataset: each run compares its newest version */
    dataset: datasetName,
    ...comparisonFields,
  })
  .strict()
  .superRefine(checkWindow);
export type MonitorDefinition = z.output<typeof monitorDefinition>;
export type MonitorDefinitionInput = z.input<typeof monitorDefinition>;

export interface MonitorInfo {
  /** stable id, `mon-<8 hex>` */
  id: string;
  definition: MonitorDefinition;
  createdAt: string;
  createdBy: string;
  reports: number;
  lastReport: DriftReportSummary | null;
  rules: AlertRule[];
  openAlerts: number;
}

export const ALERT_METRICS = ['drift_share', 'column_severity', 'missing_rate', 'estimated_performance', 'realised_performance', 'multivariate_auc', 'prediction_drift'] as const;
export type AlertMetric = (typeof ALERT_METRICS)[number];

/** Which figures a rule looks at: the whole-report figure, the newest window's, or any window's. */
export const ALERT_SCOPES = ['report', 'latest_window', 'any_window'] as const;
export type AlertScope = (typeof ALERT_SCOPES)[number];

export const alertRuleInput = z
  .object({
    monitor: z.string().min(1).max(200),
    metric: z.enum(ALERT_METRICS),
    /** required for column_severity and missing_rate */
    column: columnName.optional(),
    /** fires when `value op threshold` holds; performance rules usually use '<' */
    op: z.enum(['>', '>=', '<', '<=']),
    threshold: z.number().finite(),
    scope: z.enum(ALERT_SCOPES).default('report'),
    /** start a retraining run of the monitored model's run when it fires */
    retrain: z.boolean().default(false),
    name: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type AlertRuleInput = z.input<typeof alertRuleInput>;

export interface AlertRule {
  /** stable id, `rule-<8 hex>`: requirements' acceptance criteria will reference it */
  id: string;
  monitorId: string;
  name: string;
  metric: AlertMetric;
  column: string | null;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
  scope: AlertScope;
  retrain: boolean;
  createdAt: string;
}

export interface AlertInfo {
  id: string;
  ruleId: string;
  ruleName: string;
  monitorId: string;
  reportId: string;
  /** the figure that crossed the threshold, and which window it was in (null: the whole report) */
  value: number;
  window: string | null;
  message: string;
  firedAt: string;
  /** the retraining job started for it, and the candidate run once it finished */
  retrainJobId: string | null;
  retrainRunId: string | null;
}
