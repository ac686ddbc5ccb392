import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readChunk } from '../datasets/arrow-chunks';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { DatasetsRepo } from '../store/datasets-repo';
import { ColumnCache, openDatasetColumns } from './dataset-columns';

let p: TempProject;
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());

/** Every cell through Arrow's own Vector.get, chunk by chunk: what the fast paths must reproduce. */
function cellByCell(name: string, column: number): unknown[] {
  const repo = new DatasetsRepo(p.store.db);
  const version = repo.version(repo.dataset(name)!.id, 1)!;
  return repo.chunks(version.id)[column].flatMap((blob) => {
    const vec = readChunk(p.store.blobs.get(blob));
    return Array.from({ length: vec.length }, (_, i) => vec.get(i) as unknown);
  });
}

describe('openDatasetColumns', () => {
  it('reads floats, integers, categories, text, booleans and datetimes over several chunks, nulls included, exactly as Arrow returns each cell', async () => {
    // 70,000 rows: two chunks of 65,536, each categorical chunk with its own dictionary order
    const rows = Array.from({ length: 70_000 }, (_, i) => {
      const f = i % 11 === 0 ? '' : (i * 0.37 - 900).toFixed(2);
      const n = i % 13 === 0 ? 'NA' : String((i * 7919) % 100_003);
      const c = i % 17 === 0 ? '' : ['north', 'south', 'east', 'west'][(i < 65_536 ? i : 3 - i) & 3];
      const t = i % 5 === 0 ? '' : `free text ${i}`;
      const b = i % 19 === 0 ? '' : i % 3 === 0 ? 'true' : 'false';
      const d = i % 23 === 0 ? '' : new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
      return [f, n, c, t, b, d].join(',');
    });
    const file = p.file('mixed.csv', `f,n,c,t,b,d\n${rows.join('\n')}\n`);
    await importDataset(p.store, { path: file, fileName: path.basename(file), name: 'mixed' }, quietProgress());
    const data = openDatasetColumns(p.store, 'mixed', 1);
    expect(data.schema.map((c) => c.type)).toEqual(['numeric', 'integer', 'categorical', 'text', 'boolean', 'datetime']);

    data.schema.forEach(({ name }, column) => {
      const read = data.read(name);
      const expected = cellByCell('mixed', column);
      expect(read.values.length).toBe(70_000);
      if (read.kind === 'numeric') expect(Array.from(read.values)).toEqual(expected.map((x) => (x === null ? NaN : Number(x))));
      else expect(read.values).toEqual(expected.map((x) => (x === null ? null : String(x))));
    });
    expect(data.read('f').values[11]).toBeNaN();
    expect(data.read('c').values.slice(65_535, 65_538)).toEqual([null, 'west', 'east']);

    // readRows gives the same values for any range: inside a chunk, across the boundary, backwards, at the end
    for (const [from, to] of [[0, 1_000], [65_000, 66_000], [65_536, 70_000], [10, 65_537], [69_999, 70_000], [0, 70_000]]) {
      for (const { name } of data.schema) expect(data.readRows!(name, from, to).values).toEqual(data.read(name).values.slice(from, to));
    }
  });
});

describe('ColumnCache', () => {
  /** imports `csv` as dataset `name` (version 1) */
  async function imported(name: string, csv: string): Promise<void> {
    const file = p.file(`${name}.csv`, csv);
    await importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
  }
  const rows = (n: number, change = -1) =>
    Array.from({ length: n }, (_, i) => [i === change ? '-1' : (i * 0.5).toFixed(1), i * 3, ['x', 'y', ''][i % 3], `note ${i}`].join(',')).join('\n');

  it('hands the next open of the same content its numeric and categorical columns without decoding them again, the values an uncached read gives', async () => {
    await imported('first', `f,n,c,t\n${rows(1000)}\n`);
    await imported('same', `f,n,c,t\n${rows(1000)}\n`);
    await imported('changed', `f,n,c,t\n${rows(1000, 500)}\n`);
    const cache = new ColumnCache(2 ** 30);
    const first = openDatasetColumns(p.store, 'first', 1, cache);
    const again = openDatasetColumns(p.store, 'first', 1, cache);
    for (const name of ['f', 'n', 'c']) {
      expect(again.read(name)).toBe(first.read(name));
      expect(first.read(name)).toEqual(openDatasetColumns(p.store, 'first', 1).read(name));
    }
    // text is read each time; the same content under another name is the same values; other content is its own
    expect(again.read('t')).not.toBe(first.read('t'));
    expect(openDatasetColumns(p.store, 'same', 1, cache).read('f')).toBe(first.read('f'));
    const changed = openDatasetColumns(p.store, 'changed', 1, cache).read('f');
    expect(changed).not.toBe(first.read('f'));
    expect(changed.values[500]).toBe(-1);
    expect(changed).toEqual(openDatasetColumns(p.store, 'changed', 1).read('f'));
  });

  it('drops the least recently read column first at its bound, and keeps no column larger than the bound', async () => {
    await imported('wide', `a,b,c\n${Array.from({ length: 1000 }, (_, i) => `${i},${i * 2},${i * 3}`).join('\n')}\n`);
    // room for two numeric columns of 1,000 rows
    const data = openDatasetColumns(p.store, 'wide', 1, new ColumnCache(2 * 8 * 1000));
    const a = data.read('a');
    const b = data.read('b');
    expect(data.read('a')).toBe(a);
    data.read('c');
    expect(data.read('a')).toBe(a);
    expect(data.read('b')).not.toBe(b);
    const tiny = openDatasetColumns(p.store, 'wide', 1, new ColumnCache(8 * 1000 - 1));
    expect(tiny.read('a')).not.toBe(tiny.read('a'));
  });
});
