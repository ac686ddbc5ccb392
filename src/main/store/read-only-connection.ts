// Opens an SQLite file for reading only, even in a folder nobody may write: there SQLite cannot make the -shm index a
// WAL database needs, and this build takes no `immutable` URI, so it reads a private in-memory copy instead.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { fail } from '../../shared/errors';

/** Under Electron in development, `npm start` builds a second copy of the addon for Electron's ABI. */
export function nativeBinding(): string | undefined {
  return process.versions.electron ? process.env.AIRLOCK_SQLITE_BINDING : undefined;
}

export function openReadOnly(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: nativeBinding() });
  try {
    // the first read is where SQLite finds out whether it can set up WAL reading beside the file
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (e) {
    db.close();
    if (!(e instanceof Database.SqliteError) || !['SQLITE_READONLY_DIRECTORY', 'SQLITE_CANTOPEN'].includes(e.code)) throw e;
  }
  // Only with no -wal beside it is the file alone the whole, consistent database.
  if (fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0) {
    fail('READ_ONLY', `${file} has writes not yet merged from its -wal file, and its folder cannot be written, so it cannot be read consistently.`, {
      where: { file },
      hint: 'Open it once where its folder is writable (that merges the -wal file), then copy it back.',
    });
  }
  return inMemoryDatabase(fs.readFileSync(file), { readonly: true });
}

/** An in-memory database from a file's bytes (patched in place); nothing done to it ever reaches the file. */
export function inMemoryDatabase(bytes: Buffer, options: { readonly: boolean }): Database.Database {
  // bytes 18-19 say WAL (2); an in-memory database reads only the rollback-journal format (1)
  bytes[18] = 1;
  bytes[19] = 1;
  return new Database(bytes, { readonly: options.readonly, nativeBinding: nativeBinding() });
}
