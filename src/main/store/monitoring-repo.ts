// All monitoring SQL: stored drift reports (their JSON lives in a blob), monitors, alert rules and the alerts rules
// fired. Writes run inside a caller's mutate(); the triggers of migration 6 keep reports, monitors and rules unchanged.
import type { AlertInfo, AlertMetric, AlertRule, AlertScope, DriftReportSummary, MonitorDefinition } from '../../shared/monitoring';
import type { Db } from './db';

export interface NewMonitor {
  id: string;
  definition: MonitorDefinition;
  createdAt: string;
  createdBy: string;
}

export interface MonitorRecord extends NewMonitor {
  reports: number;
}

/** A report's row: its list summary (alerts are counted from the alerts table), its blob and who made it. */
export type NewReport = Omit<DriftReportSummary, 'alerts'> & { blob: string; createdBy: string };

export interface NewAlert {
  id: string;
  ruleId: string;
  monitorId: string;
  reportId: string;
  value: number;
  window: string | null;
  message: string;
  firedAt: string;
}

interface MonitorRow {
  id: string;
  definition_json: string;
  created_at: string;
  created_by: string;
  reports: number;
}

interface ReportRow {
  id: string;
  name: string;
  created_at: string;
  reference: string;
  current: string;
  model_version: string | null;
  monitor_id: string | null;
  share: number;
  dataset_drift: number;
  windows: number;
  alerts: number;
}

interface RuleRow {
  id: string;
  monitor_id: string;
  name: string;
  metric: AlertMetric;
  column_name: string | null;
  op: AlertRule['op'];
  threshold: number;
  scope: AlertScope;
  retrain: number;
  created_at: string;
}

interface AlertRow {
  id: string;
  rule_id: string;
  rule_name: string;
  monitor_id: string;
  report_id: string;
  value: number;
  window_label: string | null;
  message: string;
  fired_at: string;
  retrain_job_id: string | null;
  retrain_run_id: string | null;
}

const MONITOR_SELECT = `
  SELECT m.id, m.definition_json, m.created_at, m.created_by, (SELECT COUNT(*) FROM drift_reports r WHERE r.monitor_id = m.id) AS reports
    FROM monitors m`;

const REPORT_SELECT = `
  SELECT r.id, r.name, r.created_at, r.reference, r.current, r.model_version, r.monitor_id, r.share, r.dataset_drift, r.windows,
         (SELECT COUNT(*) FROM alerts a WHERE a.report_id = r.id) AS alerts
    FROM drift_reports r`;

// The candidate run is the one the `triggered` edge names: it is written with the run, in the run's transaction.
const ALERT_SELECT = `
  SELECT a.id, a.rule_id, ru.name AS rule_name, a.monitor_id, a.report_id, a.value, a.window_label, a.message, a.fired_at, a.retrain_job_id,
         (SELECT e.to_id FROM lineage_edges e WHERE e.from_kind = 'alert' AND e.from_id = a.id AND e.relation = 'triggered' ORDER BY e.created_at LIMIT 1) AS retrain_run_id
    FROM alerts a JOIN alert_rules ru ON ru.id = a.rule_id`;

