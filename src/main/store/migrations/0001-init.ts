// Migration 1: project identity, append-only audit log, persisted jobs, lineage edges.
// Migrations are SQL kept in TS modules so every host (Electron bundle, CLI, workers) carries them without file lookups.
export const sql = `
CREATE TABLE project (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  app_version TEXT NOT NULL,
  audit_head_seq INTEGER NOT NULL DEFAULT 0,
  audit_head_hash TEXT NOT NULL DEFAULT ''
);

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('queued','running','succeeded','failed','cancelled','interrupted')),
  input TEXT NOT NULL,
  fraction REAL NOT NULL DEFAULT 0,
  message TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  started_at TEXT,
  finished_at TEXT,
  error TEXT,
  result TEXT
);
CREATE INDEX jobs_by_created ON jobs (created_at);

-- Lineage is a graph of typed edges between versioned things (dataset_version, run, model_version, evaluation, ...).
CREATE TABLE lineage_edges (
  from_kind TEXT NOT NULL,
  from_id TEXT NOT NULL,
  relation TEXT NOT NULL,
  to_kind TEXT NOT NULL,
  to_id TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (from_kind, from_id, relation, to_kind, to_id)
);
CREATE INDEX lineage_to ON lineage_edges (to_kind, to_id);
`;
