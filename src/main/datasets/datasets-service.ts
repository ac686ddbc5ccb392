// Read side of datasets for the open project: list, versions, stored profiles, paged rows, diffs and what an export reads.
import type { DatasetProfile, DatasetRowsPage, DatasetSummary, DatasetVersionInfo, VersionDiff } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { DatasetsRepo, type VersionRecord } from '../store/datasets-repo';
import type { ProjectStore } from '../store/project-store';
import { cellValue } from './cell-values';
import { ChunkCache } from './chunk-cache';
import type { ExportSource } from './csv-export';
import { hashBlocksOf, storedHashBlocks, type SortedHashBlocks } from './row-hashes';
import { rowHashesOver } from './shared-row-hashes';
import { diffVersions, type DiffSide } from './version-diff';

export class DatasetsService {
  private readonly store: ProjectStore;
  private readonly repo: DatasetsRepo;
  private readonly cache: ChunkCache;

  constructor(store: ProjectStore) {
    this.store = store;
    this.repo = new DatasetsRepo(store.db);
    this.cache = new ChunkCache(store.blobs);
  }

  list(): DatasetSummary[] {
    return this.repo.summaries();
  }

  versions(name: string): DatasetVersionInfo[] {
    return this.repo.versions(this.datasetId(name)).map(toInfo);
  }

  profile(name: string, version: number): DatasetProfile {
    return this.repo.profile(this.version(name, version).id);
  }

  /** Reads only the chunks that cover [offset, offset + limit). */
  rows(name: string, version: number, offset: number, limit: number): DatasetRowsPage {
    const v = this.version(name, version);
    const chunks = this.repo.chunks(v.id);
    const end = Math.min(v.rows, offset + limit);
    const rows: DatasetRowsPage['rows'] = [];
    for (let r = offset; r < end; r++) {
      const k = Math.floor(r / v.chunkRows);
      const i = r - k * v.chunkRows;
      rows.push(v.columns.map((c, col) => cellValue(this.cache.get(chunks[col][k]), i, c.type)));
    }
    return { dataset: v.dataset, version: v.version, offset, total: v.rows, columns: v.columns, rows };
  }

  /**
   * Rows are compared on every column when both versions have the same columns (the hashes stored at import);
   * otherwise on the columns both share with the same type, hashed from the stored chunks.
   */
  diff(name: string, from: number, to: number): VersionDiff {
    const a = this.version(name, from);
    const b = this.version(name, to);
    const sameSchema = a.columns.length === b.columns.length && a.columns.every((c, i) => c.name === b.columns[i].name && c.type === b.columns[i].type);
    if (sameSchema) {
      // read a block at a time: each side's stored hashes are 8 bytes a row
      const readers = [this.store.blobs.reader(a.rowHashesBlob), this.store.blobs.reader(b.rowHashesBlob)];
      try {
        return diffVersions(name, this.diffSide(a, storedHashBlocks(readers[0])), this.diffSide(b, storedHashBlocks(readers[1])), null);
      } finally {
        for (const r of readers) r.close();
      }
    }
    const shared = a.columns.filter((c) => b.columns.some((d) => d.name === c.name && d.type === c.type)).map((c) => c.name);
    return diffVersions(name, this.diffSide(a, hashBlocksOf(this.sharedRowHashes(a, shared))), this.diffSide(b, hashBlocksOf(this.sharedRowHashes(b, shared))), shared);
  }

  /** What a CSV export of this version reads (the export itself is a job: export-dataset.ts). */
  exportSource(name: string, version: number): ExportSource {
    const v = this.version(name, version);
    return { columns: v.columns, chunks: this.repo.chunks(v.id), rows: v.rows };
  }

  private diffSide(v: VersionRecord, rowHashes: SortedHashBlocks): DiffSide {
    return { version: v.version, columns: v.columns, profile: this.repo.profile(v.id), rowHashes };
  }

  private sharedRowHashes(v: VersionRecord, names: string[]): BigUint64Array {
    const chunks = this.repo.chunks(v.id);
    const columns = names.map((n) => {
      const i = v.columns.findIndex((c) => c.name === n);
      return { type: v.columns[i].type, chunks: chunks[i] };
    });
    return rowHashesOver(this.cache, columns, v.rows);
  }

  private datasetId(name: string): number {
    const d = this.repo.dataset(name);
    if (!d) fail('NOT_FOUND', `There is no dataset named '${name}'.`, { hint: 'Import a file under that name first.' });
    return d.id;
  }

  private version(name: string, version: number): VersionRecord {
    const v = this.repo.version(this.datasetId(name), version);
    if (!v) fail('NOT_FOUND', `Dataset '${name}' has no version ${version}.`);
    return v;
  }
}

function toInfo(v: VersionRecord): DatasetVersionInfo {
  return {
    dataset: v.dataset,
    version: v.version,
    hash: v.hash,
    rows: v.rows,
    columns: v.columns,
    sourceName: v.sourceName,
    sourceFormat: v.sourceFormat,
    sourceBytes: v.sourceBytes,
    createdAt: v.createdAt,
  };
}
