// Child process for wide-csv.test.ts: imports a generated wide CSV into a fresh project and prints the peak memory it took.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toAppError } from '../../shared/errors';
import { ProjectStore } from '../store/project-store';
import { importDataset } from './import-dataset';

const [columns, rows] = process.argv.slice(2).map(Number);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-wide-'));
const file = path.join(dir, 'wide.csv');
const cells = (r: number): string => Array.from({ length: columns }, (_, c) => (c % 3 === 0 ? `v${(c + r) % 7}` : String(c * r))).join(',');
const lines = [Array.from({ length: columns }, (_, c) => `col_${c}`).join(',')];
for (let r = 1; r <= rows; r++) lines.push(cells(r));
fs.writeFileSync(file, `${lines.join('\n')}\n`);

const store = ProjectStore.create(path.join(dir, 'project'), { appVersion: 'test', actor: 'tester' });
const base = process.memoryUsage();
let peak = 0;
const sample = (): void => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.heapUsed + m.arrayBuffers - base.heapUsed - base.arrayBuffers);
};
const timer = setInterval(sample, 10);
importDataset(store, { path: file, fileName: 'wide.csv', name: 'wide' }, { progress: sample, checkCancelled: sample })
  .then(
    (result) => ({ result }),
    (e: unknown) => ({ error: toAppError(e) }),
  )
  .then((outcome) => {
    clearInterval(timer);
    sample();
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(JSON.stringify({ ...outcome, peakBytes: peak }));
  });
