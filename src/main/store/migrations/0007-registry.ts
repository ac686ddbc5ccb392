// Migration 7: the model registry. Versions stop being made by every finished run: a person (or a pipeline) registers
// a run's model, or imports an ONNX file, so model_versions is rebuilt with a source, a content hash, an author and no
// required run. Every version made before keeps its id, number, run and blobs; its author is the actor that recorded
// its run. Aliases move only through approvals, which are signed and stored once; evaluations are stored once.
export const sql = `
CREATE TABLE models (
  name TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER models_no_delete BEFORE DELETE ON models BEGIN SELECT RAISE(ABORT, 'models are never deleted'); END;
CREATE TRIGGER models_immutable BEFORE UPDATE ON models BEGIN SELECT RAISE(ABORT, 'models are immutable'); END;

-- each model as its first version made it
INSERT INTO models (name, created_at, created_by)
  SELECT m.name, m.created_at,
    COALESCE((SELECT a.actor FROM audit_log a WHERE a.action = 'run.record' AND a.target = 'run:' || m.run_id ORDER BY a.seq LIMIT 1), 'airlock')
  FROM model_versions m WHERE m.version = (SELECT MIN(f.version) FROM model_versions f WHERE f.name = m.name);

CREATE TABLE model_versions_v7 (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL REFERENCES models(name),
  version INTEGER NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('run', 'import')),
  run_id TEXT REFERENCES runs(id),
  -- the trained model's JSON (runs only)
  model_blob TEXT,
  onnx_blob TEXT,
  -- content address: OnnxInspection.sha256 of the ONNX file (with its external data), else the model JSON's blob hash
  hash TEXT NOT NULL,
  -- the OnnxInspection JSON, taken at registration
  inspection_blob TEXT,
  author TEXT NOT NULL,
  author_fingerprint TEXT,
  created_at TEXT NOT NULL,
  UNIQUE (name, version),
  CHECK ((source = 'run' AND run_id IS NOT NULL AND model_blob IS NOT NULL) OR (source = 'import' AND onnx_blob IS NOT NULL))
);
INSERT INTO model_versions_v7 (id, name, version, source, run_id, model_blob, onnx_blob, hash, inspection_blob, author, author_fingerprint, created_at)
  SELECT m.id, m.name, m.version, 'run', m.run_id, m.model_blob, m.onnx_blob, COALESCE(m.onnx_blob, m.model_blob), NULL,
    COALESCE((SELECT a.actor FROM audit_log a WHERE a.action = 'run.record' AND a.target = 'run:' || m.run_id ORDER BY a.seq LIMIT 1), 'airlock'),
    NULL, m.created_at
  FROM model_versions m;
DROP TABLE model_versions;
ALTER TABLE model_versions_v7 RENAME TO model_versions;
CREATE INDEX model_versions_by_run ON model_versions (run_id);
CREATE INDEX model_versions_by_hash ON model_versions (hash);
CREATE TRIGGER model_versions_immutable BEFORE UPDATE ON model_versions BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
CREATE TRIGGER model_versions_no_delete BEFORE DELETE ON model_versions BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;

-- An imported model's external data files, each stored as a blob, at its location relative to the model file.
CREATE TABLE model_version_files (
  version_id TEXT NOT NULL REFERENCES model_versions(id),
  location TEXT NOT NULL,
  blob TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (version_id, location)
) WITHOUT ROWID;
CREATE TRIGGER model_version_files_immutable BEFORE UPDATE ON model_version_files BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;
CREATE TRIGGER model_version_files_no_delete BEFORE DELETE ON model_version_files BEGIN SELECT RAISE(ABORT, 'model versions are immutable'); END;

-- Tags and descriptions change (each change is audited); version 0 is the model itself.
CREATE TABLE model_tags (
  model TEXT NOT NULL REFERENCES models(name),
  version INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (model, version, key)
) WITHOUT ROWID;
CREATE TABLE model_descriptions (
  model TEXT NOT NULL REFERENCES models(name),
  version INTEGER NOT NULL,
  description TEXT NOT NULL,
  PRIMARY KEY (model, version)
) WITHOUT ROWID;

-- A signed approval: the approver's Ed25519 signature over the version's hash, the alias, the reason and the evidence.
CREATE TABLE model_approvals (
  id TEXT PRIMARY KEY,
  model TEXT NOT NULL REFERENCES models(name),
  version INTEGER NOT NULL,
  version_hash TEXT NOT NULL,
  alias TEXT NOT NULL,
  previous_version INTEGER,
  reason TEXT NOT NULL,
  -- [{"id", "kind", "sha256"}]
  evidence_json TEXT NOT NULL,
  approver TEXT NOT NULL,
  approver_fingerprint TEXT NOT NULL REFERENCES users(fingerprint),
  at TEXT NOT NULL,
  signature TEXT NOT NULL
);
CREATE INDEX model_approvals_by_model ON model_approvals (model, at);
CREATE TRIGGER model_approvals_immutable BEFORE UPDATE ON model_approvals BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;
CREATE TRIGGER model_approvals_no_delete BEFORE DELETE ON model_approvals BEGIN SELECT RAISE(ABORT, 'approvals are immutable'); END;

-- Where each alias points now; every move names the approval that made it (the history is model_approvals).
CREATE TABLE model_aliases (
  model TEXT NOT NULL REFERENCES models(name),
  alias TEXT NOT NULL,
  version INTEGER NOT NULL,
  approval_id TEXT NOT NULL REFERENCES model_approvals(id),
  PRIMARY KEY (model, alias)
) WITHOUT ROWID;
CREATE TRIGGER model_aliases_approved BEFORE INSERT ON model_aliases
  WHEN NOT EXISTS (SELECT 1 FROM model_approvals a WHERE a.id = NEW.approval_id AND a.model = NEW.model AND a.alias = NEW.alias AND a.version = NEW.version)
  BEGIN SELECT RAISE(ABORT, 'an alias moves only with an approval of that move'); END;
CREATE TRIGGER model_aliases_approved_update BEFORE UPDATE ON model_aliases
  WHEN NOT EXISTS (SELECT 1 FROM model_approvals a WHERE a.id = NEW.approval_id AND a.model = NEW.model AND a.alias = NEW.alias AND a.version = NEW.version)
  BEGIN SELECT RAISE(ABORT, 'an alias moves only with an approval of that move'); END;

-- Evaluation reports about model versions: stored once, cited by hash.
CREATE TABLE evaluations (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('scoring', 'benchmark', 'comparison', 'explanation', 'fairness')),
  title TEXT NOT NULL,
  model_version TEXT NOT NULL,
  other_model_version TEXT,
  dataset_version TEXT,
  -- the report's canonical JSON: its blob hash is the SHA-256 approvals cite
  report_blob TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX evaluations_by_model ON evaluations (model_version, created_at);
CREATE INDEX evaluations_by_other_model ON evaluations (other_model_version, created_at);
CREATE INDEX evaluations_by_dataset ON evaluations (dataset_version, created_at);
CREATE TRIGGER evaluations_immutable BEFORE UPDATE ON evaluations BEGIN SELECT RAISE(ABORT, 'evaluations are immutable'); END;
CREATE TRIGGER evaluations_no_delete BEFORE DELETE ON evaluations BEGIN SELECT RAISE(ABORT, 'evaluations are immutable'); END;
`;
