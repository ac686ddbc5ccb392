// Migration 10: traceability. A link joins a requirement to an artifact or another requirement, stamped with the
// requirement revision and fingerprint it was made against and the target's state then (its fingerprint or newest
// version), so a later change reads as suspect; removal is a soft delete kept for undo and the audit trail. Reviews
// (clear with a reason, re-verify with new evidence) re-stamp a link and are kept append-only. Rejected suggestions,
// clause mappings and acceptance criteria are append-only too: the newest row for a key is its current state.
export const sql = `
CREATE TABLE trace_links (
  id TEXT PRIMARY KEY,
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  type TEXT NOT NULL CHECK (type IN ('satisfies', 'verifies', 'trained-on', 'evaluated-by', 'monitored-by', 'derived-from', 'refines')),
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('manual', 'reqif', 'suggestion')),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  -- the stamp: what both sides were when the link was made, or last cleared or re-verified
  requirement_revision INTEGER NOT NULL,
  requirement_fingerprint TEXT NOT NULL,
  -- a requirement target's fingerprint, or the id of the newest version of the target's line (dataset, model, monitor)
  target_stamp TEXT,
  removed_at TEXT,
  removed_by TEXT,
  removed_reason TEXT
) WITHOUT ROWID;
CREATE UNIQUE INDEX trace_links_live ON trace_links (requirement_id, type, target_kind, target_id) WHERE removed_at IS NULL;
CREATE INDEX trace_links_by_target ON trace_links (target_kind, target_id);

CREATE TABLE trace_link_reviews (
  id INTEGER PRIMARY KEY,
  link_id TEXT NOT NULL REFERENCES trace_links(id),
  action TEXT NOT NULL CHECK (action IN ('cleared', 'reverified')),
  reason TEXT NOT NULL,
  -- the causes it answered, and for a re-verification the new evidence, as JSON
  details_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX trace_link_reviews_by_link ON trace_link_reviews (link_id, id);
CREATE TRIGGER trace_link_reviews_immutable BEFORE UPDATE ON trace_link_reviews BEGIN SELECT RAISE(ABORT, 'link reviews are append-only'); END;
CREATE TRIGGER trace_link_reviews_no_delete BEFORE DELETE ON trace_link_reviews BEGIN SELECT RAISE(ABORT, 'link reviews are append-only'); END;

CREATE TABLE trace_suggestion_rejections (
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  type TEXT NOT NULL,
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (requirement_id, target_kind, target_id, type)
) WITHOUT ROWID;

CREATE TABLE clause_mappings (
  id INTEGER PRIMARY KEY,
  standard TEXT NOT NULL,
  clause TEXT NOT NULL,
  target_kind TEXT NOT NULL,
  target_id TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('confirmed', 'rejected')),
  reason TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX clause_mappings_by_clause ON clause_mappings (standard, clause, target_kind, target_id, id);
CREATE TRIGGER clause_mappings_immutable BEFORE UPDATE ON clause_mappings BEGIN SELECT RAISE(ABORT, 'clause mappings are append-only'); END;
CREATE TRIGGER clause_mappings_no_delete BEFORE DELETE ON clause_mappings BEGIN SELECT RAISE(ABORT, 'clause mappings are append-only'); END;

CREATE TABLE requirement_criteria (
  id INTEGER PRIMARY KEY,
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  -- the canonical texts (formatCriterion), in the order written, as a JSON array; [] removes them all
  criteria_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX requirement_criteria_by_requirement ON requirement_criteria (requirement_id, id);
CREATE TRIGGER requirement_criteria_immutable BEFORE UPDATE ON requirement_criteria BEGIN SELECT RAISE(ABORT, 'acceptance criteria are append-only'); END;
CREATE TRIGGER requirement_criteria_no_delete BEFORE DELETE ON requirement_criteria BEGIN SELECT RAISE(ABORT, 'acceptance criteria are append-only'); END;
`;
