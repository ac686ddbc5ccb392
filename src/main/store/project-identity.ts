// Decides whether a file is an Airlock project before anything writes to it: the SQLite header's application_id
// says so in 100 bytes; only when the header cannot tell (a project made before the id existed, or a WAL not yet
// checkpointed) does it look inside, read-only. A foreign, empty or unreadable file is refused byte-for-byte unchanged.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { fail } from '../../shared/errors';
import { openReadOnly } from './read-only-connection';

/** 'ARLK': the PRAGMA application_id every Airlock project carries from schema 4 on. */
export const AIRLOCK_APPLICATION_ID = 0x41524c4b;

/** Schemas 1-3 predate the application id: such a file is ours when it holds our tables. */
const LAST_SCHEMA_WITHOUT_ID = 3;

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const HEADER_BYTES = 100;

interface SqliteHeader {
  applicationId: number;
  userVersion: number;
  /** bytes 18-19 are 2 in a WAL-mode database */
  wal: boolean;
}

/** What the file holds as far as the header shows: nothing, not SQLite, or SQLite with these fields. */
function readHeader(file: string): SqliteHeader | 'empty' | 'not-sqlite' {
  const head = Buffer.alloc(HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read === 0) return 'empty';
  if (read < HEADER_BYTES || !head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return 'not-sqlite';
  return { userVersion: head.readInt32BE(60), applicationId: head.readInt32BE(68), wal: head[18] === 2 && head[19] === 2 };
}

/** True for the errors SQLite gives on a damaged file ("file is not a database", "database disk image is malformed"). */
export function isCorruption(e: unknown): boolean {
  return e instanceof Database.SqliteError && (e.code === 'SQLITE_NOTADB' || e.code.startsWith('SQLITE_CORRUPT'));
}

export function failCorrupt(file: string, e: unknown): never {
  fail('PROJECT_CORRUPT', `${file} is damaged: SQLite says "${e instanceof Error ? e.message : String(e)}".`, {
    where: { file },
    hint: 'Restore the project folder from a copy; nothing was changed.',
  });
}

function refuse(file: string, why: string): never {
  fail('NOT_A_PROJECT', `${file} is not an Airlock project: ${why}. It was left untouched.`, {
    where: { file },
    hint: 'Pick the folder of an Airlock project, or create a new project in an empty folder.',
  });
}

function hex(id: number): string {
  return `0x${(id >>> 0).toString(16).padStart(8, '0')}`;
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return -1;
  }
}

/**
 * Refuses a file that is not an Airlock project, without writing to it; returns the schema version it carries.
 * Opening a WAL database read-only makes its -wal and -shm files; a refused file gets back exactly the files it had.
 */
export function identifyProjectFile(file: string): number {
  const header = readHeader(file);
  if (header === 'empty') refuse(file, 'the file is empty');
  if (header === 'not-sqlite') refuse(file, 'it is not an SQLite database (another kind of file, or damaged beyond reading)');
  const walPending = header.wal && sizeOf(`${file}-wal`) > 0;
  if (!walPending) {
    if (header.applicationId === AIRLOCK_APPLICATION_ID) return header.userVersion;
    if (header.applicationId !== 0) refuse(file, `it belongs to another application (SQLite application id ${hex(header.applicationId)})`);
    if (header.userVersion === 0) refuse(file, 'it is an SQLite database without an Airlock schema (empty, or made by another program)');
  }
  return lookInside(file);
}

function lookInside(file: string): number {
  const sidecars = [`${file}-wal`, `${file}-shm`].filter((f) => !fs.existsSync(f));
  let inside: { applicationId: number; userVersion: number; tables: Set<string> };
  try {
    const db = openReadOnly(file);
    try {
      inside = {
        applicationId: db.pragma('application_id', { simple: true }) as number,
        userVersion: db.pragma('user_version', { simple: true }) as number,
        tables: new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name)),
      };
    } finally {
      db.close();
    }
  } catch (e) {
    removeMadeSidecars(sidecars);
    if (isCorruption(e)) failCorrupt(file, e);
    throw e;
  }
  if (inside.applicationId === AIRLOCK_APPLICATION_ID) return inside.userVersion;
  const legacy = inside.applicationId === 0 && inside.userVersion >= 1 && inside.userVersion <= LAST_SCHEMA_WITHOUT_ID;
  if (legacy && inside.tables.has('project') && inside.tables.has('audit_log')) return inside.userVersion;
  removeMadeSidecars(sidecars);
  if (inside.applicationId !== 0) refuse(file, `it belongs to another application (SQLite application id ${hex(inside.applicationId)})`);
  refuse(file, 'it is an SQLite database without an Airlock schema (empty, or made by another program)');
}

/** The read-only look made these (empty) files beside someone else's database: take them away again. */
function removeMadeSidecars(made: string[]): void {
  for (const f of made) fs.rmSync(f, { force: true });
}
