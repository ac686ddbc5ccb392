import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { writeCsv } from './csv-export';
import { DatasetsService } from './datasets-service';
import { importDataset } from './import-dataset';
import { quietProgress, tempProject, type TempProject } from './test-project';

let p: TempProject;
let svc: DatasetsService;
beforeEach(() => {
  p = tempProject();
  svc = new DatasetsService(p.store);
});
afterEach(() => p.cleanup());

async function importText(name: string, content: string) {
  const file = p.file(`${name}-${Math.random().toString(16).slice(2)}.csv`, content);
  return importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
}

describe('DatasetsService', () => {
  it('lists datasets with their latest version', async () => {
    await importText('b', 'x\n1\n');
    await importText('a', 'x,y\n1,2\n');
    await importText('a', 'x,y\n1,2\n3,4\n');
    expect(svc.list().map(({ name, versionCount, latestVersion, rows, columns }) => ({ name, versionCount, latestVersion, rows, columns }))).toEqual([
      { name: 'a', versionCount: 2, latestVersion: 2, rows: 2, columns: 2 },
      { name: 'b', versionCount: 1, latestVersion: 1, rows: 1, columns: 1 },
    ]);
  });

  it('pages rows across chunk boundaries', async () => {
    await importText('big', 'i,s\n' + Array.from({ length: 200_000 }, (_, i) => `${i},s${i % 10}`).join('\n') + '\n');
    const page = svc.rows('big', 1, 65_530, 12);
    expect(page.total).toBe(200_000);
    expect(page.rows.map((r) => r[0])).toEqual(Array.from({ length: 12 }, (_, k) => 65_530 + k));
    expect(page.rows[0][1]).toBe('s0');
    expect(svc.rows('big', 1, 199_998, 50).rows).toEqual([
      [199_998, 's8'],
      [199_999, 's9'],
    ]);
  });

  it('answers a rows page deep in a large version quickly', async () => {
    await importText('deep', 'i\n' + Array.from({ length: 300_000 }, (_, i) => i).join('\n') + '\n');
    const t0 = performance.now();
    for (let k = 0; k < 50; k++) svc.rows('deep', 1, 250_000 + k * 100, 100);
    expect(performance.now() - t0).toBeLessThan(500);
  });

  it('diffs two versions: rows added and removed, columns added, removed and retyped, statistics', async () => {
    await importText('d', 'id,v,gone\n1,10,a\n2,20,b\n3,30,c\n');
    await importText('d', 'id,v,new\n1,10,x\n2,20.5,y\n4,40,z\n5,50,z\n');
    const diff = svc.diff('d', 1, 2);
    // columns differ, so rows compare on the one column both share with the same type: ids {1,2,3} -> {1,2,4,5}
    expect(diff).toMatchObject({ from: 1, to: 2, rowsFrom: 3, rowsTo: 4, rowsAdded: 2, rowsRemoved: 1, rowsComparedOn: ['id'] });
    expect(diff.columnsAdded).toEqual([{ name: 'new', type: 'text' }]);
    expect(diff.columnsRemoved).toEqual([{ name: 'gone', type: 'text' }]);
    expect(diff.columnsRetyped).toEqual([{ name: 'v', from: 'integer', to: 'numeric' }]);
    expect(diff.statChanges).toContainEqual({ column: 'v', stat: 'max', from: 30, to: 50 });
    expect(diff.statChanges).toContainEqual({ column: 'id', stat: 'distinct', from: 3, to: 4 });
  });

  it('counts only the changed rows when the columns stay the same', async () => {
    await importText('r', 'a,b\n1,x\n2,y\n2,y\n3,z\n');
    await importText('r', 'a,b\n1,x\n2,y\n3,z\n4,w\n');
    expect(svc.diff('r', 1, 2)).toMatchObject({ rowsAdded: 1, rowsRemoved: 1, rowsComparedOn: null, statChanges: expect.any(Array) });
  });

  it('exports CSV that re-imports to the very same version hash', async () => {
    const first = await importText(
      'rt',
      'id;price;ok;when;colour;note;whole\n1;1.50;TRUE;2024-01-02;red;"line\nbreak";2.0\n2;-0.0;false;2024-01-03T10:00:00+02:00;blue;"a, ""b""";3\n3;;yes;;red;plain;\n4;1e-7;no;2024-02-29;red;x;4.0\n',
    );
    const out = path.join(p.dir, 'out', 'rt.csv');
    fs.mkdirSync(path.dirname(out));
    const staged = writeCsv(p.store.blobs, svc.exportSource('rt', 1), out, { overwrite: false });
    staged.publish();
    expect({ path: staged.path, rows: staged.rows }).toEqual({ path: out, rows: 4 });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['rt.csv']); // no temp file left beside it
    const again = await importDataset(p.store, { path: out, fileName: 'rt.csv', name: 'rt' }, quietProgress());
    expect(again).toEqual({ ...first, reused: true });
  });

  it('refuses an unknown dataset or version with NOT_FOUND', async () => {
    await importText('known', 'a\n1\n');
    expect(() => svc.versions('unknown')).toThrow(AppFailure);
    try {
      svc.profile('known', 9);
    } catch (e) {
      expect((e as AppFailure).error.code).toBe('NOT_FOUND');
    }
  });
});
