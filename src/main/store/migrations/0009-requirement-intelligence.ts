// Migration 9: what the requirements intelligence keeps. Classifications are the classifier's stored verdicts per
// requirement revision and classifier version; labels are people's corrections, append-only with who and when;
// dismissals remember a pair a person judged not a duplicate or conflict, bound to both sides' fingerprints so an
// edit of either brings the pair back.
export const sql = `
CREATE TABLE requirement_classifications (
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  revision INTEGER NOT NULL,
  model_version_id TEXT NOT NULL REFERENCES model_versions(id),
  class TEXT NOT NULL,
  confidence REAL NOT NULL,
  -- every class's probability and the multi-label verdict, as JSON
  classes_json TEXT NOT NULL,
  labels_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (requirement_id, revision, model_version_id)
) WITHOUT ROWID;

CREATE TABLE requirement_labels (
  id INTEGER PRIMARY KEY,
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  revision INTEGER NOT NULL,
  label TEXT NOT NULL,
  predicted TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX requirement_labels_by_requirement ON requirement_labels (requirement_id, id);
CREATE TRIGGER requirement_labels_immutable BEFORE UPDATE ON requirement_labels BEGIN SELECT RAISE(ABORT, 'requirement labels are append-only'); END;
CREATE TRIGGER requirement_labels_no_delete BEFORE DELETE ON requirement_labels BEGIN SELECT RAISE(ABORT, 'requirement labels are append-only'); END;

CREATE TABLE requirement_pair_dismissals (
  a TEXT NOT NULL,
  b TEXT NOT NULL,
  relation TEXT NOT NULL CHECK (relation IN ('duplicate', 'conflict')),
  a_fingerprint TEXT NOT NULL,
  b_fingerprint TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (a, b, relation)
) WITHOUT ROWID;
`;
