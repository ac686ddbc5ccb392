import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { airlock } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-project';

describe('airlock CLI', () => {
  it('creates a project and prints it as JSON', async () => {
    const dir = path.join(tempDir(), 'proj');
    const r = await airlock('init', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: dir, name: 'proj', schemaVersion: expect.any(Number) });
  });

  it('fails with one line on stderr and a non-zero exit for a missing project', async () => {
    const r = await airlock('dataset', 'list', '--project', path.join(tempDir(), 'nothing-here'), '--json');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^airlock: PROJECT_NOT_FOUND: /);
  });

  it('rejects malformed input at the boundary with a typed error', async () => {
    const dir = path.join(tempDir(), 'proj');
    await airlock('init', dir);
    const bad = await airlock('dataset', 'versions', '../etc', '--project', dir, '--json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^airlock: BAD_INPUT: Invalid input for datasets\.versions: dataset: /);
    const badVersion = await airlock('dataset', 'export', 'sales@latest', 'x.csv', '--project', dir);
    expect(badVersion.stderr).toMatch(/BAD_INPUT: 'sales@latest' is not NAME@VERSION/);
  });

  it('verifies an intact audit log with exit 0', async () => {
    const dir = path.join(tempDir(), 'proj');
    await airlock('init', dir);
    const r = await airlock('verify-log', '--project', dir, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, entries: 1, anchors: 0 });
  });

  it('exits 1 and names the first bad entry when history was edited', async () => {
    const dir = path.join(tempDir(), 'proj');
    await airlock('init', dir);
    await airlock('dataset', 'list', '--project', dir);
    const db = new Database(path.join(dir, 'project.sqlite'));
    db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE seq = 1");
    db.close();
    const r = await airlock('verify-log', '--project', dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/audit log broken at entry 1: its content was changed/);
  });
});
