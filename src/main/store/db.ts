// Opens a project's SQLite file: WAL, foreign keys, numbered migrations, refusal of a newer schema.
import Database from 'better-sqlite3';
import { fail } from '../../shared/errors';
import { latestSchemaVersion, migrations } from './migrations';

export type Db = Database.Database;

export function openDatabase(file: string, options: { readonly?: boolean } = {}): Db {
  const db = new Database(file, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
    // Under Electron in development, `npm start` builds a second copy of the addon for Electron's ABI.
    nativeBinding: process.versions.electron ? process.env.AIRLOCK_SQLITE_BINDING : undefined,
  });
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) migrate(db, file);
    else checkSchemaVersion(db, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
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
