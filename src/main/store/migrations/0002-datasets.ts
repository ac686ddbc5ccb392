// Migration 2: datasets and their immutable versions; a version's column chunks and row hashes live in blobs/.
export const sql = `
CREATE TABLE datasets (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

-- id is '<dataset name>@<version>': the stable string lineage edges use for kind 'dataset_version'.
-- hash is the SHA-256 of the canonical manifest (schema + chunk hashes): equal content, equal hash.
CREATE TABLE dataset_versions (
  id TEXT PRIMARY KEY,
  dataset_id INTEGER NOT NULL REFERENCES datasets (id),
  version INTEGER NOT NULL CHECK (version > 0),
  hash TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  columns TEXT NOT NULL,
  chunk_rows INTEGER NOT NULL,
  row_hashes_blob TEXT NOT NULL,
  profile TEXT NOT NULL,
  source_name TEXT NOT NULL,
  source_format TEXT NOT NULL,
  source_bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (dataset_id, version),
  UNIQUE (dataset_id, hash)
);

-- One Arrow IPC blob per column per run of chunk_rows rows; versions share the blobs of unchanged chunks.
CREATE TABLE dataset_chunks (
  version_id TEXT NOT NULL REFERENCES dataset_versions (id),
  column_index INTEGER NOT NULL,
  chunk_index INTEGER NOT NULL,
  blob TEXT NOT NULL,
  PRIMARY KEY (version_id, column_index, chunk_index)
) WITHOUT ROWID;
CREATE INDEX dataset_chunks_by_blob ON dataset_chunks (blob);

CREATE TRIGGER dataset_versions_immutable BEFORE UPDATE ON dataset_versions
  BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
CREATE TRIGGER dataset_chunks_immutable BEFORE UPDATE ON dataset_chunks
  BEGIN SELECT RAISE(ABORT, 'dataset versions are immutable'); END;
`;
