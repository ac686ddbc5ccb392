import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { ProjectStore } from '../store/project-store';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

const cli = fileURLToPath(new URL('../../../bin/airlock.mjs', import.meta.url));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in its own process. */
function airlock(args: string[]): { done: Promise<Exit>; running: () => boolean } {
  const proc = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exited = false;
  proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Exit>((resolve) =>
    proc.on('exit', (code) => {
      exited = true;
      resolve({ code, stdout, stderr });
    }),
  );
  return { done, running: () => !exited };
}

function newProject(): string {
  const dir = path.join(tempDir(), 'project');
  ProjectStore.create(dir, testStoreOptions).close();
  return dir;
}

function writeCsv(rows: number, seed: number): string {
  const file = path.join(tempDir(), `data-${seed}.csv`);
  const lines = ['id,value,group,note'];
  for (let i = 0; i < rows; i++) lines.push(`${i},${((i + seed) * 0.37) % 101},g${(i + seed) % 7},n${i % 1000}`);
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/** Every job's state as another process sees it, read straight from the file without touching it. */
function jobStates(projectDir: string): { kind: string; state: string }[] {
  const db = new Database(path.join(projectDir, 'project.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT kind, state FROM jobs ORDER BY created_at').all() as { kind: string; state: string }[];
  } finally {
    db.close();
  }
}

describe('several processes on one project', () => {
  it("a CLI command run while another process imports leaves that import's job running, and it ends succeeded", async () => {
    const project = newProject();
    const csv = writeCsv(1_500_000, 1);
    const importer = airlock(['dataset', 'import', csv, '--project', project, '--name', 'big', '--json']);
    const seen = new Set<string>();
    const watch = setInterval(() => {
      for (const j of jobStates(project)) seen.add(j.state);
    }, 100);
    try {
      await vi.waitUntil(() => jobStates(project).some((j) => j.state === 'running'), 60_000);

      const list = await airlock(['dataset', 'list', '--project', project, '--json']).done;
      expect(list.code).toBe(0);
      // the import must still be going, or this proved nothing
      expect(importer.running()).toBe(true);
      expect(jobStates(project)).toEqual([{ kind: 'dataset.import', state: 'running' }]);

      const imported = await importer.done;
      expect(imported).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(imported.stdout)).toMatchObject({ dataset: 'big', rows: 1_500_000 });
    } finally {
      clearInterval(watch);
    }
    expect(jobStates(project)).toEqual([{ kind: 'dataset.import', state: 'succeeded' }]);
    expect(seen.has('interrupted')).toBe(false);
    expect(fs.readdirSync(path.join(project, 'blobs', 'tmp'))).toEqual([]);
  }, 180_000);

  it('six CLI imports started at once into one project all land', async () => {
    const project = newProject();
    const files = [1, 2, 3, 4, 5, 6].map((seed) => writeCsv(300_000, seed));
    const seen = new Set<string>();
    const watch = setInterval(() => {
      for (const j of jobStates(project)) seen.add(j.state);
    }, 100);
    const results = await Promise.all(files.map((f, i) => airlock(['dataset', 'import', f, '--project', project, '--name', `d${i + 1}`, '--json']).done));
    clearInterval(watch);
    for (const r of results) expect(r).toMatchObject({ code: 0, stderr: '' });
    // each process's open saw the others' jobs running: none may have been taken for a crash's leftovers
    expect(seen.has('interrupted')).toBe(false);

    const list = await airlock(['dataset', 'list', '--project', project, '--json']).done;
    const names = (JSON.parse(list.stdout) as { name: string }[]).map((d) => d.name).sort();
    expect(names).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
    expect(jobStates(project).map((j) => j.state)).toEqual(Array(6).fill('succeeded'));
  }, 300_000);

  it('mutations that read before they write, committed by three processes at once, all land', async () => {
    const project = newProject();
    const fixture = fileURLToPath(new URL('../test-support/mutate-loop.fixture.ts', import.meta.url));
    const runs = await Promise.all(
      ['a', 'b', 'c'].map(
        (actor) =>
          new Promise<string>((resolve) => {
            const proc = spawn(process.execPath, ['--import', 'tsx', fixture, project, '150', actor], { stdio: ['ignore', 'pipe', 'inherit'] });
            let out = '';
            proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
            proc.on('exit', () => resolve(out));
          }),
      ),
    );
    expect(runs.map((r) => JSON.parse(r) as unknown)).toEqual(Array(3).fill({ failed: 0, first: null }));
    const store = ProjectStore.open(project, testStoreOptions);
    expect(store.db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'test.concurrent'").pluck().get()).toBe(450);
    expect(store.audit.verify().ok).toBe(true);
    store.close();
  }, 120_000);
});
