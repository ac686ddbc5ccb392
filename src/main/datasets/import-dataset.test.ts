import fs from 'node:fs';
import path from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { rejectionOf } from '../test-support/app-error-of';
import { importDataset, type ImportProgress } from './import-dataset';
import { countRows, quietProgress, tempProject, type TempProject } from './test-project';
import { DatasetsService } from './datasets-service';

let p: TempProject;
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());

async function importText(name: string, fileName: string, content: string | Uint8Array, options = {}) {
  const file = p.file(fileName, content);
  return importDataset(p.store, { path: file, fileName, name }, quietProgress(), options);
}

function expectNothingStored(): void {
  expect(countRows(p.store, 'datasets')).toBe(0);
  expect(countRows(p.store, 'dataset_versions')).toBe(0);
  expect(countRows(p.store, 'dataset_chunks')).toBe(0);
  expect(countRows(p.store, 'audit_log')).toBe(1); // project.create only
}

describe('importDataset', () => {
  it('imports a CSV with a header and infers every column type', async () => {
    const csv = 'id,price,ok,when,colour,note\n1,1.5,true,2024-01-02,red,hello\n2,2.25,false,2024-01-03T10:00:00Z,blue,"a, b"\n3,NA,yes,2024-01-04,red,"say ""hi"""\n4,4,no,,red,x\n';
    const r = await importText('shop', 'shop.csv', csv);
    expect(r).toMatchObject({ dataset: 'shop', version: 1, rows: 4, columns: 6, reused: false });
    const svc = new DatasetsService(p.store);
    const [v] = svc.versions('shop');
    expect(v.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'price', type: 'numeric' },
      { name: 'ok', type: 'boolean' },
      { name: 'when', type: 'datetime' },
      { name: 'colour', type: 'categorical' },
      { name: 'note', type: 'text' },
    ]);
    expect(v.sourceFormat).toBe('csv');
    expect(svc.rows('shop', 1, 0, 10).rows).toEqual([
      [1, 1.5, true, '2024-01-02T00:00:00.000Z', 'red', 'hello'],
      [2, 2.25, false, '2024-01-03T10:00:00.000Z', 'blue', 'a, b'],
      [3, null, true, '2024-01-04T00:00:00.000Z', 'red', 'say "hi"'],
      [4, 4, false, null, 'red', 'x'],
    ]);
  });

  it.each([
    ['tab', '\t', 'tsv'],
    ['semicolon', ';', 'csv'],
    ['pipe', '|', 'csv'],
  ])('detects a %s delimiter', async (_label, d, format) => {
    const text = ['a', 'b', 'c'].join(d) + '\n' + ['1', 'x,y', '3.5'].join(d) + '\n' + ['2', 'z', '4'].join(d) + '\n';
    await importText('delims', 'd.txt', text);
    const [v] = new DatasetsService(p.store).versions('delims');
    expect(v.columns.map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(v.sourceFormat).toBe(format);
    expect(new DatasetsService(p.store).rows('delims', 1, 0, 5).rows[0]).toEqual([1, 'x,y', 3.5]);
  });

  it('names the columns itself when the first row is data, not a header', async () => {
    await importText('nohead', 'n.csv', '1,2.5,true\n3,4.5,false\n');
    const svc = new DatasetsService(p.store);
    expect(svc.versions('nohead')[0].columns.map((c) => c.name)).toEqual(['column_1', 'column_2', 'column_3']);
    expect(svc.versions('nohead')[0].rows).toBe(2);
  });

  it('treats NA, N/A, null, NaN, None and empty cells as nulls', async () => {
    await importText('nulls', 'n.csv', 'x\n1\nNA\nN/A\nnull\nNaN\nNone\n\n""\n2\n');
    const col = new DatasetsService(p.store).profile('nulls', 1).columns[0];
    expect(col).toMatchObject({ type: 'integer', count: 8, nulls: 6, min: 1, max: 2, mean: 1.5 });
  });

  it('stores a profile with exact statistics for a small column', async () => {
    const values = Array.from({ length: 101 }, (_, i) => i);
    await importText('stats', 's.csv', 'v,c\n' + values.map((v) => `${v},${v % 3 === 0 ? 'a' : 'b'}`).join('\n') + '\n');
    const [v, c] = new DatasetsService(p.store).profile('stats', 1).columns;
    expect(v).toMatchObject({ type: 'integer', count: 101, nulls: 0, distinct: 101, min: 0, max: 100, mean: 50 });
    expect(v.std).toBeCloseTo(29.3002, 3);
    expect(v.quantiles).toEqual([0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99].map((q) => ({ p: q, value: q * 100 })));
    expect(v.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(101);
    expect(v.histogram!.edges).toHaveLength(31);
    expect(c).toMatchObject({ type: 'categorical', distinct: 2, top: [{ value: 'b', count: 67 }, { value: 'a', count: 34 }] });
  });

  it('returns the existing version, marked reused, when the same content is imported again', async () => {
    const first = await importText('same', 'a.csv', 'a,b\n1,x\n2,y\n');
    const again = await importText('same', 'b.csv', 'a;b\r\n1;x\r\n2;y\r\n');
    expect(again).toEqual({ ...first, reused: true });
    expect(countRows(p.store, 'dataset_versions')).toBe(1);
  });

  it('makes a changed file the next version and shares the chunks that did not change', async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `${i},${i % 7},name${i}`).join('\n');
    await importText('grow', 'g.csv', `id,k,name\n${rows(70_000)}\n`);
    const second = await importText('grow', 'g.csv', `id,k,name\n${rows(140_000)}\n`);
    expect(second).toMatchObject({ version: 2, rows: 140_000, reused: false });
    const chunks = (v: number) =>
      p.store.db.prepare('SELECT column_index, chunk_index, blob FROM dataset_chunks WHERE version_id = ? ORDER BY 1, 2').all(`grow@${v}`) as { chunk_index: number; blob: string }[];
    const v1 = chunks(1);
    const v2 = chunks(2);
    const firstFull = (list: typeof v1) => list.filter((c) => c.chunk_index === 0).map((c) => c.blob);
    expect(firstFull(v2)).toEqual(firstFull(v1));
    expect(new Set(v2.map((c) => c.blob)).size).toBe(9); // 3 columns x 3 chunks
  });

  it('imports a Parquet file into the same version its CSV twin makes', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: new Int32Array([1, 2, 3]), type: 'INT32' },
        { name: 'score', data: [0.5, null, 2.25], type: 'DOUBLE' },
        { name: 'label', data: ['a', 'b', 'a'], type: 'STRING' },
      ],
    });
    const fromParquet = await importText('pq', 'data.parquet', new Uint8Array(parquet));
    const fromCsv = await importText('pq', 'data.csv', 'id,score,label\n1,0.5,a\n2,,b\n3,2.25,a\n');
    expect(fromParquet).toMatchObject({ rows: 3, columns: 3, reused: false });
    expect(fromCsv).toEqual({ ...fromParquet, reused: true });
    expect(new DatasetsService(p.store).versions('pq')[0].sourceFormat).toBe('parquet');
  });

  it('reports progress by bytes read, ending at 1', async () => {
    const seen: number[] = [];
    const file = p.file('prog.csv', 'a,b\n' + '1,2\n'.repeat(50_000));
    await importDataset(p.store, { path: file, fileName: 'prog.csv', name: 'prog' }, quietProgress((f) => seen.push(f)), { readChunkBytes: 16_384 });
    expect(seen.length).toBeGreaterThan(10);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(seen.at(-1)).toBe(1);
  });

  it('writes one audit entry for the import, naming the version', async () => {
    await importText('audited', 'a.csv', 'a\n1\n');
    const entry = p.store.audit.list(1)[0];
    expect(entry).toMatchObject({ action: 'dataset.import', target: 'dataset:audited@1' });
  });
});

