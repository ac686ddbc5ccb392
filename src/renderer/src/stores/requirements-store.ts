// Requirements state: the documents, one document's table rows, the project-wide lint report, the selected
// requirement with its history, the editor's live lint (latest wins), word diffs, and import/export of files.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ReportExportResult } from '../../../shared/api';
import type { AppError } from '../../../shared/errors';
import { succeededAs } from '../../../shared/jobs';
import type { RequirementDetail, RequirementDocumentInfo, RequirementEdit, RequirementImportSummary, RequirementTableRow, WordDiffPart } from '../../../shared/requirements';
import type { LintResult, RequirementLintRow } from '../../../shared/requirements-lint';
import { fileNameOf, pickOutputTarget, stageFile, toShownError, type Host, type StagedFile } from '../api';

export type ExchangeFormat = 'reqif' | 'reqifz' | 'csv';

/** a requirements file on its way in: uploaded first in browser mode, then read and stored by the host */
export interface RequirementsImportTask {
  fileName: string;
  phase: 'uploading' | 'storing';
  uploadFraction: number;
}

export type RequirementsImportOutcome = { kind: 'succeeded'; fileName: string; summary: RequirementImportSummary } | { kind: 'failed'; error: AppError };

export type RequirementsExport = ReportExportResult & { documents: number; requirements: number; relations: number; format: ExchangeFormat };

/** the lint verdict of the editor's text as last answered, with the text it is for */
export interface DraftLint {
  text: string;
  result: LintResult;
}

export interface RevisionDiff {
  id: string;
  from: number;
  to: number;
  parts: WordDiffPart[];
}

export interface RequirementsState {
  documents: RequirementDocumentInfo[];
  documentsLoaded: boolean;
  /** the rows of the document `rowsFor` names (its identifier), in document order */
  rows: RequirementTableRow[];
  rowsFor: string | null;
  /** the project-wide lint report; null until asked for */
  lint: RequirementLintRow[] | null;
  selected: string | null;
  /** the selected requirement with every revision; null while it loads */
  detail: RequirementDetail | null;
  draftLint: DraftLint | null;
  diff: RevisionDiff | null;
  saving: boolean;
  importTask: RequirementsImportTask | null;
  importOutcome: RequirementsImportOutcome | null;
  exporting: boolean;
  exported: RequirementsExport | null;
  hostPicksFiles: boolean;
  error: AppError | null;
  loadDocuments(): Promise<void>;
  loadRows(document: string): Promise<void>;
  loadLint(): Promise<void>;
  /** reloads what is shown after a change elsewhere (a label, a classification) */
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
  /** lints the editor's text; an answer for an older text than the latest asked for is dropped */
  lintDraft(text: string): Promise<void>;
  /** stores the changed fields and typed attributes as one new revision; a refusal comes back for the editor to show */
  save(id: string, edit: RequirementEdit): Promise<{ ok: true } | { ok: false; error: AppError }>;
  loadDiff(id: string, from: number, to: number): Promise<void>;
  pickFile(): Promise<StagedFile | null>;
  importFile(file: File | StagedFile): Promise<void>;
  exportDocument(format: ExchangeFormat, document: string | null): Promise<void>;
  dismissImportOutcome(): void;
  dismissError(): void;
}

function emptyState() {
  return {
    documents: [],
    documentsLoaded: false,
    rows: [],
    rowsFor: null,
    lint: null,
    selected: null,
    detail: null,
    draftLint: null,
    diff: null,
    saving: false,
    importTask: null,
    importOutcome: null,
    exporting: false,
    exported: null,
    error: null,
  } satisfies Partial<RequirementsState>;
}

