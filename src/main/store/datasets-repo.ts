// All dataset SQL: datasets, their immutable versions and each version's chunk list, as prepared statements.
import type { ColumnSchema, DatasetProfile, DatasetSourceFormat, DatasetSummary } from '../../shared/domain';
import type { Db } from './db';
import type Database from 'better-sqlite3';

export interface DatasetRow {
  id: number;
  name: string;
  createdAt: string;
}

export interface VersionRecord {
  id: string;
  datasetId: number;
  dataset: string;
  version: number;
  hash: string;
  rows: number;
  columns: ColumnSchema[];
  chunkRows: number;
  rowHashesBlob: string;
  sourceName: string;
  sourceFormat: DatasetSourceFormat;
  sourceBytes: number;
  createdAt: string;
}

export interface NewVersion extends Omit<VersionRecord, 'id' | 'datasetId' | 'version'> {
  profile: DatasetProfile;
  /** blob hashes, [column][chunk] */
  chunks: string[][];
}

interface VersionSqlRow {
  id: string;
  dataset_id: number;
  dataset: string;
  version: number;
  hash: string;
  row_count: number;
  columns: string;
  chunk_rows: number;
  row_hashes_blob: string;
  source_name: string;
  source_format: DatasetSourceFormat;
  source_bytes: number;
  created_at: string;
}

const VERSION_COLUMNS = `v.id, v.dataset_id, d.name AS dataset, v.version, v.hash, v.row_count, v.columns, v.chunk_rows,
  v.row_hashes_blob, v.source_name, v.source_format, v.source_bytes, v.created_at`;

/** The stable id of a version, used by lineage edges of kind 'dataset_version'. */
export function versionId(dataset: string, version: number): string {
  return `${dataset}@${version}`;
}

function toRecord(r: VersionSqlRow): VersionRecord {
  return {
    id: r.id,
    datasetId: r.dataset_id,
    dataset: r.dataset,
    version: r.version,
    hash: r.hash,
    rows: r.row_count,
    columns: JSON.parse(r.columns) as ColumnSchema[],
    chunkRows: r.chunk_rows,
    rowHashesBlob: r.row_hashes_blob,
    sourceName: r.source_name,
    sourceFormat: r.source_format,
    sourceBytes: r.source_bytes,
    createdAt: r.created_at,
  };
}

export class DatasetsRepo {
  private readonly statements: {
    datasetByName: Database.Statement<[string], { id: number; name: string; created_at: string }>;
    insertDataset: Database.Statement<[string, string]>;
    summaries: Database.Statement<[], { name: string; created_at: string; version_count: number; latest: number; row_count: number; columns: string }>;
    versions: Database.Statement<[number], VersionSqlRow>;
    version: Database.Statement<[number, number], VersionSqlRow>;
    versionByHash: Database.Statement<[number, string], VersionSqlRow>;
    latestVersion: Database.Statement<[number], { latest: number | null }>;
    insertVersion: Database.Statement<unknown[]>;
    insertChunk: Database.Statement<[string, number, number, string]>;
    chunks: Database.Statement<[string], { column_index: number; chunk_index: number; blob: string }>;
    profile: Database.Statement<[string], { profile: string }>;
  };

