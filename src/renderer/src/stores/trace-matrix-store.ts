// Traceability in the window: the trace matrix: its cells indexed by row, the filters, folds and direction that lay it
// out, the focused and selected cells (by stable key), link edits over the selection with undo and redo, and exports.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ReportExportResult } from '../../../shared/api';
import type { AppError } from '../../../shared/errors';
import type { RequirementDocumentInfo } from '../../../shared/requirements';
import type { MatrixExportFormat } from '../../../shared/trace-matrix';
import { pickOutputTarget, toShownError, type Host } from '../api';
import { inverseEdit, planRemove, planToggle, type EditableCell, type LinkSpec, type LinkTypeChoice, type MatrixEdit } from '../features/trace/matrix/link-edits';
import {
  indexMatrix,
  keyOf,
  layoutMatrix,
  linksAt,
  noMatrixFilters,
  positionOf,
  rectangleKeys,
  refAt,
  refOfKey,
  type MatrixDirection,
  type MatrixFilters,
  type MatrixIndex,
  type MatrixLayout,
} from '../features/trace/matrix/matrix-layout';
import type { GridPosition } from '../features/trace/matrix/matrix-keys';

export type MatrixExport = ReportExportResult & { format: MatrixExportFormat };

/** How a click picks: the cell alone, the rectangle from the anchor (Shift), or the cell added or taken out (Ctrl). */
export type PickMode = 'only' | 'extend' | 'add';

export interface TraceMatrixState {
  /** the loaded matrix with its lookups; null until loaded */
  index: MatrixIndex | null;
  layout: MatrixLayout | null;
  loading: boolean;
  documents: RequirementDocumentInfo[];
  /** the document whose requirements are the rows; null: every document */
  document: string | null;
  direction: MatrixDirection;
  filters: MatrixFilters;
  /** requirements whose descendants are hidden */
  folded: ReadonlySet<string>;
  linkType: LinkTypeChoice;
  /** cell keys (cellKey): they survive reloads and a change of direction */
  focus: string | null;
  anchor: string | null;
  selected: ReadonlySet<string>;
  /** edits as done, newest last; undo takes the last back and moves it to `future` */
  past: MatrixEdit[];
  future: MatrixEdit[];
  /** an edit, undo or redo is out: the next waits for it to end */
  editing: boolean;
  exporting: MatrixExportFormat | null;
  exported: MatrixExport | null;
  error: AppError | null;
  load(): Promise<void>;
  setDocument(document: string | null): Promise<void>;
  setDirection(direction: MatrixDirection): void;
  setFilters(change: Partial<MatrixFilters>): void;
  clearFilters(): void;
  toggleFold(requirement: string): void;
  setLinkType(choice: LinkTypeChoice): void;
  /** focuses the cell at a grid position and selects by `mode` */
  pick(position: GridPosition, mode: PickMode): void;
  /** moves the focus to where `to` says from where it is (the grid's first cell when nothing is focused) */
  move(to: (from: GridPosition) => GridPosition, extend: boolean): void;
  selectAll(): void;
  /** the focused cell's grid position, or null when none is focused or it is hidden */
  focusPosition(): GridPosition | null;
  /** Space/Enter: the chosen link type on every selected cell, or off all of them when all have it */
  toggle(): Promise<void>;
  /** Delete: every link of the selected cells */
  remove(): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  exportMatrix(format: MatrixExportFormat): Promise<void>;
  dismissError(): void;
}

function emptyState() {
  return {
    index: null,
    layout: null,
    loading: false,
    documents: [],
    document: null,
    direction: 'forward',
    filters: noMatrixFilters,
    folded: new Set<string>(),
    linkType: 'auto',
    focus: null,
    anchor: null,
    selected: new Set<string>(),
    past: [],
    future: [],
    editing: false,
    exporting: null,
    exported: null,
    error: null,
  } satisfies Partial<TraceMatrixState>;
}

/** a refusal for several cells says how many, then the first reason */
function refusal(first: AppError, refused: number, of: number): AppError {
  return refused === 1 ? first : { ...first, message: `${refused} of ${of} links were refused; the first: ${first.message}` };
}

