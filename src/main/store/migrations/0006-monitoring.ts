// Migration 6: monitoring. Drift reports are stored whole (the report JSON in a blob) and never change; monitors and
// alert rules keep stable ids that requirements will reference, so they are never edited or deleted either. An alert
// is a record of a rule firing: only the retraining job it started may be filled in later, once. The candidate run
// that job made is read from the lineage edge `alert triggered run`, written with the run itself.
export const sql = `
CREATE TABLE monitors (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  -- the monitored dataset (also inside definition_json): an import of it re-runs the monitor
  dataset TEXT NOT NULL,
  definition_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX monitors_by_dataset ON monitors (dataset);

CREATE TABLE drift_reports (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- lineage ids, '<dataset>@<version>' and '<model>@<version>'
  reference TEXT NOT NULL,
  current TEXT NOT NULL,
  model_version TEXT,
  monitor_id TEXT REFERENCES monitors(id),
  share REAL NOT NULL,
  dataset_drift INTEGER NOT NULL CHECK (dataset_drift IN (0, 1)),
  -- how many windows over time the report holds (0: none asked for)
  windows INTEGER NOT NULL,
  -- the whole DriftReport as JSON
  report_blob TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX drift_reports_by_created ON drift_reports (created_at);
CREATE INDEX drift_reports_by_monitor ON drift_reports (monitor_id, created_at);

CREATE TABLE alert_rules (
  id TEXT PRIMARY KEY,
  monitor_id TEXT NOT NULL REFERENCES monitors(id),
  name TEXT NOT NULL,
  metric TEXT NOT NULL,
  column_name TEXT,
  op TEXT NOT NULL CHECK (op IN ('>', '>=', '<', '<=')),
  threshold REAL NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('report', 'latest_window', 'any_window')),
  retrain INTEGER NOT NULL CHECK (retrain IN (0, 1)),
  created_at TEXT NOT NULL
);
CREATE INDEX alert_rules_by_monitor ON alert_rules (monitor_id, created_at);

CREATE TABLE alerts (
  id TEXT PRIMARY KEY,
  rule_id TEXT NOT NULL REFERENCES alert_rules(id),
  monitor_id TEXT NOT NULL REFERENCES monitors(id),
  report_id TEXT NOT NULL REFERENCES drift_reports(id),
  value REAL NOT NULL,
  window_label TEXT,
  message TEXT NOT NULL,
  fired_at TEXT NOT NULL,
  retrain_job_id TEXT
);
CREATE INDEX alerts_by_monitor ON alerts (monitor_id, fired_at);
CREATE INDEX alerts_by_report ON alerts (report_id);

CREATE TRIGGER drift_reports_immutable BEFORE UPDATE ON drift_reports BEGIN SELECT RAISE(ABORT, 'drift reports are immutable'); END;
CREATE TRIGGER drift_reports_no_delete BEFORE DELETE ON drift_reports BEGIN SELECT RAISE(ABORT, 'drift reports are immutable'); END;
CREATE TRIGGER monitors_immutable BEFORE UPDATE ON monitors BEGIN SELECT RAISE(ABORT, 'monitors are immutable'); END;
CREATE TRIGGER monitors_no_delete BEFORE DELETE ON monitors BEGIN SELECT RAISE(ABORT, 'monitors are immutable'); END;
CREATE TRIGGER alert_rules_immutable BEFORE UPDATE ON alert_rules BEGIN SELECT RAISE(ABORT, 'alert rules are immutable'); END;
CREATE TRIGGER alert_rules_no_delete BEFORE DELETE ON alert_rules BEGIN SELECT RAISE(ABORT, 'alert rules are immutable'); END;
CREATE TRIGGER alerts_no_delete BEFORE DELETE ON alerts BEGIN SELECT RAISE(ABORT, 'alerts are immutable'); END;
CREATE TRIGGER alerts_immutable BEFORE UPDATE ON alerts
  WHEN NEW.id IS NOT OLD.id OR NEW.rule_id IS NOT OLD.rule_id OR NEW.monitor_id IS NOT OLD.monitor_id
    OR NEW.report_id IS NOT OLD.report_id OR NEW.value IS NOT OLD.value OR NEW.window_label IS NOT OLD.window_label
    OR NEW.message IS NOT OLD.message OR NEW.fired_at IS NOT OLD.fired_at
    OR OLD.retrain_job_id IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'alerts are immutable: only the retraining job may be set, once'); END;
`;
