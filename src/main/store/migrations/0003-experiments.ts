// Migration 3: experiment tracking. Runs are written whole, once, and never change (triggers enforce it); tags and
// notes stay editable. Params and final metrics are narrow key/value tables keyed by interned ids, indexed so the runs
// table can sort and filter 10,000 runs by any of 1,000 metrics inside SQLite, and ship only the visible window.
export const sql = `
CREATE TABLE experiments (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE studies (
  id TEXT PRIMARY KEY,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id),
  name TEXT NOT NULL,
  dataset_version TEXT NOT NULL,
  target TEXT NOT NULL,
  model_kind TEXT NOT NULL,
  sampler TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('minimize', 'maximize')),
  metric TEXT NOT NULL,
  space TEXT NOT NULL,
  n_trials INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'finished', 'cancelled', 'failed', 'interrupted')),
  created_at TEXT NOT NULL,
  finished_at TEXT,
  best_run_id TEXT
);

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL UNIQUE,
  experiment_id INTEGER NOT NULL REFERENCES experiments(id),
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('finished', 'failed', 'killed', 'pruned')),
  source TEXT NOT NULL DEFAULT 'airlock',
  study_id TEXT REFERENCES studies(id),
  trial_number INTEGER,
  dataset_version TEXT,
  target TEXT,
  model_kind TEXT,
  task TEXT,
  seed INTEGER,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  environment TEXT NOT NULL DEFAULT '{}',
  error TEXT
);
CREATE INDEX runs_by_experiment ON runs (experiment_id, seq);
CREATE INDEX runs_by_study ON runs (study_id, trial_number);

-- runs: how many runs carry the key, kept on insert so the column picker never counts 10M rows
CREATE TABLE param_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, runs INTEGER NOT NULL DEFAULT 0);
CREATE TABLE metric_keys (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, runs INTEGER NOT NULL DEFAULT 0);

CREATE TABLE run_params (
  run_id TEXT NOT NULL REFERENCES runs(id),
  key_id INTEGER NOT NULL REFERENCES param_keys(id),
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key_id)
) WITHOUT ROWID;
CREATE INDEX run_params_by_key ON run_params (key_id, value);

-- the last value of each metric per run: what the runs table sorts and filters on
CREATE TABLE run_metrics (
  run_id TEXT NOT NULL REFERENCES runs(id),
  key_id INTEGER NOT NULL REFERENCES metric_keys(id),
  value REAL,
  PRIMARY KEY (run_id, key_id)
) WITHOUT ROWID;
CREATE INDEX run_metrics_by_key ON run_metrics (key_id, value);

-- every logged point, for curves
CREATE TABLE metric_steps (
  run_id TEXT NOT NULL REFERENCES runs(id),
  key_id INTEGER NOT NULL REFERENCES metric_keys(id),
  step INTEGER NOT NULL,
  value REAL,
  at INTEGER NOT NULL,
  PRIMARY KEY (run_id, key_id, step)
) WITHOUT ROWID;

CREATE TABLE run_artifacts (
  run_id TEXT NOT NULL REFERENCES runs(id),
  path TEXT NOT NULL,
  blob TEXT NOT NULL,
  size INTEGER NOT NULL,
  media_type TEXT NOT NULL,
  PRIMARY KEY (run_id, path)
) WITHOUT ROWID;

CREATE TABLE run_tags (
  run_id TEXT NOT NULL REFERENCES runs(id),
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (run_id, key)
) WITHOUT ROWID;

CREATE TABLE model_versions (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  version INTEGER NOT NULL,
  run_id TEXT NOT NULL REFERENCES runs(id),
  model_blob TEXT NOT NULL,
  onnx_blob TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (name, version)
);

CREATE TRIGGER runs_immutable BEFORE UPDATE ON runs BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER runs_no_delete BEFORE DELETE ON runs BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER run_params_immutable BEFORE UPDATE ON run_params BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER run_metrics_immutable BEFORE UPDATE ON run_metrics BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER metric_steps_immutable BEFORE UPDATE ON metric_steps BEGIN SELECT RAISE(ABORT, 'runs are immutable'); END;
CREATE TRIGGER model_versions_immutable BEFORE UPDATE ON model_versions BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
`;
