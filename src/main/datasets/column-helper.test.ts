// The import's helper thread runs behind the importer (pipelined): a bad cell it meets must still be reported as one
// thread would report it, the first in file order, and leave nothing stored.
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../shared/errors';
import { rejectionOf } from '../test-support/app-error-of';
import { HELPER_MAX_COLUMNS, HELPER_MIN_BYTES, helperByDefault } from './column-helper';
import { importDataset, type ImportProgress } from './import-dataset';
import { countRows, tempProject, type TempProject } from './test-project';

const COLUMNS = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
const ROWS = 3000;
/** a fixed modification time, restored after the rewrite so the import sees the same file identity */
const MTIME_S = 1_700_000_000;

let p: TempProject;
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());

/** every cell a two-digit integer, so a bad cell of two letters keeps each row's length */
function table(bad: { row: number; column: number }[]): string {
  const lines = [COLUMNS.join(',')];
  for (let r = 0; r < ROWS; r++) lines.push(COLUMNS.map((_, c) => (bad.some((b) => b.row === r && b.column === c) ? 'xx' : String(10 + ((r * 7 + c) % 90)))).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * Imports a file of good cells that is rewritten in place, same size and time, once the encoding pass has begun:
 * the types, read from every row, are exact, so the first bad cell fails the import with its line and column.
 */
async function importRewritten(bad: { row: number; column: number }[], helperThread: boolean): Promise<AppError> {
  const file = p.file(`t-${helperThread}.csv`, table([]));
  fs.utimesSync(file, MTIME_S, MTIME_S);
  let rewritten = false;
  const ctx: ImportProgress = {
    progress: (_, message) => {
      if (rewritten || !message.startsWith('Encoding')) return;
      rewritten = true;
      fs.writeFileSync(file, table(bad));
      fs.utimesSync(file, MTIME_S, MTIME_S);
    },
    checkCancelled: () => undefined,
  };
  // small reads: the bad cells lie many reads past the first, and the helper has several queued when it meets one
  return rejectionOf(importDataset(p.store, { path: file, fileName: 'moving.csv', name: 'm' }, ctx, { readChunkBytes: 1024, helperThread }));
}

// the helper takes columns c1, c2, c4 and c5 of these six (seven in ten), this thread c0 and c3
describe('an import with a helper thread', () => {
  it.each([
    { name: "this thread's column first in the file", bad: [{ row: 900, column: 3 }, { row: 2000, column: 2 }], line: 902, field: 'c3' },
    { name: "the helper's column first in the file", bad: [{ row: 2000, column: 3 }, { row: 900, column: 2 }], line: 902, field: 'c2' },
    { name: 'both in the same row, the lower column', bad: [{ row: 1500, column: 1 }, { row: 1500, column: 3 }], line: 1502, field: 'c1' },
  ])('reports the first bad cell in file order, as one thread does: $name', async ({ bad, line, field }) => {
    const alone = await importRewritten(bad, false);
    const helped = await importRewritten(bad, true);
    expect(alone).toMatchObject({ code: 'FILE_VANISHED', where: { file: 'moving.csv', line, field } });
    expect(helped).toEqual(alone);
    expect(countRows(p.store, 'dataset_versions')).toBe(0);
    expect(countRows(p.store, 'dataset_chunks')).toBe(0);
  });

  it('stores the same version with and without the helper when the file ends inside a chunk', async () => {
    const file = p.file('t.csv', table([]));
    const quiet: ImportProgress = { progress: () => undefined, checkCancelled: () => undefined };
    const alone = await importDataset(p.store, { path: file, fileName: 't.csv', name: 'alone' }, quiet, { readChunkBytes: 1024, helperThread: false });
    const helped = await importDataset(p.store, { path: file, fileName: 't.csv', name: 'helped' }, quiet, { readChunkBytes: 1024, helperThread: true });
    expect(helped.hash).toBe(alone.hash);
  });
});

describe('when an import gets a helper thread by default', () => {
  it('is only for files of at least 64 MB and at most 16 columns, on a machine with 2 cores or more', () => {
    const cores = os.availableParallelism() >= 2;
    expect(helperByDefault(HELPER_MIN_BYTES, 10)).toBe(cores);
    expect(helperByDefault(2 ** 30, HELPER_MAX_COLUMNS)).toBe(cores);
    expect(helperByDefault(HELPER_MIN_BYTES - 1, 10)).toBe(false);
    expect(helperByDefault(2 ** 30, HELPER_MAX_COLUMNS + 1)).toBe(false);
  });
});
