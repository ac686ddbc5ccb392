// Migration 4: the file says it is an Airlock project (application_id), the project gets a stable id that signed
// anchors name, the audit log refuses INSERT OR REPLACE too, and users and their signed anchors of the log's head.
import { AIRLOCK_APPLICATION_ID } from '../project-identity';

export const sql = `
PRAGMA application_id = ${AIRLOCK_APPLICATION_ID};

-- A random UUID (version 4 layout) for projects made before this migration; new projects get one at creation.
ALTER TABLE project ADD COLUMN uuid TEXT;
UPDATE project SET uuid =
  lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
  substr('89ab', 1 + abs(random()) % 4, 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
  WHERE uuid IS NULL;
CREATE TRIGGER project_uuid_required BEFORE INSERT ON project WHEN NEW.uuid IS NULL
  BEGIN SELECT RAISE(ABORT, 'a project needs its id'); END;
CREATE TRIGGER project_uuid_fixed BEFORE UPDATE OF uuid ON project WHEN OLD.uuid IS NOT NEW.uuid
  BEGIN SELECT RAISE(ABORT, 'a project keeps its id'); END;

-- INSERT OR REPLACE deletes the row it conflicts with without firing DELETE triggers: refuse any insert that is not
-- the next entry, which covers REPLACE over an existing seq and gaps alike.
CREATE TRIGGER audit_log_next_only BEFORE INSERT ON audit_log
  WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_log)
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- A user's public key, recorded the first time they sign in this project. Keyed by fingerprint (SHA-256 of the
-- SPKI DER): two people may share a name, never a key.
CREATE TABLE users (
  fingerprint TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  public_key TEXT NOT NULL,
  first_seen TEXT NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER users_no_replace BEFORE INSERT ON users
  WHEN EXISTS (SELECT 1 FROM users WHERE fingerprint = NEW.fingerprint)
  BEGIN SELECT RAISE(ABORT, 'a recorded user key never changes'); END;
CREATE TRIGGER users_no_update BEFORE UPDATE ON users
  BEGIN SELECT RAISE(ABORT, 'a recorded user key never changes'); END;
CREATE TRIGGER users_no_delete BEFORE DELETE ON users
  BEGIN SELECT RAISE(ABORT, 'a recorded user key never changes'); END;

-- A user's signature over the log's head as they saw it: {project, seq, hash, at, signer}. Append-only like the log.
CREATE TABLE audit_anchors (
  id INTEGER PRIMARY KEY,
  project TEXT NOT NULL,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL,
  at TEXT NOT NULL,
  signer TEXT NOT NULL REFERENCES users (fingerprint),
  signature TEXT NOT NULL
);
CREATE TRIGGER audit_anchors_no_replace BEFORE INSERT ON audit_anchors
  WHEN EXISTS (SELECT 1 FROM audit_anchors WHERE id = NEW.id)
  BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
  BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
  BEGIN SELECT RAISE(ABORT, 'anchors are append-only'); END;
`;
