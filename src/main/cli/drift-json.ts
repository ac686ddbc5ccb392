// What `airlock drift --json` and `airlock monitor run --json` print: a stored report's verdicts with snake_case keys,
// histograms left out (the full report is `--json-out`). Infinity (a p-value test's severity at p = 0, chi-squared with
// a category the reference never has) prints as null, as JSON.stringify writes it.
import type { AlertInfo, ColumnDriftResult, DriftReport, DriftWindow } from '../../shared/monitoring';

export interface DriftColumnJson {
  column: string;
  type: string;
  test: string | null;
  statistic: number | null;
  p_value: number | null;
  threshold: number | null;
  drift: boolean;
  severity: number | null;
  skipped: string | null;
  missing_ref: number | null;
  missing_cur: number | null;
  missing_drift: boolean;
  new_categories: string[];
  new_category_count: number;
  out_of_range: { below: number; above: number } | null;
}

export interface DriftJson {
  report: string;
  name: string;
  reference: string;
  current: string;
  reference_rows: number;
  current_rows: number;
  model: string | null;
  monitor: string | null;
  dataset_drift: boolean;
  /** the share of tested columns that drift */
  drift_share: number;
  /** dataset drift when drift_share reaches this */
  drift_share_threshold: number;
  tested_columns: number;
  drifted_columns: number;
  columns: DriftColumnJson[];
  only_in_reference: string[];
  only_in_current: string[];
  incompatible: { column: string; reference: string; current: string }[];
  multivariate?: SnakeJson;
  multivariate_skipped?: string;
  prediction?: SnakeJson;
  windows?: SnakeJson[];
  alerts?: SnakeJson[];
}

/** JSON with snake_case keys; built only from objects whose keys are field names, never data (column names). */
export type SnakeJson = string | number | boolean | null | SnakeJson[] | { [key: string]: SnakeJson };

export function driftJson(report: DriftReport, alerts?: AlertInfo[]): DriftJson {
  const out: DriftJson = {
    report: report.id,
    name: report.name,
    reference: report.reference,
    current: report.current,
    reference_rows: report.referenceRows,
    current_rows: report.currentRows,
    model: report.model,
    monitor: report.monitorId,
    dataset_drift: report.datasetDrift,
    drift_share: report.share,
    drift_share_threshold: report.driftShare,
    tested_columns: report.testedColumns,
    drifted_columns: report.driftedColumns,
    columns: report.columns.map((c) => columnJson(c, c.severity)),
    only_in_reference: report.onlyInReference,
    only_in_current: report.onlyInCurrent,
    incompatible: report.incompatible,
  };
  if (report.multivariate) out.multivariate = snake({ ...report.multivariate });
  else if (report.multivariateSkipped) out.multivariate_skipped = report.multivariateSkipped;
  if (report.prediction) {
    const { drift, performance, cbpe, model, output, label } = report.prediction;
    out.prediction = { model, output, label, drift: { ...columnJson(drift, drift.severity) }, performance: performance ? snake({ ...performance }) : null, cbpe: cbpe ? snake({ ...cbpe }) : null };
  }
  if (report.windows) out.windows = report.windows.map(windowJson);
  if (alerts) out.alerts = alerts.map((a) => snake({ ...a }));
  return out;
}

function columnJson(c: ColumnDriftResult, severity: number | null): DriftColumnJson {
  return {
    column: c.column,
    type: c.type,
    test: c.test,
    statistic: c.statistic,
    p_value: c.pValue,
    threshold: c.threshold,
    drift: c.drift,
    severity,
    skipped: c.skipped,
    missing_ref: c.missingRef,
    missing_cur: c.missingCur,
    missing_drift: c.missingDrift,
    new_categories: c.newCategories,
    new_category_count: c.newCategoryCount,
    out_of_range: c.outOfRange,
  };
}

function windowJson(w: DriftWindow): SnakeJson {
  return {
    index: w.index,
    label: w.label,
    start: w.start,
    end: w.end,
    version: w.version,
    rows: w.rows,
    empty: w.empty,
    drift_share: w.share,
    dataset_drift: w.datasetDrift,
    estimated_performance: w.estimatedPerformance,
    realised_performance: w.realisedPerformance,
    prediction_drift: w.predictionDrift,
    columns: w.columns.map((c) => ({ ...columnJson(c, c.severity) })),
  };
}

type Plain = string | number | boolean | null | undefined | readonly Plain[] | { [key: string]: Plain };

/** camelCase keys to snake_case, recursively; undefined fields are dropped. */
function snake(value: { [key: string]: Plain }): { [key: string]: SnakeJson } {
  const out: { [key: string]: SnakeJson } = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)] = plain(v);
  }
  return out;
}

function plain(v: Exclude<Plain, undefined>): SnakeJson {
  if (isList(v)) return v.filter((x) => x !== undefined).map((x) => plain(x));
  if (v !== null && typeof v === 'object') return snake(v);
  return v;
}

function isList(v: Plain): v is readonly Plain[] {
  return Array.isArray(v);
}
