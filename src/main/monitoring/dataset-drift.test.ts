import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { errorOf } from '../test-support/app-error-of';
import { chiSquareTest } from './chi-square';
import { datasetDrift } from './dataset-drift';
import { ksTwoSample } from './ks-two-sample';
import { proportionZTest } from './proportion-z-test';

let p: TempProject;
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());

async function importCsv(name: string, header: string, rows: string[]): Promise<void> {
  const file = p.file(`${name}-${Math.random().toString(16).slice(2)}.csv`, `${header}\n${rows.join('\n')}\n`);
  await importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
}

const COLOURS = ['red', 'green', 'blue'];
const N = 300;
// reference: shift = 0..299 scrambled, stable = i % 50, colour cycles red/green/blue, gone only here
const referenceRows = Array.from({ length: N }, (_, i) => `${(i * 7) % N},${i % 50},${COLOURS[i % 3]},${i}`);
// current: shift moved up by 60, stable unchanged, colour gains 'violet' on every tenth row, added only here
const currentRows = Array.from({ length: N }, (_, i) => `${((i * 7) % N) + 60},${i % 50},${i % 10 === 0 ? 'violet' : COLOURS[i % 3]},${-i}`);

describe('datasetDrift on stored dataset versions', () => {
  it('detects a shifted numeric column and a new category, not an unchanged column, with the statistics the underlying tests give, and lists columns only one side has', async () => {
    await importCsv('train', 'shift,stable,colour,gone', referenceRows);
    await importCsv('prod', 'shift,stable,colour,added', currentRows);
    const report = datasetDrift(p.store, { dataset: 'train', version: 1 }, { dataset: 'prod', version: 1 });

    expect(report).toMatchObject({ reference: 'train@1', current: 'prod@1', onlyInReference: ['gone'], onlyInCurrent: ['added'], incompatible: [] });
    const byName = new Map(report.columns.map((c) => [c.column, c]));
    expect([...byName.keys()]).toEqual(['shift', 'stable', 'colour']);

    const shift = byName.get('shift')!;
    const ks = ksTwoSample(
      Float64Array.from({ length: N }, (_, i) => (i * 7) % N),
      Float64Array.from({ length: N }, (_, i) => ((i * 7) % N) + 60),
    );
    expect(shift).toMatchObject({ type: 'integer', test: 'ks', statistic: ks.statistic, pValue: ks.pValue, drift: true, outOfRange: { below: 0, above: 60 }, missingRef: 0, missingCur: 0, missingDrift: false });

    expect(byName.get('stable')).toMatchObject({ test: 'ks', statistic: 0, pValue: 1, drift: false, outOfRange: { below: 0, above: 0 } });

    const colour = byName.get('colour')!;
    expect(colour).toMatchObject({ type: 'categorical', test: 'chisquare', drift: true, newCategories: ['violet'] });
    const currentColours = Array.from({ length: N }, (_, i) => (i % 10 === 0 ? 'violet' : COLOURS[i % 3]));
    const count = (c: string) => currentColours.filter((x) => x === c).length;
    expect(colour.statistic).toBe(chiSquareTest([count('red'), count('green'), count('blue'), count('violet')], [100, 100, 100, 0]).statistic);

    expect(report).toMatchObject({ testedColumns: 3, driftedColumns: 2, driftShare: 0.5, datasetDrift: true });
    expect(report.share).toBeCloseTo(2 / 3, 15);
  });

  it('takes a configurable drift share and per-column overrides, and refuses an override for a column one side lacks', async () => {
    await importCsv('train', 'shift,stable,colour,gone', referenceRows);
    await importCsv('train', 'shift,stable,colour,added', currentRows);
    const strict = datasetDrift(p.store, { dataset: 'train', version: 1 }, { dataset: 'train', version: 2 }, { driftShare: 0.9, overrides: { stable: { test: 'wasserstein', threshold: 0.5 } } });
    expect(strict.columns.find((c) => c.column === 'stable')).toMatchObject({ test: 'wasserstein', threshold: 0.5, statistic: 0, drift: false });
    expect(strict).toMatchObject({ driftedColumns: 2, driftShare: 0.9, datasetDrift: false });
    expect(errorOf(() => datasetDrift(p.store, { dataset: 'train', version: 1 }, { dataset: 'train', version: 2 }, { overrides: { gone: { test: 'ks' } } }))).toMatchObject({
      code: 'BAD_INPUT',
      message: "A drift test is set for column 'gone', which train@1 and train@2 do not both have.",
    });
    expect(errorOf(() => datasetDrift(p.store, { dataset: 'train', version: 1 }, { dataset: 'train', version: 3 }))).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^Dataset 'train' has no version 3/) });
  });

  it('compares a boolean column as two categories with the Z-test and counts its empty cells as missing', async () => {
    // an id column keeps rows with an empty flag from being blank lines
    await importCsv('flags', 'id,flag', Array.from({ length: 100 }, (_, i) => `${i},${i % 2 === 0 ? 'true' : 'false'}`));
    await importCsv('flags', 'id,flag', Array.from({ length: 100 }, (_, i) => `${i},${i < 30 ? '' : i % 5 === 0 ? 'false' : 'true'}`));
    const [, flag] = datasetDrift(p.store, { dataset: 'flags', version: 1 }, { dataset: 'flags', version: 2 }).columns;
    // current: 70 non-null, 14 of them false (i = 30, 35, ..., 95)
    expect(flag).toMatchObject({ type: 'boolean', test: 'z', pValue: proportionZTest(50, 100, 56, 70).pValue, drift: true, missingRef: 0, missingCur: 0.3, missingDrift: true, newCategories: [] });
  });

  it('lists a column whose type differs between the versions instead of testing it', async () => {
    await importCsv('a', 'x,y', ['1,p', '2,q', '3,r']);
    await importCsv('b', 'x,y', ['u,1', 'v,2', 'w,3']);
    const report = datasetDrift(p.store, { dataset: 'a', version: 1 }, { dataset: 'b', version: 1 });
    expect(report.columns).toEqual([]);
    expect(report.incompatible.map((c) => c.column)).toEqual(['x', 'y']);
    expect(report).toMatchObject({ testedColumns: 0, share: 0, datasetDrift: false });
  });
});
