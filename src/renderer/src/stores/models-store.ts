// Model registry state: the model list, one model's versions and approvals, one version with its evaluations, the
// running ONNX import, registrations from runs, tag and description edits, approvals and their verification.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input, Output } from '../../../shared/api';
import type { AppError } from '../../../shared/errors';
import type { ApprovalInfo, ApprovalVerification, ModelDetail, ModelImportResult, ModelSummary, ModelVersionInfo } from '../../../shared/models';
import { fileNameOf, stageFile, toShownError, type Host, type StagedFile } from '../api';

export type VersionDetail = Output<'models.version'>;

/** an .onnx file on its way in: uploaded first in browser mode, then inspected and stored by the host */
export interface ModelImportTask {
  name: string;
  fileName: string;
  phase: 'uploading' | 'storing';
  uploadFraction: number;
}

export type ModelImportOutcome = { kind: 'succeeded'; result: ModelImportResult } | { kind: 'failed'; error: AppError };

/** what a person adds to a registration or an import: a description, and the local user recorded as its author */
export interface Registration {
  description: string;
  /** a local user's name; empty: the session's actor */
  author: string;
}

/** the optional fields of models.register and models.import, left out when empty */
function registrationFields({ description, author }: Registration): { description?: string; as?: string } {
  return { ...(description ? { description } : {}), ...(author ? { as: author } : {}) };
}

export interface ModelsState {
  list: ModelSummary[];
  loaded: boolean;
  /** by model name */
  models: Record<string, ModelDetail>;
  /** by `<name>@<version>` */
  versions: Record<string, VersionDetail>;
  importTask: ModelImportTask | null;
  importOutcome: ModelImportOutcome | null;
  /** the version each run was registered as in this window, by run id */
  registered: Record<string, ModelVersionInfo>;
  verification: ApprovalVerification | null;
  verifying: boolean;
  error: AppError | null;
  loadList(): Promise<void>;
  loadModel(name: string): Promise<void>;
  loadVersion(name: string, version: number): Promise<void>;
  importModel(name: string, details: Registration, file: File | StagedFile): Promise<void>;
  pickFile(): Promise<StagedFile | null>;
  hostPicksFiles: boolean;
  /** registers a run's model; a refusal comes back for the form to show */
  register(run: string, name: string, details: Registration): Promise<{ ok: true; version: ModelVersionInfo } | { ok: false; error: AppError }>;
  setTag(name: string, version: number | undefined, key: string, value: string | null): Promise<void>;
  setDescription(name: string, version: number | undefined, description: string): Promise<void>;
  /** moves an alias by a signed approval; the refusal comes back instead of landing in `error`, for the dialog to show */
  approve(input: Input<'models.approve'>): Promise<{ ok: true; approval: ApprovalInfo } | { ok: false; error: AppError }>;
  verify(): Promise<void>;
  dismissImportOutcome(): void;
  dismissError(): void;
}

function emptyState() {
  return {
    list: [],
    loaded: false,
    models: {},
    versions: {},
    importTask: null,
    importOutcome: null,
    registered: {},
    verification: null,
    verifying: false,
    error: null,
  } satisfies Partial<ModelsState>;
}

export function createModelsStore(host: Host): StoreApi<ModelsState> {
  const { api } = host;
  return createStore<ModelsState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    /** after a change to model `name`: the list, the model and its open versions read again */
    const refresh = async (name: string) => {
      const stale = Object.keys(get().versions).filter((id) => id.startsWith(`${name}@`));
      set({ versions: Object.fromEntries(Object.entries(get().versions).filter(([id]) => !stale.includes(id))) });
      await Promise.all([get().loadList(), get().loadModel(name), ...stale.map((id) => get().loadVersion(name, Number(id.slice(name.length + 1))))]);
    };

    // another project: its own registry (the navigation counts its models)
    api.subscribe('project.changed', (project) => {
      set(emptyState());
      if (project) void get().loadList();
    });
    // a model job that succeeded stored an evaluation: the versions open here list it
    api.subscribe('job.updated', (job) => {
      if (job.state !== 'succeeded' || !job.kind.startsWith('model.')) return;
      for (const detail of Object.values(get().versions)) void get().loadVersion(detail.name, detail.version);
    });
    // a training started with `register` (a pipeline, a retraining) adds a version together with its run
    api.subscribe('runs.changed', () => {
      if (get().loaded) void get().loadList();
    });

    return {
      ...emptyState(),
      hostPicksFiles: host.pickFile !== null,

      async loadList() {
        try {
          const list = await api.call('models.list', {});
          set({ list: list.slice().sort((a, b) => a.name.localeCompare(b.name)), loaded: true });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadModel(name) {
        try {
          const detail = await api.call('models.get', { name });
          set({ models: { ...get().models, [name]: detail } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadVersion(name, version) {
        try {
          const detail = await api.call('models.version', { ref: `${name}@${version}` });
          set({ versions: { ...get().versions, [detail.id]: detail } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      pickFile: async () => (host.pickFile ? host.pickFile() : null),

      async importModel(name, details, file) {
        if (get().importTask) return;
        const fileName = fileNameOf(file);
        set({ importOutcome: null, importTask: { name, fileName, phase: 'uploading', uploadFraction: 0 } });
        try {
          // an .onnx file uploads in seconds; the import itself is one call, so the upload is not offered a cancel
          const staged = await stageFile(host, file, (uploadFraction) => {
            const task = get().importTask;
            if (task) set({ importTask: { ...task, uploadFraction } });
          });
          set({ importTask: { name, fileName, phase: 'storing', uploadFraction: 1 } });
          const result = await api.call('models.import', { source: staged.source, name, fileName: staged.fileName, ...registrationFields(details) });
          set({ importTask: null, importOutcome: { kind: 'succeeded', result } });
          await refresh(result.model);
        } catch (thrown) {
          set({ importTask: null, importOutcome: { kind: 'failed', error: toShownError(thrown) } });
        }
      },

      async register(run, name, details) {
        try {
          const version = await api.call('models.register', { run, name, ...registrationFields(details) });
          set({ registered: { ...get().registered, [run]: version } });
          await refresh(version.name);
          return { ok: true, version };
        } catch (thrown) {
          return { ok: false, error: toShownError(thrown) };
        }
      },

      async setTag(name, version, key, value) {
        try {
          await api.call('models.setTag', { name, key, value, ...(version === undefined ? {} : { version }) });
          await refresh(name);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async setDescription(name, version, description) {
        try {
          await api.call('models.setDescription', { name, description, ...(version === undefined ? {} : { version }) });
          await refresh(name);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async approve(input) {
        try {
          const approval = await api.call('models.approve', input);
          set({ verification: null });
          await refresh(approval.model);
          return { ok: true, approval };
        } catch (thrown) {
          return { ok: false, error: toShownError(thrown) };
        }
      },

      async verify() {
        if (get().verifying) return;
        set({ verifying: true, verification: null });
        try {
          set({ verification: await api.call('models.verifyApprovals', {}) });
        } catch (thrown) {
          fail(thrown);
        } finally {
          set({ verifying: false });
        }
      },

      dismissImportOutcome: () => set({ importOutcome: null }),
      dismissError: () => set({ error: null }),
    };
  });
}