export function createTraceMatrixStore(host: Host): StoreApi<TraceMatrixState> {
  const { api } = host;
  return createStore<TraceMatrixState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });
    /** the newest load: an older answer arriving later is dropped */
    let loadTicket = 0;

    const relayout = (change: Partial<Pick<TraceMatrixState, 'index' | 'direction' | 'filters' | 'folded'>>) => {
      const next = { ...get(), ...change };
      set({ ...change, layout: next.index === null ? null : layoutMatrix(next.index, next.direction, next.filters, next.folded) });
    };

    const reload = async () => {
      const ticket = ++loadTicket;
      set({ loading: true });
      try {
        const { document } = get();
        const [matrix, documents] = await Promise.all([api.call('trace.matrix', document === null ? {} : { document }), api.call('requirements.documents', {})]);
        if (ticket !== loadTicket) return;
        relayout({ index: indexMatrix(matrix) });
        set({ documents, loading: false });
      } catch (thrown) {
        if (ticket === loadTicket) {
          set({ loading: false });
          fail(thrown);
        }
      }
    };
    const reloadIfShown = () => {
      if (get().index !== null) void reload();
    };

    const positionOfKey = (key: string | null): GridPosition | null => {
      const { index, layout } = get();
      const ref = key === null || index === null ? null : refOfKey(index, key);
      return ref === null || layout === null ? null : positionOf(layout, ref);
    };

    /** the selected cells the grid shows now (a filter or a fold may hide some), with the links they hold */
    const selectedCells = (): EditableCell[] => {
      const { index, layout, selected } = get();
      if (index === null || layout === null) return [];
      return [...selected].flatMap((key) => {
        const ref = refOfKey(index, key);
        if (ref === null || positionOf(layout, ref) === null) return [];
        const { id, kind } = index.matrix.columns[ref.target];
        return [{ requirement: index.matrix.rows[ref.requirement].id, target: { kind, id }, links: linksAt(index, ref).map((c) => ({ linkType: c.linkType, link: c.link })) }];
      });
    };

    /** makes or removes each link of `edit` in turn; answers with the ones done (a link made carries its new id) */
    const run = async (edit: MatrixEdit): Promise<MatrixEdit> => {
      const done: LinkSpec[] = [];
      let first: AppError | null = null;
      let refused = 0;
      for (const spec of edit.links) {
        try {
          if (edit.action === 'link') {
            const made = await api.call('trace.link', { requirement: spec.requirement, target: spec.target, type: spec.type });
            done.push({ ...spec, link: made.id });
          } else if (spec.link !== null) {
            await api.call('trace.unlink', { link: spec.link });
            done.push(spec);
          }
        } catch (thrown) {
          refused++;
          first ??= toShownError(thrown);
        }
      }
      set({ error: first === null ? null : refusal(first, refused, edit.links.length) });
      return { action: edit.action, links: done };
    };

    /** runs one edit, undo or redo at a time, then reloads the matrix so cells show the links' status now */
    const exclusive = async (work: () => Promise<void>) => {
      if (get().editing) return;
      set({ editing: true });
      try {
        await work();
        await reload();
      } finally {
        set({ editing: false });
      }
    };

    const perform = (plan: MatrixEdit | null) =>
      exclusive(async () => {
        if (plan === null) return;
        const done = await run(plan);
        if (done.links.length > 0) set({ past: [...get().past, done], future: [] });
      });

    api.subscribe('project.changed', () => {
      loadTicket++;
      set(emptyState());
    });
    // links changed elsewhere (the impact view, the CLI's project in another window), or new evidence changed a status
    api.subscribe('trace.changed', reloadIfShown);
    // a new artifact is a new column
    api.subscribe('datasets.changed', reloadIfShown);
    api.subscribe('runs.changed', reloadIfShown);
    api.subscribe('monitoring.changed', reloadIfShown);

    return {
      ...emptyState(),

      load: reload,

      async setDocument(document) {
        set({ document, focus: null, anchor: null, selected: new Set() });
        await reload();
      },

      setDirection: (direction) => relayout({ direction }),
      setFilters: (change) => relayout({ filters: { ...get().filters, ...change } }),
      clearFilters: () => relayout({ filters: noMatrixFilters }),

      toggleFold(requirement) {
        const folded = new Set(get().folded);
        if (!folded.delete(requirement)) folded.add(requirement);
        relayout({ folded });
      },

      setLinkType: (linkType) => set({ linkType }),

      pick(position, mode) {
        const { index, layout, anchor, selected } = get();
        const ref = layout === null ? null : refAt(layout, position.row, position.column);
        if (index === null || layout === null || ref === null) return;
        const key = keyOf(index, ref);
        const from = mode === 'extend' ? positionOfKey(anchor) : null;
        if (from !== null) {
          set({ focus: key, selected: new Set(rectangleKeys(index, layout, from, position)) });
        } else if (mode === 'add') {
          const next = new Set(selected);
          if (!next.delete(key)) next.add(key);
          set({ focus: key, anchor: key, selected: next });
        } else {
          set({ focus: key, anchor: key, selected: new Set([key]) });
        }
      },

      move(to, extend) {
        const { layout } = get();
        if (layout === null || layout.rows.length === 0 || layout.columns.length === 0) return;
        const from = positionOfKey(get().focus) ?? { row: 0, column: 0 };
        get().pick(to(from), extend ? 'extend' : 'only');
      },

      selectAll() {
        const { index, layout } = get();
        if (index === null || layout === null || layout.rows.length === 0 || layout.columns.length === 0) return;
        const last = { row: layout.rows.length - 1, column: layout.columns.length - 1 };
        set({ selected: new Set(rectangleKeys(index, layout, { row: 0, column: 0 }, last)) });
      },

      focusPosition: () => positionOfKey(get().focus),

      toggle: () => perform(planToggle(selectedCells(), get().linkType)),
      remove: () => perform(planRemove(selectedCells())),

      undo: () =>
        exclusive(async () => {
          const edit = get().past.at(-1);
          if (edit === undefined) return;
          const done = await run(inverseEdit(edit));
          set({ past: get().past.slice(0, -1), future: done.links.length > 0 ? [...get().future, inverseEdit(done)] : get().future });
        }),

      redo: () =>
        exclusive(async () => {
          const edit = get().future.at(-1);
          if (edit === undefined) return;
          const done = await run(edit);
          set({ future: get().future.slice(0, -1), past: done.links.length > 0 ? [...get().past, done] : get().past });
        }),

      async exportMatrix(format) {
        if (get().exporting !== null) return;
        set({ exporting: format, exported: null });
        try {
          const target = await pickOutputTarget(host, `trace-matrix.${format}`);
          if (!target) return;
          const { document } = get();
          const result = await api.call('trace.exportMatrix', { format, target, ...(document === null ? {} : { document }) });
          if (result.downloadId) host.download?.(result.downloadId);
          set({ exported: { ...result, format } });
        } catch (thrown) {
          fail(thrown);
        } finally {
          set({ exporting: null });
        }
      },

      dismissError: () => set({ error: null }),
    };
  });
}