describe('importDataset refuses bad input and stores nothing', () => {
  it('rejects an empty file', async () => {
    expect(await rejectionOf(importText('e', 'empty.csv', ''))).toMatchObject({ code: 'FILE_EMPTY', where: { file: 'empty.csv' } });
    expectNothingStored();
  });

  it('rejects a missing file', async () => {
    const err = await rejectionOf(importDataset(p.store, { path: path.join(p.dir, 'nope.csv'), fileName: 'nope.csv', name: 'x' }, quietProgress()));
    expect(err.code).toBe('FILE_NOT_FOUND');
    expectNothingStored();
  });

  it('rejects a binary file with NUL bytes', async () => {
    const bytes = Buffer.from('a,b\n1,2\n\u0000\u0001\u0002garbage');
    expect(await rejectionOf(importText('bin', 'data.bin', bytes))).toMatchObject({ code: 'FILE_BINARY' });
    expectNothingStored();
  });

  it('rejects NUL bytes that only appear deep in the file', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n' + '1,2\n'.repeat(100_000)), Buffer.from([0, 0, 0, 10])]);
    expect(await rejectionOf(importText('bin2', 'late.csv', bytes, { readChunkBytes: 65_536 }))).toMatchObject({ code: 'FILE_BINARY' });
    expectNothingStored();
  });

  it('rejects a CSV whose line 3 has more fields than the header, naming the line', async () => {
    const err = await rejectionOf(importText('r', 'ragged.csv', 'a,b,c\n1,2,3\n4,5,6,7\n'));
    expect(err).toMatchObject({ code: 'CSV_RAGGED_ROW', where: { file: 'ragged.csv', line: 3, column: 4 } });
    expect(err.message).toContain('line 3 has 4 fields but the header has 3');
    expectNothingStored();
  });

  it('rejects a CSV whose line 4 has fewer fields than the header, naming the missing column', async () => {
    const err = await rejectionOf(importText('r', 'short.csv', 'a,b,c\n1,2,3\n4,5,6\n7,8\n'));
    expect(err).toMatchObject({ code: 'CSV_RAGGED_ROW', where: { line: 4, column: 3, field: 'c' } });
    expectNothingStored();
  });

  it('rejects an unterminated quote, naming the line and column where it opened', async () => {
    const err = await rejectionOf(importText('q', 'quote.csv', 'a,b\n1,2\n3,"open\n5,6\n'));
    expect(err).toMatchObject({ code: 'CSV_BAD_QUOTE', where: { file: 'quote.csv', line: 3, column: 2, field: 'b' } });
    expect(err.message).toContain('never closed');
    expectNothingStored();
  });

  it('rejects a stray quote inside an unquoted field, naming line and column', async () => {
    const err = await rejectionOf(importText('q', 'stray.csv', 'a,b\n1,2\n3,ab"c\n'));
    expect(err).toMatchObject({ code: 'CSV_BAD_QUOTE', where: { line: 3, column: 2, field: 'b' } });
    expect(err.message).toContain('character 5');
    expectNothingStored();
  });

  it('rejects invalid UTF-8, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,ok\n2,caf'), Buffer.from([0xe9]), Buffer.from('\n3,x\n')]);
    const err = await rejectionOf(importText('u', 'latin1.csv', bytes));
    expect(err).toMatchObject({ code: 'FILE_ENCODING', where: { file: 'latin1.csv', line: 3 } });
    expectNothingStored();
  });

  it('rejects invalid UTF-8 far past the sniffed head, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n' + '1,ok\n'.repeat(100_000)), Buffer.from([0xc3, 0x28, 10])]);
    const err = await rejectionOf(importText('u', 'late.csv', bytes, { readChunkBytes: 65_536 }));
    expect(err).toMatchObject({ code: 'FILE_ENCODING', where: { line: 100_002 } });
  });

  it('rejects duplicate header names, naming both columns', async () => {
    const err = await rejectionOf(importText('d', 'dup.csv', 'id,name,id\n1,a,2\n'));
    expect(err).toMatchObject({ code: 'CSV_DUPLICATE_HEADER', where: { line: 1, column: 3, field: 'id' } });
    expect(err.message).toContain('columns 1 and 3');
    expectNothingStored();
  });

  it('rejects a zip archive (an Excel workbook) as an unsupported format', async () => {
    expect(await rejectionOf(importText('x', 'book.xlsx', Buffer.from('PK\u0003\u0004rest-of-zip')))).toMatchObject({ code: 'UNSUPPORTED_FORMAT' });
  });

  it('rejects a broken Parquet file', async () => {
    expect(await rejectionOf(importText('x', 'bad.parquet', Buffer.from('PAR1 this is not parquet at all PAR1')))).toMatchObject({ code: 'PARQUET_INVALID' });
    expectNothingStored();
  });

  it('stops with FILE_VANISHED when the file is deleted during the import', async () => {
    const file = p.file('gone.csv', 'a,b\n' + '1,2\n'.repeat(200_000));
    const ctx: ImportProgress = {
      progress: (f) => {
        if (f > 0.1 && fs.existsSync(file)) fs.rmSync(file);
      },
      checkCancelled: () => undefined,
    };
    expect(await rejectionOf(importDataset(p.store, { path: file, fileName: 'gone.csv', name: 'gone' }, ctx, { readChunkBytes: 65_536 }))).toMatchObject({
      code: 'FILE_VANISHED',
    });
    expectNothingStored();
  });

  it('stops with FILE_VANISHED when the file is rewritten between the two passes', async () => {
    const file = p.file('moving.csv', 'a,b\n' + '1,2\n'.repeat(50_000));
    let rewritten = false;
    const ctx: ImportProgress = {
      progress: (f, message) => {
        if (!rewritten && message.startsWith('Encoding')) {
          rewritten = true;
          fs.writeFileSync(file, 'a,b\n' + '3,4\n'.repeat(60_000));
        }
        void f;
      },
      checkCancelled: () => undefined,
    };
    expect(await rejectionOf(importDataset(p.store, { path: file, fileName: 'moving.csv', name: 'm' }, ctx, { readChunkBytes: 65_536 }))).toMatchObject({ code: 'FILE_VANISHED' });
    expectNothingStored();
  });

  it('stores nothing when the disk is full', async () => {
    const full = tempProject({ reserveBytes: Number.MAX_SAFE_INTEGER });
    try {
      const file = full.file('d.csv', 'a,b\n1,2\n');
      expect(await rejectionOf(importDataset(full.store, { path: file, fileName: 'd.csv', name: 'd' }, quietProgress()))).toMatchObject({ code: 'DISK_FULL' });
      expect(countRows(full.store, 'dataset_versions')).toBe(0);
      expect(countRows(full.store, 'audit_log')).toBe(1);
    } finally {
      full.cleanup();
    }
  });

  it('stores nothing when cancelled', async () => {
    const file = p.file('c.csv', 'a,b\n' + '1,2\n'.repeat(100_000));
    let calls = 0;
    const ctx: ImportProgress = {
      progress: () => undefined,
      checkCancelled: () => {
        if (++calls === 3) throw new AppFailure({ code: 'JOB_CANCELLED', message: 'cancelled' });
      },
    };
    expect(await rejectionOf(importDataset(p.store, { path: file, fileName: 'c.csv', name: 'c' }, ctx, { readChunkBytes: 65_536 }))).toMatchObject({ code: 'JOB_CANCELLED' });
    expectNothingStored();
  });
});
