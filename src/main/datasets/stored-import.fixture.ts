// The files and the record behind stored-import.test.ts: what an import stores, pinned byte for byte.
// Run `node --import tsx src/main/datasets/stored-import.fixture.ts` to rewrite stored-import.fixture.json: only when
// the stored format is meant to change, never to make a faster importer pass.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetProfile } from '../../shared/domain';
import { writeLargeCsv } from '../samples/large-csv';
import { Random } from '../samples/random';
import { DatasetsRepo, versionId } from '../store/datasets-repo';
import { BlobStore } from '../store/blobs';
import { ProjectStore } from '../store/project-store';
import { importDataset, type ImportOptions } from './import-dataset';

/** One import of one file: everything it stores that a later version or a diff is built on. */
export interface StoredImport {
  versionHash: string;
  rows: number;
  columns: { name: string; type: string }[];
  /** per column, the SHA-256 of each Arrow chunk blob */
  chunks: string[][];
  /** SHA-256 of the sorted row-hash blob */
  rowHashes: string;
  profile: DatasetProfile;
}

export interface GoldenCase {
  name: string;
  /** writes the input file at `file` */
  write(file: string): Promise<void>;
  options?: ImportOptions;
}

/**
 * A wide, hand-made file: quoted fields with delimiters, escaped quotes and line breaks, every null spelling,
 * CRLF rows, exponents, signed zeros, datetimes with offsets, UTF-8, and columns whose type turns only late
 * (integer to numeric past the first chunk, categorical to text), so the sample's guess is disproved.
 */
export function wideQuotedCsv(rows: number, seed: number): string {
  const r = new Random(seed);
  const nulls = ['', 'NA', 'N/A', 'null', 'NaN', 'None', '#N/A', '<NA>', 'nil'];
  const cities = ['Zürich', 'São Paulo', '東京', 'Oslo, Norway', 'say "hi"', 'line\nbreak', 'plain'];
  const header = ['id', 'label', 'amount', 'flag', 'when', 'city', 'late_float', 'late_text', 'mostly_null', 'sci'];
  for (let k = 0; k < 3; k++) header.push(`n${k}`, `c${k}`, `t${k}`);
  const quote = (s: string): string => (/[",\n\r]/.test(s) || r.chance(0.1) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const cells = [
      String(i),
      quote(`item ${i % 97}${r.chance(0.2) ? ', extra' : ''}`),
      r.chance(0.08) ? r.pick(nulls) : (r.int(-50_000, 50_000) / 100).toString(),
      r.chance(0.05) ? '' : r.pick(['true', 'FALSE', 'yes', 'No']),
      r.chance(0.05) ? 'NA' : `2024-0${r.int(1, 9)}-1${r.int(0, 9)}${r.pick(['', 'T08:30', 'T23:59:59.125Z', ' 12:00:00+02:00', 'T00:00:00-0530'])}`,
      quote(r.pick(cities)),
      i === rows - 3 ? '0.5' : String(r.int(-3, 3) === 0 ? 0 : r.int(-1000, 1000)),
      i < rows / 2 ? `k${i % 4}` : `unique-${i}`,
      r.chance(0.97) ? '' : String(r.int(1, 9)),
      r.pick(['1e3', '-2.5E-4', '0.0', '-0', '123456789012345678', '3.14159']),
    ];
    for (let k = 0; k < 3; k++) cells.push(String(r.int(0, 10 ** (k + 2))), `cat${r.int(0, 5 + k)}`, quote(`free text ${r.int(0, 1e6)} "${k}"`));
    lines.push(cells.join(','));
  }
  // CRLF for odd seeds, LF for even ones, so both line ends are pinned
  return `${lines.join(seed % 2 ? '\r\n' : '\n')}\n`;
}

export const GOLDEN_CASES: GoldenCase[] = [
  { name: 'mixed-3000.csv', write: async (file) => void (await writeLargeCsv(file, 3000, 20240108)) },
  // past one chunk (65,536 rows), the exact distinct limit (100,000) and the quantile reservoir (262,144 values)
  { name: 'mixed-300000.csv', write: async (file) => void (await writeLargeCsv(file, 300_000, 7)) },
  { name: 'wide-quoted.csv', write: async (file) => fs.writeFileSync(file, wideQuotedCsv(70_000, 11)) },
  // the same kind of file read in tiny pieces with a tiny sample: every read boundary and a disproved guess
  { name: 'wide-quoted-small-reads.csv', write: async (file) => fs.writeFileSync(file, wideQuotedCsv(3000, 12)), options: { sampleBytes: 4096, readChunkBytes: 1500 } },
];

/** Imports one case into a fresh project in `dir` and reads back what was stored, hashing every blob's bytes as read. */
export async function storedImport(dir: string, c: GoldenCase): Promise<StoredImport> {
  const file = path.join(dir, c.name);
  await c.write(file);
  const store = ProjectStore.create(path.join(fs.mkdtempSync(path.join(dir, 'project-')), 'project'), { appVersion: 'test', actor: 'tester' });
  try {
    const result = await importDataset(store, { path: file, fileName: c.name, name: 'golden' }, { progress: () => undefined, checkCancelled: () => undefined }, c.options);
    const repo = new DatasetsRepo(store.db);
    const id = versionId('golden', result.version);
    const record = repo.version(repo.dataset('golden')!.id, result.version)!;
    // hashed from the bytes on disk, not taken from the names: a blob written wrong cannot hide behind its name
    const contentHash = (blob: string): string => BlobStore.hash(store.blobs.get(blob));
    return {
      versionHash: result.hash,
      rows: result.rows,
      columns: record.columns.map((col) => ({ name: col.name, type: col.type })),
      chunks: repo.chunks(id).map((column) => column.map(contentHash)),
      rowHashes: contentHash(record.rowHashesBlob),
      profile: repo.profile(id),
    };
  } finally {
    store.close();
  }
}

/** Writes the fixture from this checkout's importer. */
async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-golden-'));
  try {
    const out: Record<string, StoredImport> = {};
    for (const c of GOLDEN_CASES) out[c.name] = await storedImport(dir, c);
    fs.writeFileSync(GOLDEN_FILE, `${JSON.stringify(out, null, 1)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export const GOLDEN_FILE = fileURLToPath(new URL('./stored-import.fixture.json', import.meta.url));

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
