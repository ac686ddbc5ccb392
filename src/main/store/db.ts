// Opens a project's SQLite file: identified as ours before anything is written, WAL, foreign keys, numbered
// migrations, refusal of a newer schema; read-only when asked (no WAL switch, no migration of the file).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { fail } from '../../shared/errors';
import { latestSchemaVersion, migrations } from './migrations';
import { failCorrupt, identifyProjectFile, isCorruption } from './project-identity';
import { inMemoryDatabase, nativeBinding, openReadOnly } from './read-only-connection';

export type Db = Database.Database;

/** A project's connection, and the schema its file holds: older than the connection's when read through a migrated copy. */
export interface OpenedDatabase {
  db: Db;
  storedSchema: number;
}

/** Opens (or, when the file is missing and not read-only, creates) a project database. */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): OpenedDatabase {
  const readonly = options.readonly ?? false;
  const version = readonly || fs.existsSync(file) ? identifyProjectFile(file) : 0;
  let db: Db;
  try {
    db = readonly && version < latestSchemaVersion ? migratedCopy(file) : connect(file, readonly);
  } catch (e) {
    if (isCorruption(e)) failCorrupt(file, e);
    throw e;
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    checkSchemaVersion(db, file);
    // Reading the schema now makes a damaged one fail here, naming the file, instead of in some later query.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      migrate(db, file);
    }
    // read-only, the file keeps the version it was identified with; written, it now holds the latest
    return { db, storedSchema: readonly ? version : schemaVersion(db) };
  } catch (e) {
    db.close();
    if (isCorruption(e)) failCorrupt(file, e);
    throw e;
  }
}

function connect(file: string, readonly: boolean): Db {
  return readonly ? openReadOnly(file) : new Database(file, { nativeBinding: nativeBinding() });
}

/**
 * An older project opened read-only: its file may not be migrated, yet every repository expects today's schema.
 * So the code reads an in-memory copy (the file and any -wal, serialized by SQLite) migrated there; the file stays
 * as it was, and nothing written to the copy is ever saved (the store refuses writes anyway).
 */
function migratedCopy(file: string): Db {
  const source = openReadOnly(file);
  let bytes: Buffer;
  try {
    bytes = source.serialize();
  } finally {
    source.close();
  }
  const db = inMemoryDatabase(bytes, { readonly: false });
  try {
    migrate(db, file);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function checkSchemaVersion(db: Db, file: string): number {
  const current = schemaVersion(db);
  if (current > latestSchemaVersion) {
    fail('SCHEMA_TOO_NEW', `This project was written by a newer Airlock (schema ${current}; this version knows up to ${latestSchemaVersion}).`, {
      hint: 'Open it with the newer Airlock, or update this installation.',
      where: { file },
    });
  }
  return current;
}

/** Applies every pending migration, each in its own transaction together with the version bump. */
export function migrate(db: Db, file = ':memory:'): number {
  const current = checkSchemaVersion(db, file);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return schemaVersion(db);
}
