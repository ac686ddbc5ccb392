// Checks a monitor's alert rules against one drift report: which rules fire, on which figure, in which window.
// Pure: the report job stores what this returns (MonitoringService.saveReport) and the host starts any retraining.
import type { AlertRule, DriftReport, DriftWindow } from '../../shared/monitoring';

/** One rule that fired: the figure that crossed its threshold and the window it was in (null: the whole report). */
export interface FiredAlert {
  ruleId: string;
  value: number;
  window: string | null;
  message: string;
}

/** The figure a rule reads, from the whole report or from one window; null when that figure does not exist there. */
type Figure = number | null;

const METRIC_WORDS: Record<AlertRule['metric'], string> = {
  drift_share: 'drift share',
  column_severity: 'drift severity',
  missing_rate: 'missing rate',
  estimated_performance: 'estimated performance',
  realised_performance: 'realised performance',
  multivariate_auc: 'multivariate AUC',
  prediction_drift: 'prediction drift',
};

const flag = (drift: boolean | null): Figure => (drift === null ? null : drift ? 1 : 0);

function reportFigure(rule: AlertRule, report: DriftReport): Figure {
  const column = rule.column === null ? undefined : report.columns.find((c) => c.column === rule.column);
  const prediction = report.prediction;
  switch (rule.metric) {
    case 'drift_share':
      return report.share;
    case 'column_severity':
      return column?.severity ?? null;
    case 'missing_rate':
      return column?.missingCur ?? null;
    case 'estimated_performance':
      return prediction?.cbpe?.estimated ?? null;
    case 'realised_performance':
      // The performance figure is the model's own metric (accuracy or RMSE); CBPE's realised accuracy is the fallback.
      return prediction?.performance?.current ?? prediction?.cbpe?.realised ?? null;
    case 'multivariate_auc':
      return report.multivariate?.auc ?? null;
    case 'prediction_drift':
      // A prediction test that could not run (no predictions on a side) says nothing either way.
      return prediction && prediction.drift.test !== null ? flag(prediction.drift.drift) : null;
  }
}

/** A window's figure; an empty window has none (its share of 0 is no evidence that nothing drifted). */
function windowFigure(rule: AlertRule, w: DriftWindow): Figure {
  if (w.empty) return null;
  const column = rule.column === null ? undefined : w.columns.find((c) => c.column === rule.column);
  switch (rule.metric) {
    case 'drift_share':
      return w.share;
    case 'column_severity':
      return column?.severity ?? null;
    case 'missing_rate':
      return column?.missingCur ?? null;
    case 'estimated_performance':
      return w.estimatedPerformance;
    case 'realised_performance':
      return w.realisedPerformance;
    case 'multivariate_auc':
      // The domain classifier runs on the whole current data only (evaluateRules reads the report's AUC instead).
      return null;
    case 'prediction_drift':
      return flag(w.predictionDrift);
  }
}

function crosses(rule: AlertRule, value: Figure): value is number {
  if (value === null || Number.isNaN(value)) return false;
  switch (rule.op) {
    case '>':
      return value > rule.threshold;
    case '>=':
      return value >= rule.threshold;
    case '<':
      return value < rule.threshold;
    case '<=':
      return value <= rule.threshold;
  }
}

/** Up to 4 significant digits, without trailing zeros: a message is read, the stored value keeps full precision. */
const shown = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(4))) : String(v));

/** Names come from users and datasets: one line, whatever they hold. */
const oneLine = (s: string): string => s.replace(/[\r\n\t\u2028\u2029]+/g, ' ');

function message(rule: AlertRule, report: DriftReport, value: number, window: DriftWindow | null): string {
  const figure = METRIC_WORDS[rule.metric] + (rule.column !== null && (rule.metric === 'column_severity' || rule.metric === 'missing_rate') ? ` of '${rule.column}'` : '');
  const where = window ? ` in window ${window.label}` : '';
  return oneLine(`Rule '${rule.name}' fired: ${figure} ${shown(value)} ${rule.op} ${shown(rule.threshold)}${where} (report ${report.name}).`);
}

function fire(rule: AlertRule, report: DriftReport, value: number, window: DriftWindow | null): FiredAlert {
  return { ruleId: rule.id, value, window: window?.label ?? null, message: message(rule, report, value, window) };
}

/**
 * Each rule that fires on `report`, in rule order, once: scope 'report' reads the whole-report figure,
 * 'latest_window' the last window's, 'any_window' the first window (in time order) whose figure fires. A window scope
 * on a report without windows, and any multivariate_auc rule, reads the whole report. A figure that does not exist
 * (no model, no such column, a test that could not run, an empty window) never fires.
 */
export function evaluateRules(rules: AlertRule[], report: DriftReport): FiredAlert[] {
  const fired: FiredAlert[] = [];
  const windows = report.windows && report.windows.length > 0 ? report.windows : null;
  for (const rule of rules) {
    // The domain classifier runs on the whole current data only, so its AUC is a report figure whatever the scope.
    if (rule.scope === 'report' || !windows || rule.metric === 'multivariate_auc') {
      const value = reportFigure(rule, report);
      if (crosses(rule, value)) fired.push(fire(rule, report, value, null));
      continue;
    }
    const candidates = rule.scope === 'latest_window' ? windows.slice(-1) : windows;
    for (const w of candidates) {
      const value = windowFigure(rule, w);
      if (crosses(rule, value)) {
        fired.push(fire(rule, report, value, w));
        break;
      }
    }
  }
  return fired;
}
