// A project is a folder: project.sqlite + blobs/. This opens or creates one and offers the one way to mutate it:
// a single transaction that also appends the audit entry. A project nobody may write opens read-only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectInfo } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { AuditLog, type AuditRecord } from './audit-log';
import { BlobStore, type BlobStoreOptions } from './blobs';
import { openDatabase, type Db, type OpenedDatabase } from './db';

export const DB_FILE = 'project.sqlite';
export const BLOBS_DIR = 'blobs';

export interface StoreOptions {
  appVersion: string;
  actor: string;
  now?: () => Date;
  blobs?: BlobStoreOptions;
  /** open without writing anything even where the files could be written (a project whose files cannot be written
   * opens read-only by itself; root may write anything, so tests force it here) */
  readOnly?: boolean;
}

/** Schema 4 gave projects a stable id (and the users and anchors tables). */
const FIRST_SCHEMA_WITH_ID = 4;

export class ProjectStore {
  readonly dir: string;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly audit: AuditLog;
  readonly actor: string;
  readonly now: () => Date;
  /** reads work; mutate() and every other write refuse with READ_ONLY, and nothing runs recovery writes */
  readonly readOnly: boolean;
  /** the schema of the file on disk: an older project opened read-only is read through a copy migrated in memory */
  private readonly storedSchema: number;

  private constructor(dir: string, { db, storedSchema }: OpenedDatabase, options: StoreOptions) {
    this.dir = dir;
    this.db = db;
    this.readOnly = options.readOnly ?? false;
    this.storedSchema = storedSchema;
    this.actor = options.actor;
    this.now = options.now ?? (() => new Date());
    this.blobs = new BlobStore(path.join(dir, BLOBS_DIR), { ...options.blobs, readOnly: this.readOnly });
    this.audit = new AuditLog(db, this.now);
  }

  static isProject(dir: string): boolean {
    return fs.existsSync(path.join(dir, DB_FILE));
  }

  /** Creates a project in an empty (or missing) folder. */
  static create(dir: string, options: StoreOptions): ProjectStore {
    const abs = path.resolve(dir);
    if (ProjectStore.isProject(abs)) fail('PROJECT_EXISTS', `There is already a project in ${abs}.`, { hint: 'Open it instead.', where: { file: abs } });
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) fail('BAD_INPUT', `${abs} is a file, not a folder.`, { where: { file: abs } });
    fs.mkdirSync(abs, { recursive: true });
    const store = new ProjectStore(abs, openDatabase(path.join(abs, DB_FILE)), { ...options, readOnly: false });
    store.mutate({ action: 'project.create', target: `project:${path.basename(abs)}` }, () => {
      store.db
        .prepare('INSERT INTO project (id, name, created_at, app_version, uuid) VALUES (1, ?, ?, ?, ?)')
        .run(path.basename(abs), store.now().toISOString(), options.appVersion, randomUUID());
    });
    return store;
  }

  static open(dir: string, options: StoreOptions): ProjectStore {
    const abs = path.resolve(dir);
    if (!ProjectStore.isProject(abs)) fail('PROJECT_NOT_FOUND', `No Airlock project in ${abs} (no ${DB_FILE}).`, { hint: 'Create a project there, or pick the folder that holds project.sqlite.', where: { file: abs } });
    const file = path.join(abs, DB_FILE);
    const readOnly = options.readOnly === true || !canWrite(abs, file);
    return new ProjectStore(abs, openDatabase(file, { readonly: readOnly }), { ...options, readOnly });
  }

  info(): ProjectInfo {
    const row = this.db.prepare('SELECT name, created_at FROM project WHERE id = 1').get() as { name: string; created_at: string };
    return { path: this.dir, name: row.name, createdAt: row.created_at, schemaVersion: this.storedSchema, readOnly: this.readOnly };
  }

  /** The project's stable id, which signed anchors name; null in a read-only project older than schema 4. */
  projectId(): string | null {
    if (this.storedSchema < FIRST_SCHEMA_WITH_ID) return null;
    return (this.db.prepare('SELECT uuid FROM project WHERE id = 1').get() as { uuid: string } | undefined)?.uuid ?? null;
  }

  /** Refuses any write to a read-only project with one line naming the folder. */
  assertWritable(): void {
    if (this.readOnly) {
      fail('READ_ONLY', `The project in ${this.dir} is open read-only: nothing was changed.`, {
        where: { file: this.dir },
        hint: `A project opens read-only when its folder or ${DB_FILE} cannot be written: make them writable, or work on a copy.`,
      });
    }
  }

  /**
   * Runs fn and appends its audit entry in one transaction: either both land or neither does.
   * The audit record is written after fn so it can describe what fn produced.
   * IMMEDIATE: the write lock is taken up front, waiting out another process's commit (busy_timeout). A deferred
   * transaction that read first and then found another process had committed would fail at once with
   * "database is locked" instead (SQLite cannot upgrade a stale read snapshot to a write).
   */
  mutate<T>(record: Omit<AuditRecord, 'actor'> | ((result: T) => Omit<AuditRecord, 'actor'>), fn: () => T): T {
    this.assertWritable();
    return this.db.transaction(() => {
      const result = fn();
      const r = typeof record === 'function' ? record(result) : record;
      this.audit.append({ actor: this.actor, ...r });
      return result;
    }).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function canWrite(dir: string, file: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
