import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DatasetsRepo, type NewVersion } from './datasets-repo';
import { ProjectStore } from './project-store';

let dir: string;
let store: ProjectStore;
let repo: DatasetsRepo;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-repo-'));
  store = ProjectStore.create(path.join(dir, 'p'), { appVersion: 'test', actor: 'tester' });
  repo = new DatasetsRepo(store.db);
});
afterEach(() => {
  store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const blob = (c: string) => c.repeat(64);
function version(hash: string): NewVersion {
  return {
    dataset: 'sales',
    hash,
    rows: 2,
    columns: [
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'text' },
    ],
    chunkRows: 65_536,
    rowHashesBlob: blob('f'),
    sourceName: 'sales.csv',
    sourceFormat: 'csv',
    sourceBytes: 10,
    createdAt: '2024-01-01T00:00:00.000Z',
    profile: { rows: 2, columns: [] },
    chunks: [[blob('a')], [blob('b')]],
  };
}

it('numbers versions of a dataset 1, 2, ... with ids <name>@<version>', () => {
  const v1 = repo.insertVersion(version('1'), 'now');
  const v2 = repo.insertVersion(version('2'), 'now');
  expect([v1.id, v2.id]).toEqual(['sales@1', 'sales@2']);
  expect(repo.versions(v1.datasetId).map((v) => v.version)).toEqual([1, 2]);
  expect(repo.chunks('sales@2')).toEqual([[blob('a')], [blob('b')]]);
  expect(repo.versionByHash(v1.datasetId, '2')?.version).toBe(2);
  expect(repo.summaries()).toMatchObject([{ name: 'sales', versionCount: 2, latestVersion: 2, rows: 2, columns: 2 }]);
});

it('keeps versions immutable and refuses a second version with the same content hash', () => {
  repo.insertVersion(version('1'), 'now');
  expect(() => store.db.prepare("UPDATE dataset_versions SET row_count = 5 WHERE id = 'sales@1'").run()).toThrow(/immutable/);
  expect(() => store.db.prepare("UPDATE dataset_chunks SET blob = 'x'").run()).toThrow(/immutable/);
  expect(() => repo.insertVersion(version('1'), 'now')).toThrow(/UNIQUE/);
});
