// Domain types shared by main, preload, renderer and CLI: plain data, no Node, no DOM.

export type HostKind = 'electron' | 'browser' | 'cli';

export interface ProjectInfo {
  path: string;
  name: string;
  schemaVersion: number;
  createdAt: string;
  /** the folder or its database cannot be written: reads and verify-log work, every change is refused (READ_ONLY) */
  readOnly: boolean;
  /** set when the log no longer holds an entry a user of this machine signed: it was rewritten (verify-log tells more) */
  logAlert?: string;
}

export interface RecentProject {
  /** what the window sends to reopen it (projects.open with kind 'recent'): the window never sends the path back */
  id: string;
  path: string;
  name: string;
  openedAt: string;
  exists: boolean;
}

/** A folder the person starting the app named with --workspace: the window creates and opens projects inside it by name. */
export interface WorkspaceRoot {
  id: number;
  path: string;
  /** the names of the folders directly inside it that hold a project */
  projects: string[];
}

export interface AppInfo {
  version: string;
  host: HostKind;
  project: ProjectInfo | null;
}

// ---- datasets ----

export type ColumnType = 'integer' | 'numeric' | 'boolean' | 'categorical' | 'text' | 'datetime';

export interface ColumnSchema {
  name: string;
  type: ColumnType;
}

export interface Histogram {
  /** bin edges, length counts.length + 1 */
  edges: number[];
  counts: number[];
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  count: number;
  nulls: number;
  distinct: number;
  /** numbers for numeric/integer/boolean, ISO strings for datetime, absent otherwise */
  min?: number | string;
  max?: number | string;
  mean?: number;
  std?: number;
  /** quantiles at p = 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99 (numeric, integer, datetime as epoch ms) */
  quantiles?: { p: number; value: number }[];
  /** most frequent values (categorical, text, boolean) */
  top?: { value: string; count: number }[];
  histogram?: Histogram;
}

export interface DatasetProfile {
  rows: number;
  columns: ColumnProfile[];
}

export type DatasetSourceFormat = 'csv' | 'tsv' | 'parquet';

export interface DatasetSummary {
  name: string;
  createdAt: string;
  versionCount: number;
  latestVersion: number;
  rows: number;
  columns: number;
}

export interface DatasetVersionInfo {
  dataset: string;
  version: number;
  /** SHA-256 of the version's canonical content (schema + column chunks) */
  hash: string;
  rows: number;
  columns: ColumnSchema[];
  sourceName: string;
  sourceFormat: DatasetSourceFormat;
  sourceBytes: number;
  createdAt: string;
}

export type CellValue = string | number | boolean | null;

export interface DatasetRowsPage {
  dataset: string;
  version: number;
  offset: number;
  total: number;
  columns: ColumnSchema[];
  rows: CellValue[][];
}

export interface StatChange {
  column: string;
  stat: 'nulls' | 'distinct' | 'min' | 'max' | 'mean' | 'std';
  from: number | string | null;
  to: number | string | null;
}

export interface VersionDiff {
  dataset: string;
  from: number;
  to: number;
  rowsFrom: number;
  rowsTo: number;
  rowsAdded: number;
  rowsRemoved: number;
  /** the columns rows were compared on when the versions' columns differ (shared, same type); null: all columns */
  rowsComparedOn: string[] | null;
  columnsAdded: ColumnSchema[];
  columnsRemoved: ColumnSchema[];
  columnsRetyped: { name: string; from: ColumnType; to: ColumnType }[];
  statChanges: StatChange[];
}

/** What a 'dataset.export' job returns; the same facts are in its audit entry. */
export interface DatasetExportResult {
  dataset: string;
  version: number;
  rows: number;
  bytes: number;
  sha256: string;
  /** the file's base name for the window, its full path for the CLI */
  destination: string;
  /** browser mode: fetch the file once from /api/download/<downloadId> */
  downloadId: string | null;
}

export interface ImportResult {
  dataset: string;
  version: number;
  hash: string;
  rows: number;
  columns: number;
  reused: boolean;
}

// ---- jobs ----

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';

/** A job in one of these states is over: it will not change again. */
export function isEndedState(state: JobState): boolean {
  return state === 'succeeded' || state === 'failed' || state === 'cancelled' || state === 'interrupted';
}

/** A job as hosts and the window see it: a union by kind and state, so a succeeded job's result is typed (./jobs). */
export type { JobInfo } from './jobs';

// ---- audit ----

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  details: unknown;
  prevHash: string;
  hash: string;
}

export interface LogVerification {
  ok: boolean;
  entries: number;
  /** signed anchors of the head that were checked: the project's own and those in this machine's user folders */
  anchors?: number;
  firstBad?: { seq: number; reason: string };
}

/** A user's signature over the log's head, as audit.anchor made it (kept in the project and in the user's data folder). */
export interface AnchorReceipt {
  seq: number;
  hash: string;
  at: string;
  user: string;
  /** SHA-256 of the user's public key */
  fingerprint: string;
  /** this anchor recorded the user's public key in the project: their first act in it */
  keyRecorded: boolean;
}
