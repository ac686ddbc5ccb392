// Datasets state: the list, versions, profiles, diffs, paged rows of the open version, and the running import.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type {
  ColumnSchema,
  DatasetProfile,
  DatasetSummary,
  DatasetVersionInfo,
  ImportResult,
  JobInfo,
  VersionDiff,
} from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { succeededAs } from '../../../shared/jobs';
import { fileNameOf, stageFile, toShownError, type Host, type StagedFile } from '../api';
import { endedError, isFinished } from './jobs-store';
import { PAGE_SIZE, pagesFor, withPage, type PageMap } from './row-pages';

/** The rows of one dataset version, fetched page by page as the grid scrolls. */
export interface RowsView {
  key: string;
  dataset: string;
  version: number;
  total: number;
  columns: ColumnSchema[];
  pages: PageMap;
}

export interface ImportTask {
  name: string;
  fileName: string;
  phase: 'uploading' | 'running';
  uploadFraction: number;
  jobId: string | null;
  /** the job as last reported; null until the host has answered */
  job: JobInfo | null;
}

export type ImportOutcome =
  | { kind: 'succeeded'; result: ImportResult }
  | { kind: 'failed'; error: AppError }
  | { kind: 'cancelled'; name: string };

export interface DatasetsState {
  list: DatasetSummary[];
  listLoaded: boolean;
  versions: Record<string, DatasetVersionInfo[]>;
  profile: { key: string; data: DatasetProfile } | null;
  diff: { key: string; data: VersionDiff } | null;
  rows: RowsView | null;
  importTask: ImportTask | null;
  importOutcome: ImportOutcome | null;
  error: AppError | null;
  /** true where the host picks and stages files itself (Electron) */
  hostPicksFiles: boolean;
  loadList(): Promise<void>;
  loadVersions(dataset: string): Promise<void>;
  loadProfile(dataset: string, version: number): Promise<void>;
  loadDiff(dataset: string, from: number, to: number): Promise<void>;
  openRows(dataset: string, version: number): Promise<void>;
  ensureRows(first: number, last: number): void;
  pickFile(): Promise<StagedFile | null>;
  startImport(name: string, file: File | StagedFile): Promise<void>;
  cancelImport(): Promise<void>;
  dismissOutcome(): void;
  dismissError(): void;
}

export const versionKey = (dataset: string, version: number) => `${dataset}@${version}`;

export function createDatasetsStore(host: Host): StoreApi<DatasetsState> {
  const { api } = host;
  const pending = new Set<string>();
  let uploadAbort: AbortController | null = null;

  return createStore<DatasetsState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    const finishImport = (job: JobInfo) => {
      const task = get().importTask;
      if (!task || task.jobId !== job.id) return;
      const outcome: ImportOutcome =
        succeededAs(job, 'dataset.import')
          ? { kind: 'succeeded', result: job.result }
          : job.state === 'cancelled'
            ? { kind: 'cancelled', name: task.name }
            : { kind: 'failed', error: endedError(job, 'import') };
      set({ importTask: null, importOutcome: outcome });
      void get().loadList();
      if (outcome.kind === 'succeeded') void get().loadVersions(outcome.result.dataset);
    };

    const trackJob = (job: JobInfo) => {
      const task = get().importTask;
      if (!task || task.jobId !== job.id) return;
      if (isFinished(job)) finishImport(job);
      else set({ importTask: { ...task, job } });
    };

    api.subscribe('job.updated', trackJob);
    api.subscribe('datasets.changed', ({ dataset }) => {
      void get().loadList();
      if (get().versions[dataset]) void get().loadVersions(dataset);
    });
    api.subscribe('project.changed', () => {
      pending.clear();
      set({ list: [], listLoaded: false, versions: {}, profile: null, diff: null, rows: null, importOutcome: null, error: null });
    });

    const fetchPage = async (view: RowsView, page: number) => {
      const id = `${view.key}#${page}`;
      if (pending.has(id)) return;
      pending.add(id);
      try {
        const data = await api.call('datasets.rows', {
          dataset: view.dataset,
          version: view.version,
          offset: page * PAGE_SIZE,
          limit: PAGE_SIZE,
        });
        const current = get().rows;
        if (current?.key === view.key) set({ rows: { ...current, total: data.total, pages: withPage(current.pages, page, data.rows) } });
      } catch (thrown) {
        fail(thrown);
      } finally {
        pending.delete(id);
      }
    };

    return {
      list: [],
      listLoaded: false,
      versions: {},
      profile: null,
      diff: null,
      rows: null,
      importTask: null,
      importOutcome: null,
      error: null,
      hostPicksFiles: host.pickFile !== null,

      async loadList() {
        try {
          set({ list: await api.call('datasets.list', {}), listLoaded: true });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadVersions(dataset) {
        try {
          const versions = await api.call('datasets.versions', { dataset });
          set({ versions: { ...get().versions, [dataset]: versions.slice().sort((a, b) => a.version - b.version) } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadProfile(dataset, version) {
        const key = versionKey(dataset, version);
        if (get().profile?.key === key) return;
        try {
          set({ profile: { key, data: await api.call('datasets.profile', { dataset, version }) } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadDiff(dataset, from, to) {
        const key = `${dataset}@${from}..${to}`;
        if (get().diff?.key === key) return;
        try {
          set({ diff: { key, data: await api.call('datasets.diff', { dataset, from, to }) } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async openRows(dataset, version) {
        const key = versionKey(dataset, version);
        if (get().rows?.key === key) return;
        try {
          const first = await api.call('datasets.rows', { dataset, version, offset: 0, limit: PAGE_SIZE });
          set({ rows: { key, dataset, version, total: first.total, columns: first.columns, pages: { 0: first.rows } } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      ensureRows(first, last) {
        const view = get().rows;
        if (!view) return;
        for (const page of pagesFor(first, last, view.total)) {
          if (!view.pages[page]) void fetchPage(view, page);
        }
      },

      pickFile: async () => (host.pickFile ? host.pickFile() : null),

      async startImport(name, file) {
        if (get().importTask) return;
        const fileName = fileNameOf(file);
        set({ importOutcome: null, importTask: { name, fileName, phase: 'uploading', uploadFraction: 0, jobId: null, job: null } });
        try {
          uploadAbort = new AbortController();
          const staged = await stageFile(
            host,
            file,
            (uploadFraction) => {
              const task = get().importTask;
              if (task) set({ importTask: { ...task, uploadFraction } });
            },
            uploadAbort.signal,
          );
          uploadAbort = null;
          const { jobId } = await api.call('datasets.import', {
            source: staged.source,
            name,
            fileName: staged.fileName,
          });
          const task = get().importTask;
          if (!task) return;
          set({ importTask: { ...task, phase: 'running', uploadFraction: 1, jobId } });
          trackJob(await api.call('jobs.get', { id: jobId }));
        } catch (thrown) {
          const error = toShownError(thrown);
          uploadAbort = null;
          set({
            importTask: null,
            importOutcome: error.code === 'JOB_CANCELLED' ? { kind: 'cancelled', name } : { kind: 'failed', error },
          });
        }
      },

      async cancelImport() {
        const task = get().importTask;
        if (!task) return;
        if (task.phase === 'uploading') {
          uploadAbort?.abort();
          return;
        }
        try {
          if (task.jobId) trackJob(await api.call('jobs.cancel', { id: task.jobId }));
        } catch (thrown) {
          fail(thrown);
        }
      },

      dismissOutcome: () => set({ importOutcome: null }),
      dismissError: () => set({ error: null }),
    };
  });
}
