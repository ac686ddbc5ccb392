// Read side of datasets for the open project: list, versions, stored profiles, paged rows, diffs and CSV export.
import type { DatasetProfile, DatasetRowsPage, DatasetSummary, DatasetVersionInfo, VersionDiff } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { DatasetsRepo, type VersionRecord } from '../store/datasets-repo';
import type { ProjectStore } from '../store/project-store';
import { cellValue } from './cell-values';
import { ChunkCache } from './chunk-cache';
import { exportCsv } from './csv-export';
import { rowHashesFromBytes } from './row-hashes';
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

  diff(name: string, from: number, to: number): VersionDiff {
    return diffVersions(name, this.diffSide(name, from), this.diffSide(name, to));
  }

  export(name: string, version: number, outPath: string): { path: string; rows: number } {
    const v = this.version(name, version);
    return exportCsv(this.store.blobs, { columns: v.columns, chunks: this.repo.chunks(v.id), rows: v.rows }, outPath);
  }

  private diffSide(name: string, version: number): DiffSide {
    const v = this.version(name, version);
    return { version, columns: v.columns, profile: this.repo.profile(v.id), rowHashes: rowHashesFromBytes(this.store.blobs.get(v.rowHashesBlob)) };
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
