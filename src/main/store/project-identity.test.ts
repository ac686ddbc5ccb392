import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AppError } from '../../shared/errors';
import { CliSession } from '../cli/session';
import { dispatch } from '../host/dispatch';
import { errorOf } from '../test-support/app-error-of';
import { schema3Project } from '../test-support/schema3-project';
import { tempDir, testStoreOptions } from '../test-support/temp-project';
import { latestSchemaVersion } from './migrations';
import { AIRLOCK_APPLICATION_ID } from './project-identity';
import { DB_FILE, ProjectStore } from './project-store';

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** The refusal ProjectStore.open gives, or a test failure when it opens. */
function openError(dir: string): AppError {
  return errorOf(() => ProjectStore.open(dir, testStoreOptions).close());
}

/** A folder holding project.sqlite written by `make`; returns the folder, the file, and its bytes' hash. */
function folderWith(make: (file: string) => void): { dir: string; file: string; before: string; listing: string[] } {
  const dir = tempDir();
  const file = path.join(dir, DB_FILE);
  make(file);
  return { dir, file, before: sha256(file), listing: fs.readdirSync(dir).sort() };
}

function expectUntouched(f: { dir: string; file: string; before: string; listing: string[] }): void {
  expect(sha256(f.file)).toBe(f.before);
  expect(fs.readdirSync(f.dir).sort()).toEqual(f.listing);
}

describe('project identity', () => {
  it('refuses an SQLite file of another application, leaving its bytes and folder exactly as they were', () => {
    const f = folderWith((file) => {
      const db = new Database(file);
      db.pragma('application_id = 0x12345678');
      db.exec('CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES (\'ada\');');
      db.close();
    });
    const err = openError(f.dir);
    expect(err).toMatchObject({ code: 'NOT_A_PROJECT', where: { file: f.file } });
    expect(err.message).toMatch(/another application \(SQLite application id 0x12345678\)/);
    expect(err.message).not.toMatch(/\n/);
    expectUntouched(f);
  });

  it('refuses a WAL-mode SQLite file that has a schema version but not our tables, and takes away the -wal and -shm a look inside made', () => {
    const f = folderWith((file) => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE project (x); CREATE TABLE other (y);');
      db.pragma('user_version = 2');
      db.close();
    });
    expect(openError(f.dir)).toMatchObject({ code: 'NOT_A_PROJECT', where: { file: f.file } });
    expectUntouched(f);
  });

  it('refuses an SQLite database without tables and does not add any', () => {
    const f = folderWith((file) => {
      const db = new Database(file);
      db.exec('CREATE TABLE t (a); DROP TABLE t;');
      db.close();
    });
    expect(openError(f.dir)).toMatchObject({ code: 'NOT_A_PROJECT', message: expect.stringMatching(/without an Airlock schema/) });
    expectUntouched(f);
  });

  it('refuses an empty project.sqlite and leaves it empty', () => {
    const f = folderWith((file) => fs.writeFileSync(file, ''));
    expect(openError(f.dir)).toMatchObject({ code: 'NOT_A_PROJECT', message: expect.stringMatching(/is empty/), where: { file: f.file } });
    expectUntouched(f);
    expect(fs.statSync(f.file).size).toBe(0);
  });

  it('refuses a file that is not SQLite at all', () => {
    const f = folderWith((file) => fs.writeFileSync(file, '#!/bin/sh\necho hello\n'.repeat(20)));
    expect(openError(f.dir)).toMatchObject({ code: 'NOT_A_PROJECT', message: expect.stringMatching(/not an SQLite database/) });
    expectUntouched(f);
  });

  it('names the file of a damaged project database in one line instead of answering INTERNAL', () => {
    const dir = path.join(tempDir(), 'p');
    ProjectStore.create(dir, testStoreOptions).close();
    const file = path.join(dir, DB_FILE);
    // Keep the 100-byte header (so it still says Airlock), scramble the rest of page 1: the schema.
    const bytes = fs.readFileSync(file);
    for (let i = 100; i < 4096; i++) bytes[i] = (i * 131) & 0xff;
    fs.writeFileSync(file, bytes);
    const err = openError(dir);
    expect(err.code).toBe('PROJECT_CORRUPT');
    expect(err.where?.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.message).not.toMatch(/\n/);
  });

  it('marks new projects with the Airlock application id and a stable project id', () => {
    const dir = path.join(tempDir(), 'p');
    const store = ProjectStore.create(dir, testStoreOptions);
    const id = store.projectId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(store.db.pragma('application_id', { simple: true })).toBe(AIRLOCK_APPLICATION_ID);
    expect(() => store.db.prepare("UPDATE project SET uuid = 'other' WHERE id = 1").run()).toThrowError(/keeps its id/);
    store.close();
    const again = ProjectStore.open(dir, testStoreOptions);
    expect(again.projectId()).toBe(id);
    again.close();
  });

  it('adopts a project made before the application id: sets the id, gives it a project id, keeps its log verifiable', () => {
    const dir = schema3Project({ wal: true });
    const store = ProjectStore.open(dir, testStoreOptions);
    expect(store.db.pragma('application_id', { simple: true })).toBe(AIRLOCK_APPLICATION_ID);
    expect(store.db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(store.projectId()).toMatch(/^[0-9a-f-]{36}$/);
    expect(store.audit.verify()).toMatchObject({ ok: true, entries: 3 });
    store.close();
  });
});

describe('a project damaged past the pages opening reads', () => {
  it('answers PROJECT_CORRUPT, not INTERNAL, when a query meets the damaged page', async () => {
    const dir = path.join(tempDir(), 'p');
    const store = ProjectStore.create(dir, testStoreOptions);
    const insert = store.db.prepare("INSERT INTO datasets (name, created_at) VALUES (?, '2026-01-01')");
    store.mutate({ action: 'test.fill', target: 'datasets' }, () => {
      for (let i = 0; i < 500; i++) insert.run(`dataset-${i}`);
    });
    const root = (store.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'datasets'").get() as { rootpage: number }).rootpage;
    const pageSize = store.db.pragma('page_size', { simple: true }) as number;
    store.close();
    const file = path.join(dir, DB_FILE);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize);
    fs.closeSync(fd);
    const s = new CliSession({ dataDir: tempDir() });
    await s.app.openProject(dir);
    try {
      const result = await dispatch('datasets.list', {}, s.ctx);
      expect(result).toMatchObject({ ok: false, error: { code: 'PROJECT_CORRUPT', message: expect.stringMatching(/damaged/) } });
    } finally {
      await s.app.closeProject();
    }
  });
});
