// Migration 8: the requirements store. A source is one imported file (its ReqIF frame kept so an export writes it
// back, with a .reqifz's attachments), a document is one specification, a requirement is one spec object (or CSV row) with its place in the
// hierarchy, and its content lives in append-only revisions.
export const sql = `
CREATE TABLE requirement_sources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('reqif', 'csv')),
  -- ReqIF: header, datatypes, spec types, relation groups, tool extensions and zip member, as JSON; CSV: NULL
  frame_json TEXT,
  imported_at TEXT NOT NULL,
  imported_by TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE requirement_documents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  source_id TEXT NOT NULL REFERENCES requirement_sources(id),
  position INTEGER NOT NULL,
  -- the SPECIFICATION without its children (type, values, long name), as JSON; CSV: NULL
  spec_json TEXT
) WITHOUT ROWID;
CREATE INDEX requirement_documents_by_name ON requirement_documents (name);

CREATE TABLE requirements (
  id TEXT PRIMARY KEY,
  document_id TEXT NOT NULL REFERENCES requirement_documents(id),
  parent_id TEXT,
  position INTEGER NOT NULL,
  -- the SPEC-HIERARCHY node's own fields (identifier, flags) as JSON; NULL when the object is in no hierarchy
  node_json TEXT,
  -- the SPEC-OBJECT's identity and type (long name, last change, type), as JSON; CSV: NULL
  object_json TEXT,
  -- the attribute definitions the text and title were read from
  text_definition TEXT,
  title_definition TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX requirements_by_document ON requirements (document_id, position);

CREATE TABLE requirement_revisions (
  requirement_id TEXT NOT NULL REFERENCES requirements(id),
  revision INTEGER NOT NULL,
  title TEXT NOT NULL,
  text TEXT NOT NULL,
  level TEXT CHECK (level IS NULL OR level IN ('system', 'software', 'hardware', 'ml-component')),
  status TEXT,
  owner TEXT,
  attributes_json TEXT NOT NULL,
  xhtml TEXT,
  fingerprint TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (requirement_id, revision)
) WITHOUT ROWID;
CREATE TRIGGER requirement_revisions_immutable BEFORE UPDATE ON requirement_revisions BEGIN SELECT RAISE(ABORT, 'requirement revisions are append-only'); END;
CREATE TRIGGER requirement_revisions_no_delete BEFORE DELETE ON requirement_revisions BEGIN SELECT RAISE(ABORT, 'requirement revisions are append-only'); END;

CREATE TABLE requirement_relations (
  id TEXT PRIMARY KEY,
  source_id TEXT NOT NULL REFERENCES requirement_sources(id),
  type TEXT NOT NULL,
  source TEXT NOT NULL,
  target TEXT NOT NULL,
  -- the whole SPEC-RELATION (values, long name) as JSON
  relation_json TEXT NOT NULL
);
CREATE INDEX requirement_relations_by_source ON requirement_relations (source);

-- a .reqifz's other members (images, OLE objects its XHTML points at), under each source the zip held, so an export
-- to .reqifz writes them back
CREATE TABLE requirement_attachments (
  source_id TEXT NOT NULL REFERENCES requirement_sources(id),
  name TEXT NOT NULL,
  blob TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  PRIMARY KEY (source_id, name)
) WITHOUT ROWID;
`;
