// A write stopped part way by the disk reaches the user as DISK_FULL naming the file, with nothing half-written left.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/temp-project';

const bin = fileURLToPath(new URL('../../../bin/airlock.mjs', import.meta.url));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real CLI in a child process under `ulimit -f` (KiB): a write past the limit fails with EFBIG, as on a full disk.
 * Node ignores SIGXFSZ (the signal that would otherwise kill the process), so the error reaches our code.
 */
async function airlock(limitKiB: number | null, dataDir: string, ...args: string[]): Promise<Outcome> {
  const command = limitKiB === null ? [process.execPath, bin, ...args] : ['bash', '-c', `ulimit -f ${limitKiB}; exec "$0" "$@"`, process.execPath, bin, ...args];
  try {
    const { stdout, stderr } = await promisify(execFile)(command[0], command.slice(1), { env: { ...process.env, AIRLOCK_DATA_DIR: dataDir } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as Outcome;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath, d.name));
}

describe('out of space mid-write', () => {
  it('reports a CLI import stopped by the file size limit as one DISK_FULL line naming the blob, and stores nothing', async () => {
    const root = tempDir();
    const project = path.join(root, 'proj');
    expect((await airlock(null, root, 'init', project)).code).toBe(0);
    // 200,000 rows: each column chunk (65,536 float64 values, 512 KiB) is past a 256 KiB limit; the database stays under it
    const lines = ['id,value,ratio'];
    for (let i = 0; i < 200_000; i++) lines.push(`${i},${(i * 1.37) % 1000},${((i * 7) % 13) / 3}`);
    const csv = path.join(root, 'data.csv');
    fs.writeFileSync(csv, `${lines.join('\n')}\n`);
    const before = filesUnder(project).filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm'));

    const r = await airlock(256, root, 'dataset', 'import', csv, '--name', 'measurements', '--project', project);
    expect(r.code).toBe(1);
    const stderr = r.stderr.split('\n').filter((l) => l.startsWith('airlock: '));
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(new RegExp(`^airlock: DISK_FULL: The file size limit was reached writing ${path.join(project, 'blobs')}/[0-9a-f]{2}/[0-9a-f]{64}: nothing was stored\\.`));
    expect(r.stderr).not.toMatch(/INTERNAL|EFBIG|\n\s+at /);

    // nothing half-written: no temp blob, no new blob, and the project lists no dataset and no import in its log
    expect(filesUnder(project).filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm'))).toEqual(before);
    const list = await airlock(null, root, 'dataset', 'list', '--project', project, '--json');
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect((await airlock(null, root, 'verify-log', '--project', project, '--json')).code).toBe(0);
  }, 120_000);

  it('leaves no temp file beside the target when an atomic write hits the file size limit, and names the target', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'recent.json');
    fs.writeFileSync(target, 'old');
    const module = fileURLToPath(new URL('./atomic-write.ts', import.meta.url));
    const script = `const { writeFileAtomic } = await import(${JSON.stringify(module)});
      try { writeFileAtomic(${JSON.stringify(target)}, Buffer.alloc(200_000, 120)); } catch (e) { console.log(JSON.stringify({ code: e.code, path: e.path })); }`;
    const { stdout } = await promisify(execFile)('bash', ['-c', 'ulimit -f 64; exec "$0" "$@"', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script]);
    expect(JSON.parse(stdout)).toEqual({ code: 'EFBIG', path: target });
    expect(fs.readdirSync(dir)).toEqual(['recent.json']);
    expect(fs.readFileSync(target, 'utf8')).toBe('old');
  });
});
