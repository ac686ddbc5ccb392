import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DatasetsService } from './datasets-service';
import { importDataset } from './import-dataset';
import { tempProject, type TempProject } from './test-project';

// A file far larger than the memory the import may take grows no buffers with it: memory stays flat as bytes stream.
const TARGET_BYTES = 120e6;
let p: TempProject;
let file: string;
let rows = 0;

beforeAll(() => {
  p = tempProject();
  file = p.file('large.csv', 'id,value,group,label\n');
  const fd = fs.openSync(file, 'a');
  let written = 0;
  while (written < TARGET_BYTES) {
    let block = '';
    for (let i = 0; i < 50_000; i++, rows++) block += `${rows},${(rows % 1000) / 8},g${rows % 20},label number ${rows % 50_000}\n`;
    written += fs.writeSync(fd, block);
  }
  fs.closeSync(fd);
});
afterAll(() => p.cleanup());

it('streams a large CSV with bounded memory and stores every row', async () => {
  global.gc?.();
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss;
  let peakHeap = baseline.heapUsed;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const result = await importDataset(p.store, { path: file, fileName: 'large.csv', name: 'large' }, { progress: sample, checkCancelled: sample });
  expect(result.rows).toBe(rows);
  // Row hashes (8 bytes a row) are the only thing that grows with the file; everything else is per chunk.
  const budget = 200e6 + rows * 8;
  expect(peakRss - baseline.rss).toBeLessThan(budget);
  expect(peakHeap - baseline.heapUsed).toBeLessThan(budget);
  expect(new DatasetsService(p.store).rows('large', 1, rows - 1, 1).rows).toEqual([[rows - 1, ((rows - 1) % 1000) / 8, `g${(rows - 1) % 20}`, `label number ${(rows - 1) % 50_000}`]]);
}, 60_000);
