// Test support: a project folder as Airlock wrote it before schema 4, to test what opening an older project does to it.
import Database from 'better-sqlite3';
import path from 'node:path';
import { AuditLog } from '../store/audit-log';
import { migrations } from '../store/migrations';
import { DB_FILE } from '../store/project-store';
import { tempDir } from './temp-project';

/**
 * A new temp folder holding project.sqlite at schema 3: application_id 0, a project row and three audit entries.
 * Rollback-journal mode unless `wal`, so a WAL switch or a migration would show in its header bytes.
 */
export function schema3Project(options: { wal?: boolean } = {}): string {
  const dir = tempDir();
  const db = new Database(path.join(dir, DB_FILE));
  if (options.wal) db.pragma('journal_mode = WAL');
  for (const m of migrations.filter((m) => m.version <= 3)) {
    db.exec(m.sql);
    db.pragma(`user_version = ${m.version}`);
  }
  db.prepare("INSERT INTO project (id, name, created_at, app_version) VALUES (1, 'old', '2025-01-01T00:00:00.000Z', '0.1')").run();
  const log = new AuditLog(db);
  for (let i = 0; i < 3; i++) log.append({ actor: 'a', action: 'test.step', target: `t:${i}` });
  db.close();
  return dir;
}
