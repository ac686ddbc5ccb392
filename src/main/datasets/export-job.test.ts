import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/domain';
import { JobRunner } from '../jobs/job-runner';
import { importDataset } from './import-dataset';
import { quietProgress, tempProject, type TempProject } from './test-project';

let p: TempProject;
let jobs: JobRunner;
let updates: JobInfo[];
let out: string;
beforeEach(() => {
  p = tempProject();
  updates = [];
  jobs = new JobRunner(p.store, { appVersion: 'test', onUpdate: (j) => updates.push(j) });
  out = path.join(p.dir, 'out');
  fs.mkdirSync(out);
});
afterEach(async () => {
  await jobs.close();
  p.cleanup();
});

async function importRows(name: string, rows: number) {
  const body = Array.from({ length: rows }, (_, i) => `${i},${(i * 0.25).toFixed(2)},label ${i % 5}`).join('\n');
  return importDataset(p.store, { path: p.file(`${name}.csv`, `id,value,label\n${body}\n`), fileName: `${name}.csv`, name }, quietProgress());
}

const exportInput = (target: string, overwrite = false) => ({ dataset: 'm', version: 1, path: target, shown: path.basename(target), overwrite, downloadId: null });
const exportEntries = () => p.store.audit.list(100).filter((e) => e.action === 'dataset.export');

describe("the 'dataset.export' job", () => {
  it('writes the CSV in a worker thread, reports progress, and records dataset, version, rows, destination and SHA-256 in the audit log', async () => {
    const imported = await importRows('m', 150_000);
    const target = path.join(out, 'm-v1.csv');
    const done = await jobs.wait(jobs.submit('dataset.export', 'Export m@1', exportInput(target)).id, 60_000);
    expect(done.state).toBe('succeeded');

    const bytes = fs.readFileSync(target);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(done.result).toEqual({ dataset: 'm', version: 1, rows: 150_000, bytes: bytes.length, sha256, destination: 'm-v1.csv', downloadId: null });
    expect(fs.readdirSync(out)).toEqual(['m-v1.csv']);
    // the bytes are the version: importing them back gives the same content hash
    const again = await importDataset(p.store, { path: target, fileName: 'm-v1.csv', name: 'm' }, quietProgress());
    expect(again).toEqual({ ...imported, reused: true });

    const [entry] = exportEntries();
    expect(entry).toMatchObject({ target: 'dataset:m@1', details: { dataset: 'm', version: 1, rows: 150_000, bytes: bytes.length, sha256, destination: 'm-v1.csv' } });
    expect(p.store.audit.verify().ok).toBe(true);
    expect(updates.some((u) => u.id === done.id && u.state === 'running' && u.fraction > 0 && u.fraction < 1)).toBe(true);
  });

  it('is cancelled midway with no file, no temp file and no audit entry left', async () => {
    await importRows('m', 400_000);
    const target = path.join(out, 'm-v1.csv');
    const job = jobs.submit('dataset.export', 'Export m@1', exportInput(target));
    // cancel as soon as the first rows are reported written
    const started = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (updates.some((u) => u.id === job.id && u.fraction > 0)) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await started;
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id, 60_000);
    expect(done.state).toBe('cancelled');
    expect(fs.readdirSync(out)).toEqual([]);
    expect(exportEntries()).toEqual([]);
  });

  it('fails without touching a file that exists, unless overwrite was given', async () => {
    await importRows('m', 10);
    const target = path.join(out, 'keep.csv');
    fs.writeFileSync(target, 'precious\n');
    const refused = await jobs.wait(jobs.submit('dataset.export', 'Export m@1', exportInput(target)).id, 60_000);
    expect(refused).toMatchObject({ state: 'failed', error: { code: 'FILE_EXISTS', where: { file: target } } });
    expect(fs.readFileSync(target, 'utf8')).toBe('precious\n');
    expect(exportEntries()).toEqual([]);

    const replaced = await jobs.wait(jobs.submit('dataset.export', 'Export m@1', exportInput(target, true)).id, 60_000);
    expect(replaced.state).toBe('succeeded');
    expect(fs.readFileSync(target, 'utf8').startsWith('id,value,label\n0,0.0,label 0\n')).toBe(true);
    expect(exportEntries()).toHaveLength(1);
  });
});
