import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/app-error-of';
import { batchSizesFor, DEFAULT_BATCH_SIZES, plannedRuns, summariseLatency } from './latency';

interface LatencyCase {
  samples: number[];
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}
const fixtures = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'benchmark-fixtures.json'), 'utf8')) as { latency: LatencyCase[] };

describe('summariseLatency', () => {
  it("gives numpy.percentile's linear-interpolation p50, p95 and p99 and the mean, for 1 to 101 runs", () => {
    expect(fixtures.latency.map((c) => c.samples.length)).toEqual([30, 16, 5, 3, 1, 101]);
    for (const c of fixtures.latency) {
      const point = summariseLatency('cpu', 64, c.samples);
      // the same few additions and one interpolation as numpy: equal to the last bits or nearly
      expect(point.p50Ms).toBeCloseTo(c.p50, 12);
      expect(point.p95Ms).toBeCloseTo(c.p95, 12);
      expect(point.p99Ms).toBeCloseTo(c.p99, 12);
      expect(point.meanMs).toBeCloseTo(c.mean, 12);
      expect(point.runs).toBe(c.samples.length);
    }
  });

  it('counts rows per second at the median latency of the batch', () => {
    const point = summariseLatency('webgpu', 512, [4, 2, 3]);
    expect(point).toMatchObject({ provider: 'webgpu', batchSize: 512, p50Ms: 3, rowsPerSecond: (512 * 1000) / 3 });
  });
});

describe('plannedRuns', () => {
  it('times 30 runs by default, fewer for big batches so that a point feeds at most 65,536 rows, never fewer than 5', () => {
    expect(DEFAULT_BATCH_SIZES.map((b) => plannedRuns(b))).toEqual([30, 30, 30, 30, 16]);
    expect(plannedRuns(65_536)).toBe(5);
  });

  it('times exactly the runs asked for, whatever the batch size', () => {
    expect(plannedRuns(4096, 40)).toBe(40);
  });
});

describe('batchSizesFor', () => {
  it('takes 1, 8, 64, 512 and 4096 by default, capped by the rows a dataset version has', () => {
    expect(batchSizesFor(undefined, null, null)).toEqual([1, 8, 64, 512, 4096]);
    expect(batchSizesFor(undefined, 300, null)).toEqual([1, 8, 64, 300]);
  });

  it('sorts and de-duplicates the sizes asked for, and refuses one larger than the dataset', () => {
    expect(batchSizesFor([64, 1, 64], null, null)).toEqual([1, 64]);
    const e = errorOf(() => batchSizesFor([8, 500], 300, null));
    expect(e.message).toBe("Batch size 500 is larger than the dataset version's 300 rows.");
    expect(e.where).toEqual({ field: 'batchSizes' });
  });

  it('times only the batch a model fixes, and refuses another one asked for, naming both', () => {
    expect(batchSizesFor(undefined, null, 1)).toEqual([1]);
    const e = errorOf(() => batchSizesFor([1, 8], null, 1));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toBe('The model takes batches of exactly 1 rows (its batch dim is fixed), so batch size 8 cannot be timed.');
  });

  it('refuses a dataset version without rows', () => {
    expect(errorOf(() => batchSizesFor(undefined, 0, null)).message).toBe('The dataset version has no rows to time the model on.');
  });
});
