import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-project';

const bin = fileURLToPath(new URL('../../../bin/airlock.mjs', import.meta.url));

/** Runs the real CLI in a child process, as a pipeline would. */
async function airlock(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { ...process.env, AIRLOCK_DATA_DIR: tempDir() } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

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