  constructor(db: Db) {
    this.statements = {
      datasetByName: db.prepare('SELECT id, name, created_at FROM datasets WHERE name = ?'),
      insertDataset: db.prepare('INSERT INTO datasets (name, created_at) VALUES (?, ?)'),
      summaries: db.prepare(`
        SELECT d.name, d.created_at, COUNT(v.id) AS version_count, MAX(v.version) AS latest,
          (SELECT row_count FROM dataset_versions WHERE dataset_id = d.id ORDER BY version DESC LIMIT 1) AS row_count,
          (SELECT columns FROM dataset_versions WHERE dataset_id = d.id ORDER BY version DESC LIMIT 1) AS columns
        FROM datasets d JOIN dataset_versions v ON v.dataset_id = d.id
        GROUP BY d.id ORDER BY d.name`),
      versions: db.prepare(`SELECT ${VERSION_COLUMNS} FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.dataset_id = ? ORDER BY v.version`),
      version: db.prepare(`SELECT ${VERSION_COLUMNS} FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.dataset_id = ? AND v.version = ?`),
      versionByHash: db.prepare(`SELECT ${VERSION_COLUMNS} FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE v.dataset_id = ? AND v.hash = ?`),
      latestVersion: db.prepare('SELECT MAX(version) AS latest FROM dataset_versions WHERE dataset_id = ?'),
      insertVersion: db.prepare(`INSERT INTO dataset_versions (id, dataset_id, version, hash, row_count, columns, chunk_rows, row_hashes_blob, profile,
        source_name, source_format, source_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertChunk: db.prepare('INSERT INTO dataset_chunks (version_id, column_index, chunk_index, blob) VALUES (?, ?, ?, ?)'),
      chunks: db.prepare('SELECT column_index, chunk_index, blob FROM dataset_chunks WHERE version_id = ? ORDER BY column_index, chunk_index'),
      profile: db.prepare('SELECT profile FROM dataset_versions WHERE id = ?'),
    };
  }

  dataset(name: string): DatasetRow | undefined {
    const r = this.statements.datasetByName.get(name);
    return r && { id: r.id, name: r.name, createdAt: r.created_at };
  }

  summaries(): DatasetSummary[] {
    return this.statements.summaries.all().map((r) => ({
      name: r.name,
      createdAt: r.created_at,
      versionCount: r.version_count,
      latestVersion: r.latest,
      rows: r.row_count,
      columns: (JSON.parse(r.columns) as unknown[]).length,
    }));
  }

  versions(datasetId: number): VersionRecord[] {
    return this.statements.versions.all(datasetId).map(toRecord);
  }

  version(datasetId: number, version: number): VersionRecord | undefined {
    const r = this.statements.version.get(datasetId, version);
    return r && toRecord(r);
  }

  versionByHash(datasetId: number, hash: string): VersionRecord | undefined {
    const r = this.statements.versionByHash.get(datasetId, hash);
    return r && toRecord(r);
  }

  profile(versionId: string): DatasetProfile {
    return JSON.parse(this.statements.profile.get(versionId)!.profile) as DatasetProfile;
  }

  /** blob hashes of a version, [column][chunk] */
  chunks(versionId: string): string[][] {
    const out: string[][] = [];
    for (const r of this.statements.chunks.all(versionId)) (out[r.column_index] ??= [])[r.chunk_index] = r.blob;
    return out;
  }

  /**
   * Adds the next version of a dataset (creating the dataset on its first version). Call inside store.mutate so the
   * rows and the audit entry land in one transaction.
   */
  insertVersion(v: NewVersion, createdAt: string): VersionRecord {
    const dataset = this.dataset(v.dataset) ?? this.createDataset(v.dataset, createdAt);
    const version = (this.statements.latestVersion.get(dataset.id)?.latest ?? 0) + 1;
    const id = versionId(v.dataset, version);
    this.statements.insertVersion.run(
      id,
      dataset.id,
      version,
      v.hash,
      v.rows,
      JSON.stringify(v.columns),
      v.chunkRows,
      v.rowHashesBlob,
      JSON.stringify(v.profile),
      v.sourceName,
      v.sourceFormat,
      v.sourceBytes,
      createdAt,
    );
    v.chunks.forEach((column, c) => column.forEach((blob, k) => this.statements.insertChunk.run(id, c, k, blob)));
    return this.version(dataset.id, version)!;
  }

  private createDataset(name: string, createdAt: string): DatasetRow {
    const id = Number(this.statements.insertDataset.run(name, createdAt).lastInsertRowid);
    return { id, name, createdAt };
  }
}
