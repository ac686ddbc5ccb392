import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Workbench } from '../app';
import { verifyLog } from '../audit/log-verification';
import { DatasetsService } from '../datasets/datasets-service';
import { schema3Project } from '../test-support/schema3-project';
import { tempDir, testStoreOptions } from '../test-support/temp-project';
import { UserProfiles } from '../users/user-profiles';
import { DB_FILE, ProjectStore } from './project-store';

const bin = fileURLToPath(new URL('../../../bin/airlock.mjs', import.meta.url));

function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/**
 * Runs `argv` without write access to the project. Root ignores permission bits through its DAC capabilities, so as
 * root the child runs with those dropped (still uid 0, still the owner of the checkout and the temp folders, so it can
 * read the code wherever the clone lives, but bound by the 0555/0444 modes like any user).
 */
async function runWithoutWriteAccess(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = process.getuid?.() === 0;
  const [cmd, args] = root ? ['setpriv', ['--inh-caps=-all', '--bounding-set=-dac_override,-dac_read_search', '--', ...argv]] : [argv[0], argv.slice(1)];
  try {
    const { stdout, stderr } = await promisify(execFile)(cmd, args, { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** Runs the real CLI without write access to the project (see runWithoutWriteAccess). */
async function airlockWithoutWriteAccess(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runWithoutWriteAccess([process.execPath, bin, ...args], { AIRLOCK_DATA_DIR: dataDir });
}

/** Makes a folder and everything in it read-only for everyone; returns the undo for the temp cleanup. */
function freeze(dir: string): () => void {
  const everything = [dir, ...fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f))];
  for (const p of everything) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o555 : 0o444);
  return () => everything.forEach((p) => fs.chmodSync(p, 0o755));
}

describe('read-only projects', () => {
  it('opens read-only without a WAL switch, a migration or a changed byte: lists datasets, verifies the log, refuses changes with READ_ONLY', () => {
    const dir = schema3Project();
    const file = path.join(dir, DB_FILE);
    const before = sha256(file);
    const store = ProjectStore.open(dir, { ...testStoreOptions, readOnly: true });
    expect(store.info()).toMatchObject({ readOnly: true, schemaVersion: 3 });
    expect(new DatasetsService(store).list()).toEqual([]);
    expect(verifyLog(store, new UserProfiles(tempDir()))).toEqual({ ok: true, entries: 3, anchors: 0 });
    try {
      store.mutate({ action: 'test.step', target: 'x' }, () => undefined);
      expect.unreachable('a read-only project must refuse a change');
    } catch (e) {
      expect(e).toMatchObject({ error: { code: 'READ_ONLY', where: { file: dir } } });
    }
    store.close();
    expect(sha256(file)).toBe(before);
    const header = fs.readFileSync(file).subarray(0, 100);
    expect([header[18], header[19]]).toEqual([1, 1]);
    expect(header.readInt32BE(60)).toBe(3);
  });

  it('a project whose folder and file cannot be written opens read-only by itself: dataset list and verify-log work, an import is refused in one line', async () => {
    const root = tempDir();
    const dir = path.join(root, 'project');
    const csv = path.join(root, 'data.csv');
    fs.writeFileSync(csv, 'a,b\n1,2\n');
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    await promisify(execFile)(process.execPath, [bin, 'init', dir], { env: { ...process.env, AIRLOCK_DATA_DIR: dataDir } });
    await promisify(execFile)(process.execPath, [bin, 'dataset', 'import', csv, '--project', dir, '--name', 'assays'], { env: { ...process.env, AIRLOCK_DATA_DIR: dataDir } });
    const thaw = freeze(dir);
    const before = sha256(path.join(dir, DB_FILE));
    try {
      const list = await airlockWithoutWriteAccess(dataDir, 'dataset', 'list', '--project', dir, '--json');
      expect(list).toMatchObject({ code: 0, stderr: '' });
      expect((JSON.parse(list.stdout) as { name: string }[]).map((d) => d.name)).toEqual(['assays']);
      const verify = await airlockWithoutWriteAccess(dataDir, 'verify-log', '--project', dir, '--json');
      expect(verify.code).toBe(0);
      expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, entries: 2 });
      const imp = await airlockWithoutWriteAccess(dataDir, 'dataset', 'import', csv, '--project', dir, '--name', 'x');
      expect(imp.code).toBe(1);
      expect(imp.stderr.trim().split('\n')).toHaveLength(1);
      expect(imp.stderr).toMatch(/^airlock: READ_ONLY: /);
      // refused by the job runner before a job row is written, naming the folder rather than SQLite's generic refusal
      expect(imp.stderr).toContain(`The project in ${dir} is open read-only`);
      expect(sha256(path.join(dir, DB_FILE))).toBe(before);
      expect(fs.readdirSync(dir).sort()).toEqual(['blobs', DB_FILE]);
    } finally {
      thaw();
    }
  }, 60_000);

  it('recognises and reads a WAL project from before the application id in a folder nobody may write, leaving it as it was', async () => {
    const dir = schema3Project({ wal: true });
    fs.mkdirSync(path.join(dir, 'blobs', 'tmp'), { recursive: true });
    const file = path.join(dir, DB_FILE);
    const before = sha256(file);
    const thaw = freeze(dir);
    try {
      const store = pathToFileURL(path.resolve('src/main/store/project-store.ts')).href;
      const script = `const { ProjectStore } = await import(${JSON.stringify(store)});
        const s = ProjectStore.open(${JSON.stringify(dir)}, { appVersion: 't', actor: 't' });
        console.log(JSON.stringify({ info: s.info(), chain: s.audit.verify() })); s.close();`;
      const r = await runWithoutWriteAccess([process.execPath, '--import', 'tsx', '--input-type=module', '--eval', script]);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toMatchObject({ info: { readOnly: true, schemaVersion: 3 }, chain: { ok: true, entries: 3 } });
    } finally {
      thaw();
    }
    expect(sha256(file)).toBe(before);
    expect(fs.readdirSync(dir).sort()).toEqual(['blobs', DB_FILE]);
  }, 30_000);

  it('opens a project older than this schema read-only through the whole app, reading a copy migrated in memory, the file untouched', async () => {
    const dir = schema3Project({ wal: true });
    const file = path.join(dir, DB_FILE);
    const before = sha256(file);
    const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false, readOnly: true, signer: null });
    const info = await app.openProject(dir);
    expect(info).toMatchObject({ readOnly: true, schemaVersion: 3 });
    const project = app.requireProject();
    expect(project.datasets.list()).toEqual([]);
    expect(project.jobs.list()).toEqual([]);
    expect(project.store.projectId()).toBeNull();
    expect(verifyLog(project.store, new UserProfiles(tempDir()))).toEqual({ ok: true, entries: 3, anchors: 0 });
    await app.closeProject();
    expect(sha256(file)).toBe(before);
    expect(fs.readFileSync(file).readInt32BE(60)).toBe(3);
  });
});
