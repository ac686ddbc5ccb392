import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { DatasetsService } from './datasets-service';
import { importDataset } from './import-dataset';
import { countRows, quietProgress, tempProject, type TempProject } from './test-project';

// Types are guessed from a sample of the file's head; these make the sample tiny so later rows disprove the guess,
// and check the result is the very version an import that saw every row first would make.
let p: TempProject;
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());

const SMALL = { sampleBytes: 2048, readChunkBytes: 1024 };

function csv(header: string, rows: string[]): string {
  return `${header}\n${rows.join('\n')}\n`;
}

/** Imports the text with a tiny sample, then with a sample of the whole file: the second must find the first's version. */
async function importBothWays(text: string) {
  const file = p.file('data.csv', text);
  const guessed = await importDataset(p.store, { path: file, fileName: 'data.csv', name: 'd' }, quietProgress(), SMALL);
  const exact = await importDataset(p.store, { path: file, fileName: 'data.csv', name: 'd' }, quietProgress(), { sampleBytes: text.length });
  expect(exact).toEqual({ ...guessed, reused: true });
  const svc = new DatasetsService(p.store);
  return { svc, columns: svc.versions('d')[0].columns.map((c) => c.type), profile: svc.profile('d', 1) };
}

const ints = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `${from + i}`);

describe('one-pass import with types guessed from a sample', () => {
  it('widens a column that looks integer for the sample to numeric when a later row has a fraction, across chunks', async () => {
    const { svc, columns, profile } = await importBothWays(csv('n', [...ints(70_000), '2.5', ...ints(3)]));
    expect(columns).toEqual(['numeric']);
    expect(svc.rows('d', 1, 69_999, 3).rows).toEqual([[69_999], [2.5], [0]]);
    expect(profile.columns[0]).toMatchObject({ count: 70_004, min: 0, max: 69_999 });
    expect(profile.columns[0].histogram!.counts.reduce((a, b) => a + b, 0)).toBe(70_004);
  });

  it('reads the file again when a column that looks integer for the sample later holds text', async () => {
    const { svc, columns } = await importBothWays(csv('n,m', [...ints(3000).map((v) => `${v},${v}`), 'x1,7']));
    expect(columns).toEqual(['text', 'integer']);
    expect(svc.rows('d', 1, 2999, 2).rows).toEqual([['2999', 2999], ['x1', 7]]);
  });

  it('reads the file again when a column with only nulls in the sample later has values', async () => {
    const { svc, columns } = await importBothWays(csv('a,b', [...ints(3000).map((v) => `${v},`), '1,2024-05-06']));
    expect(columns).toEqual(['integer', 'datetime']);
    expect(svc.rows('d', 1, 3000, 1).rows).toEqual([[1, '2024-05-06T00:00:00.000Z']]);
  });

  it('turns a column that looks categorical for the sample into text when later values are mostly distinct', async () => {
    const rows = [...ints(3000).map((v) => `k${Number(v) % 5}`), ...ints(5000).map((v) => `id-${v}`)];
    const { svc, columns, profile } = await importBothWays(csv('s', rows));
    expect(columns).toEqual(['text']);
    expect(svc.rows('d', 1, 2999, 2).rows).toEqual([['k4'], ['id-0']]);
    expect(profile.columns[0]).toMatchObject({ count: 8000, distinct: 5005 });
  });

  it('turns a column that looks like text for the sample into categorical when its values then repeat', async () => {
    const rows = [...ints(800).map((v) => `v${v}`), ...ints(20_000).map((v) => `v${Number(v) % 800}`), 'NA'];
    const { svc, columns, profile } = await importBothWays(csv('s', rows));
    expect(columns).toEqual(['categorical']);
    expect(svc.rows('d', 1, 20_799, 2).rows).toEqual([['v799'], [null]]);
    expect(profile.columns[0]).toMatchObject({ count: 20_801, nulls: 1, distinct: 800 });
  });

  it('names the line of a ragged row past the sample and stores nothing', async () => {
    const file = p.file('r.csv', csv('a,b', [...ints(3000).map((v) => `${v},${v}`), '1,2,3']));
    try {
      await importDataset(p.store, { path: file, fileName: 'r.csv', name: 'r' }, quietProgress(), SMALL);
      expect.unreachable();
    } catch (e) {
      expect((e as AppFailure).error).toMatchObject({ code: 'CSV_RAGGED_ROW', where: { file: 'r.csv', line: 3002, column: 3 } });
    }
    expect(countRows(p.store, 'dataset_versions')).toBe(0);
    expect(countRows(p.store, 'dataset_chunks')).toBe(0);
  });
});
