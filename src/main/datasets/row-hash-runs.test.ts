import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportResult } from '../../shared/domain';
import { AppFailure, fail } from '../../shared/errors';
import { writeLargeCsv } from '../samples/large-csv';
import { BlobStore } from '../store/blobs';
import { DatasetsRepo } from '../store/datasets-repo';
import { deadPid } from '../test-support/dead-pid';
import { tempDir } from '../test-support/temp-project';
import { importDataset, type ImportOptions, type ImportProgress } from './import-dataset';
import { RowHashSpill } from './row-hash-runs';
import { RowHasher } from './row-hashes';
import { GOLDEN_CASES, GOLDEN_FILE, type StoredImport } from './stored-import.fixture';
import { quietProgress, tempProject, type TempProject } from './test-project';

const golden = JSON.parse(fs.readFileSync(GOLDEN_FILE, 'utf8')) as Record<string, StoredImport>;

/** Pseudo-random cell hashes for `rows` rows of `columns` columns, with every third row a copy of the one before. */
function cellHashes(rows: number, columns: number, seed: number): { hashA: Uint32Array; hashB: Uint32Array }[] {
  let x = seed;
  return Array.from({ length: columns }, () => {
    const hashA = new Uint32Array(rows);
    const hashB = new Uint32Array(rows);
    for (let r = 0; r < rows; r++) {
      hashA[r] = r % 3 === 2 ? hashA[r - 1] : (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
      hashB[r] = r % 3 === 2 ? hashB[r - 1] : (x = (Math.imul(x, 1664525) + 1013904223) >>> 0);
    }
    return { hashA, hashB };
  });
}

/**
 * Imports a file made by `write` into `p` (spilling its row hashes every 10,000 rows unless `options` says), and
 * the names of the files that appeared in the project's blob temp folder meanwhile (inotify events arrive a moment
 * after the writes, so it waits for them).
 */
async function importWatched(p: TempProject, write: (file: string) => Promise<void>, options: ImportOptions = {}, ctx = quietProgress()): Promise<{ seen: string[]; result: ImportResult | Error }> {
  const file = path.join(p.dir, 'big.csv');
  await write(file);
  const seen: string[] = [];
  const watcher = fs.watch(path.join(p.store.blobs.dir, 'tmp'), (_event, name) => name && seen.push(name));
  try {
    const result = await importDataset(p.store, { path: file, fileName: 'big.csv', name: 'big' }, ctx, { rowHashRunRows: 10_000, ...options }).catch((e: Error) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { seen, result };
  } finally {
    watcher.close();
  }
}

describe('row hashes spilled as sorted runs', () => {
  it('stores the same blob from runs of any bound as from every hash held in memory, and leaves no run file', () => {
    const blobs = new BlobStore(tempDir());
    const chunks = [cellHashes(5000, 3, 1), cellHashes(5000, 3, 2), cellHashes(1234, 3, 3)];
    const stored = (spill?: RowHashSpill): string => {
      const hasher = new RowHasher(100, spill);
      for (const columns of chunks) hasher.addChunk(columns, columns[0].hashA.length);
      return hasher.store(blobs);
    };
    const inMemory = stored();
    // a bound that splits chunks, one that divides them, one run per row, and one that holds every row (nothing spilled)
    for (const runRows of [777, 1000, 1, 11_234]) {
      expect(stored(new RowHashSpill(blobs, runRows))).toBe(inMemory);
      expect(fs.readdirSync(path.join(blobs.dir, 'tmp'))).toEqual([]);
    }
    expect(blobs.get(inMemory).byteLength).toBe(8 * 11_234);
  });

  it('refuses a bound that is not a whole number of rows, naming the option', () => {
    const blobs = new BlobStore(tempDir());
    expect(() => new RowHashSpill(blobs, 0)).toThrowError(/rowHashRunRows/);
    expect(() => new RowHashSpill(blobs, 2.5)).toThrowError(/rowHashRunRows/);
  });

  for (const [name, runRows] of [
    ['mixed-300000.csv', 50_000],
    // a sample's guess disproved: the first pass's runs are dropped and the second pass spills its own
    ['wide-quoted-small-reads.csv', 700],
  ] as const) {
    it(`imports ${name} with row hashes spilled every ${runRows} rows into the row-hash blob and version the in-memory import stores, leaving no temp file`, async () => {
      const c = GOLDEN_CASES.find((g) => g.name === name)!;
      const p = tempProject();
      try {
        const { seen, result } = await importWatched(p, c.write, { ...c.options, rowHashRunRows: runRows });
        expect(seen.some((n) => n.startsWith('row-hash-runs.'))).toBe(true);
        if (result instanceof Error) throw result;
        expect(result.hash).toBe(golden[name].versionHash);
        const record = new DatasetsRepo(p.store.db).version(new DatasetsRepo(p.store.db).dataset('big')!.id, result.version)!;
        // hashed from the bytes on disk (golden: the in-memory import at d840b7e, as stored-import.test.ts pins it)
        expect(BlobStore.hash(p.store.blobs.get(record.rowHashesBlob))).toBe(golden[name].rowHashes);
        expect(fs.readdirSync(path.join(p.store.blobs.dir, 'tmp'))).toEqual([]);
        // the same file again: its merged row hashes find their blob already stored, and the version is reused
        const again = await importDataset(p.store, { path: path.join(p.dir, 'big.csv'), fileName: 'big.csv', name: 'big' }, quietProgress(), { ...c.options, rowHashRunRows: runRows });
        expect(again).toMatchObject({ version: result.version, reused: true });
        expect(fs.readdirSync(path.join(p.store.blobs.dir, 'tmp'))).toEqual([]);
      } finally {
        p.cleanup();
      }
    }, 60_000);
  }
});

describe('an import that spilled row-hash runs and then ended early', () => {
  it('leaves no run file when a row past the first chunk is ragged', async () => {
    const p = tempProject();
    try {
      const { seen, result } = await importWatched(p, async (file) => {
        await writeLargeCsv(file, 70_000, 5);
        fs.appendFileSync(file, '1,2,3\n');
        // a 1 MB sample and reads: the first chunk is encoded (its hashes spilled) before the read holding the ragged row
      }, { readChunkBytes: 1 << 20, sampleBytes: 1 << 20 });
      expect(result).toBeInstanceOf(AppFailure);
      expect((result as AppFailure).error.code).toBe('CSV_RAGGED_ROW');
      expect(seen.some((n) => n.startsWith('row-hash-runs.'))).toBe(true);
      expect(fs.readdirSync(path.join(p.store.blobs.dir, 'tmp'))).toEqual([]);
    } finally {
      p.cleanup();
    }
  }, 60_000);

  it('leaves no run file when it is cancelled after its first chunk', async () => {
    let fraction = 0;
    const ctx: ImportProgress = {
      progress: (f) => void (fraction = f),
      checkCancelled: () => {
        if (fraction > 0.8) fail('JOB_CANCELLED', 'Cancelled.');
      },
    };
    const p = tempProject();
    try {
      const { seen, result } = await importWatched(p, (file) => writeLargeCsv(file, 140_000, 6).then(() => undefined), {}, ctx);
      expect(result).toBeInstanceOf(AppFailure);
      expect((result as AppFailure).error.code).toBe('JOB_CANCELLED');
      expect(seen.some((n) => n.startsWith('row-hash-runs.'))).toBe(true);
      expect(fs.readdirSync(path.join(p.store.blobs.dir, 'tmp'))).toEqual([]);
    } finally {
      p.cleanup();
    }
  }, 60_000);
});

describe('a crashed import', () => {
  it('has its run file swept when the project is next opened', () => {
    const blobs = new BlobStore(tempDir());
    const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '_');
    const leftover = path.join(blobs.dir, 'tmp', `row-hash-runs.${deadPid()}@${host}.abcdef.tmp`);
    fs.writeFileSync(leftover, new Uint8Array(64));
    expect(blobs.sweepTemp()).toBe(1);
    expect(fs.existsSync(leftover)).toBe(false);
  });
});
