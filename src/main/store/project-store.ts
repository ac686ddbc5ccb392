// A project is a folder: project.sqlite + blobs/. This opens or creates one and offers the one way to mutate it:
// a single transaction that also appends the audit entry.
import fs from 'node:fs';
import path from 'node:path';
import type { ProjectInfo } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { AuditLog, type AuditRecord } from './audit-log';
import { BlobStore, type BlobStoreOptions } from './blobs';
import { openDatabase, schemaVersion, type Db } from './db';

export const DB_FILE = 'project.sqlite';
export const BLOBS_DIR = 'blobs';

export interface StoreOptions {
  appVersion: string;
  actor: string;
  now?: () => Date;
  blobs?: BlobStoreOptions;
}

export class ProjectStore {
  readonly dir: string;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly audit: AuditLog;
  readonly actor: string;
  readonly now: () => Date;

  private constructor(dir: string, db: Db, options: StoreOptions) {
    this.dir = dir;
    this.db = db;
    this.actor = options.actor;
    this.now = options.now ?? (() => new Date());
    this.blobs = new BlobStore(path.join(dir, BLOBS_DIR), options.blobs);
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
    const store = new ProjectStore(abs, openDatabase(path.join(abs, DB_FILE)), options);
    store.mutate({ action: 'project.create', target: `project:${path.basename(abs)}` }, () => {
      store.db
        .prepare('INSERT INTO project (id, name, created_at, app_version) VALUES (1, ?, ?, ?)')
        .run(path.basename(abs), store.now().toISOString(), options.appVersion);
    });
    return store;
  }

  static open(dir: string, options: StoreOptions): ProjectStore {
    const abs = path.resolve(dir);
    if (!ProjectStore.isProject(abs)) fail('PROJECT_NOT_FOUND', `No Airlock project in ${abs} (no ${DB_FILE}).`, { hint: 'Create a project there, or pick the folder that holds project.sqlite.', where: { file: abs } });
    return new ProjectStore(abs, openDatabase(path.join(abs, DB_FILE)), options);
  }

  info(): ProjectInfo {
    const row = this.db.prepare('SELECT name, created_at FROM project WHERE id = 1').get() as { name: string; created_at: string };
    return { path: this.dir, name: row.name, createdAt: row.created_at, schemaVersion: schemaVersion(this.db) };
  }

  /**
   * Runs fn and appends its audit entry in one transaction: either both land or neither does.
   * The audit record is written after fn so it can describe what fn produced.
   */
  mutate<T>(record: Omit<AuditRecord, 'actor'> | ((result: T) => Omit<AuditRecord, 'actor'>), fn: () => T): T {
    return this.db.transaction(() => {
      const result = fn();
      const r = typeof record === 'function' ? record(result) : record;
      this.audit.append({ actor: this.actor, ...r });
      return result;
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