export class MonitoringRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  // ---- monitors ----

  insertMonitor(m: NewMonitor): void {
    this.db
      .prepare('INSERT INTO monitors (id, name, dataset, definition_json, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(m.id, m.definition.name, m.definition.dataset, JSON.stringify(m.definition), m.createdAt, m.createdBy);
  }

  monitorNameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM monitors WHERE name = ?').get(name) !== undefined;
  }

  monitors(): MonitorRecord[] {
    return (this.db.prepare(`${MONITOR_SELECT} ORDER BY m.created_at, m.id`).all() as MonitorRow[]).map(toMonitor);
  }

  /** By id or, failing that, by name. */
  monitor(idOrName: string): MonitorRecord | undefined {
    const row = this.db.prepare(`${MONITOR_SELECT} WHERE m.id = ? UNION ALL ${MONITOR_SELECT} WHERE m.name = ? LIMIT 1`).get(idOrName, idOrName) as MonitorRow | undefined;
    return row && toMonitor(row);
  }

  monitorsWatching(dataset: string): MonitorRecord[] {
    return (this.db.prepare(`${MONITOR_SELECT} WHERE m.dataset = ? ORDER BY m.created_at, m.id`).all(dataset) as MonitorRow[]).map(toMonitor);
  }

  // ---- reports ----

  insertReport(r: NewReport): void {
    this.db
      .prepare(
        `INSERT INTO drift_reports (id, name, reference, current, model_version, monitor_id, share, dataset_drift, windows, report_blob, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.id, r.name, r.reference, r.current, r.model, r.monitorId, r.share, r.datasetDrift ? 1 : 0, r.windows, r.blob, r.createdAt, r.createdBy);
  }

  /** Newest first; only the monitor's when one is named. */
  reports(monitorId?: string): DriftReportSummary[] {
    const rows = monitorId === undefined
      ? this.db.prepare(`${REPORT_SELECT} ORDER BY r.created_at DESC, r.rowid DESC`).all()
      : this.db.prepare(`${REPORT_SELECT} WHERE r.monitor_id = ? ORDER BY r.created_at DESC, r.rowid DESC`).all(monitorId);
    return (rows as ReportRow[]).map(toSummary);
  }

  lastReport(monitorId: string): DriftReportSummary | null {
    const row = this.db.prepare(`${REPORT_SELECT} WHERE r.monitor_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1`).get(monitorId) as ReportRow | undefined;
    return row ? toSummary(row) : null;
  }

  reportBlob(id: string): string | undefined {
    return this.db.prepare('SELECT report_blob FROM drift_reports WHERE id = ?').pluck().get(id) as string | undefined;
  }

  // ---- alert rules ----

  insertRule(rule: AlertRule): void {
    this.db
      .prepare('INSERT INTO alert_rules (id, monitor_id, name, metric, column_name, op, threshold, scope, retrain, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(rule.id, rule.monitorId, rule.name, rule.metric, rule.column, rule.op, rule.threshold, rule.scope, rule.retrain ? 1 : 0, rule.createdAt);
  }

  rules(monitorId: string): AlertRule[] {
    return (this.db.prepare('SELECT * FROM alert_rules WHERE monitor_id = ? ORDER BY created_at, rowid').all(monitorId) as RuleRow[]).map(toRule);
  }

  rule(id: string): AlertRule | undefined {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row && toRule(row);
  }

  // ---- alerts ----

  insertAlert(a: NewAlert): void {
    this.db
      .prepare('INSERT INTO alerts (id, rule_id, monitor_id, report_id, value, window_label, message, fired_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.id, a.ruleId, a.monitorId, a.reportId, a.value, a.window, a.message, a.firedAt);
  }

  /** Newest first; only the monitor's when one is named. */
  alerts(monitorId?: string): AlertInfo[] {
    const rows = monitorId === undefined
      ? this.db.prepare(`${ALERT_SELECT} ORDER BY a.fired_at DESC, a.rowid DESC`).all()
      : this.db.prepare(`${ALERT_SELECT} WHERE a.monitor_id = ? ORDER BY a.fired_at DESC, a.rowid DESC`).all(monitorId);
    return (rows as AlertRow[]).map(toAlert);
  }

  alert(id: string): AlertInfo | undefined {
    const row = this.db.prepare(`${ALERT_SELECT} WHERE a.id = ?`).get(id) as AlertRow | undefined;
    return row && toAlert(row);
  }

  alertsOfReport(reportId: string): AlertInfo[] {
    return (this.db.prepare(`${ALERT_SELECT} WHERE a.report_id = ? ORDER BY a.rowid`).all(reportId) as AlertRow[]).map(toAlert);
  }

  /** Records the retraining job an alert started; false when the alert is unknown or already has one. */
  setRetrainJob(alertId: string, jobId: string): boolean {
    return this.db.prepare('UPDATE alerts SET retrain_job_id = ? WHERE id = ? AND retrain_job_id IS NULL').run(jobId, alertId).changes === 1;
  }
}

function toMonitor(row: MonitorRow): MonitorRecord {
  // written by insertMonitor from a parsed definition; the triggers keep it as it was
  const definition = JSON.parse(row.definition_json) as MonitorDefinition;
  return { id: row.id, definition, createdAt: row.created_at, createdBy: row.created_by, reports: row.reports };
}

function toSummary(row: ReportRow): DriftReportSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    reference: row.reference,
    current: row.current,
    model: row.model_version,
    monitorId: row.monitor_id,
    share: row.share,
    datasetDrift: row.dataset_drift === 1,
    windows: row.windows,
    alerts: row.alerts,
  };
}

function toRule(row: RuleRow): AlertRule {
  return {
    id: row.id,
    monitorId: row.monitor_id,
    name: row.name,
    metric: row.metric,
    column: row.column_name,
    op: row.op,
    threshold: row.threshold,
    scope: row.scope,
    retrain: row.retrain === 1,
    createdAt: row.created_at,
  };
}

function toAlert(row: AlertRow): AlertInfo {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    monitorId: row.monitor_id,
    reportId: row.report_id,
    value: row.value,
    window: row.window_label,
    message: row.message,
    firedAt: row.fired_at,
    retrainJobId: row.retrain_job_id,
    retrainRunId: row.retrain_run_id,
  };
}