export function createRequirementsStore(host: Host): StoreApi<RequirementsState> {
  const { api } = host;
  return createStore<RequirementsState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });
    /** the newest lintDraft call: an older one's answer arriving later must not replace a newer one's */
    let lintTicket = 0;

    const loadDetail = async (id: string) => {
      const detail = await api.call('requirements.get', { id, history: true });
      // the selection may have moved on while the call was out
      if (get().selected === id) set({ detail });
    };

    const reloadShown = async () => {
      const { rowsFor, lint, selected } = get();
      await Promise.all([
        get().loadDocuments(),
        rowsFor !== null ? get().loadRows(rowsFor) : null,
        lint !== null ? get().loadLint() : null,
        selected !== null ? loadDetail(selected).catch(fail) : null,
      ]);
    };

    api.subscribe('project.changed', () => {
      lintTicket++;
      set(emptyState());
    });
    // a classification that finished (started here or on the classifier page) changes the class column
    api.subscribe('job.updated', (job) => {
      if (succeededAs(job, 'requirements.classify') && get().rowsFor !== null) void reloadShown();
    });

    return {
      ...emptyState(),
      hostPicksFiles: host.pickFile !== null,

      async loadDocuments() {
        try {
          set({ documents: await api.call('requirements.documents', {}), documentsLoaded: true });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadRows(document) {
        try {
          const rows = await api.call('requirements.table', { document });
          set({ rows, rowsFor: document });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadLint() {
        try {
          set({ lint: await api.call('requirements.lint', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      refresh: reloadShown,

      async select(id) {
        if (get().selected === id) return;
        lintTicket++;
        set({ selected: id, detail: null, draftLint: null, diff: null });
        if (id === null) return;
        try {
          await loadDetail(id);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async lintDraft(text) {
        const ticket = ++lintTicket;
        try {
          const result = await api.call('requirements.lintText', { text });
          if (ticket === lintTicket) set({ draftLint: { text, result } });
        } catch (thrown) {
          if (ticket === lintTicket) fail(thrown);
        }
      },

      async save(id, edit) {
        set({ saving: true });
        try {
          await api.call('requirements.edit', { id, ...edit });
          await reloadShown();
          return { ok: true };
        } catch (thrown) {
          return { ok: false, error: toShownError(thrown) };
        } finally {
          set({ saving: false });
        }
      },

      async loadDiff(id, from, to) {
        try {
          const parts = await api.call('requirements.diff', { id, from, to });
          set({ diff: { id, from, to, parts } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      pickFile: async () => (host.pickFile ? host.pickFile() : null),

      async importFile(file) {
        if (get().importTask) return;
        const fileName = fileNameOf(file);
        set({ importOutcome: null, importTask: { fileName, phase: 'uploading', uploadFraction: 0 } });
        try {
          // the import itself is one call that stores all or nothing, so the upload is not offered a cancel
          const staged = await stageFile(host, file, (uploadFraction) => {
            const task = get().importTask;
            if (task) set({ importTask: { ...task, uploadFraction } });
          });
          set({ importTask: { fileName, phase: 'storing', uploadFraction: 1 } });
          const summary = await api.call('requirements.import', { source: staged.source, fileName: staged.fileName });
          set({ importTask: null, importOutcome: { kind: 'succeeded', fileName, summary } });
          await reloadShown();
        } catch (thrown) {
          set({ importTask: null, importOutcome: { kind: 'failed', error: toShownError(thrown) } });
        }
      },

      async exportDocument(format, document) {
        if (get().exporting) return;
        set({ exporting: true, exported: null });
        try {
          const target = await pickOutputTarget(host, `${document ?? 'requirements'}.${format}`);
          if (!target) return;
          const result = await api.call('requirements.export', { format, target, ...(document === null ? {} : { document }) });
          if (result.downloadId) host.download?.(result.downloadId);
          set({ exported: { ...result, format } });
        } catch (thrown) {
          fail(thrown);
        } finally {
          set({ exporting: false });
        }
      },

      dismissImportOutcome: () => set({ importOutcome: null }),
      dismissError: () => set({ error: null }),
    };
  });
}
