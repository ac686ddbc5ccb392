import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { tempDir } from '../test-support/temp-project';
import { openDatabase, schemaVersion } from './db';
import { latestSchemaVersion } from './migrations';
import { AIRLOCK_APPLICATION_ID } from './project-identity';

describe('project database', () => {
  it('creates a WAL database with foreign keys and every migration applied', () => {
    const file = path.join(tempDir(), 'p.sqlite');
    const { db } = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['project', 'audit_log', 'jobs', 'lineage_edges']));
    db.close();
  });

  it('reopening applies nothing twice', () => {
    const file = path.join(tempDir(), 'p.sqlite');
    openDatabase(file).db.close();
    const { db } = openDatabase(file);
    expect(schemaVersion(db)).toBe(latestSchemaVersion);
    db.close();
  });

  it('refuses a project written by a newer schema with a clear message naming the file', () => {
    const file = path.join(tempDir(), 'p.sqlite');
    const raw = new Database(file);
    // a newer Airlock's file says it is an Airlock project, like every project from schema 4 on
    raw.pragma(`application_id = ${AIRLOCK_APPLICATION_ID}`);
    raw.pragma(`user_version = ${latestSchemaVersion + 5}`);
    raw.close();
    try {
      openDatabase(file);
      expect.unreachable('a newer schema must be refused');
    } catch (e) {
      expect(e).toBeInstanceOf(AppFailure);
      const err = (e as AppFailure).error;
      expect(err.code).toBe('SCHEMA_TOO_NEW');
      expect(err.message).toContain(`schema ${latestSchemaVersion + 5}`);
      expect(err.where?.file).toBe(file);
    }
  });
});
