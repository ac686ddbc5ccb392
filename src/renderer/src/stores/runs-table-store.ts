// Runs-table state: the column catalogue, which columns show, sort and filters, and the cells on screen, fetched by
// windows of 100 rows carrying only the visible columns, so 10,000 runs x 1,000 metrics never cross the wire whole.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { RunColumnInfo, RunColumnRef, RunFilter } from '../../../shared/experiments';
import { toShownError, type Host } from '../api';

export const RUNS_PAGE = 100;
/** pages kept (about 4,000 rows): enough for back-and-forth scrolling, never the whole table */
const MAX_PAGES = 40;
/** runs.compare takes at most this many runs */
export const MAX_SELECTED = 100;

export type RunCell = string | number | null;

/** one window of rows: their ids and, per fetched column, the values in row order */
export interface RunsWindow {
  ids: string[];
  cells: Readonly<Record<RunColumnRef, RunCell[]>>;
  /** the table generation it was fetched in: an older one is shown until its refetch lands */
  generation: number;
}

export type RunsSort = { column: RunColumnRef; desc: boolean } | null;

export interface RunsTableState {
  experiment: string | null;
  catalogue: RunColumnInfo[];
  catalogueLoaded: boolean;
  visible: RunColumnRef[];
  sort: RunsSort;
  filters: RunFilter[];
  total: number | null;
  pages: Readonly<Record<number, RunsWindow>>;
  /** bumps whenever sort, filters or scope change: rows are renumbered */
  queryVersion: number;
  selected: string[];
  error: AppError | null;
  loadCatalogue(): Promise<void>;
  setExperiment(experiment: string | null): void;
  setVisible(columns: RunColumnRef[]): void;
  toggleColumn(column: RunColumnRef): void;
  setSort(sort: RunsSort): void;
  addFilter(filter: RunFilter): void;
  removeFilter(index: number): void;
  /** asks for rows [first, last] and the given columns; fetches whatever is missing or stale */
  ensureWindow(first: number, last: number, columns: RunColumnRef[]): void;
  toggleSelected(id: string): void;
  setSelected(ids: string[]): void;
  dismissError(): void;
}

const DEFAULT_ATTRS: RunColumnRef[] = ['attr:name', 'attr:status', 'attr:model_kind', 'attr:dataset_version', 'attr:started_at'];
const PREFERRED_METRICS = ['val_accuracy', 'val_f1_macro', 'val_roc_auc', 'val_log_loss', 'val_rmse', 'val_mae', 'val_r2'];

/** name, status, model, dataset version, start, and up to four validation metrics (the familiar ones first) */
export function defaultColumns(catalogue: RunColumnInfo[]): RunColumnRef[] {
  const metrics = new Set(catalogue.filter((c) => c.kind === 'metric').map((c) => c.key));
  const preferred = PREFERRED_METRICS.filter((m) => metrics.has(m));
  const others = [...metrics].filter((m) => m.startsWith('val_') && !preferred.includes(m)).sort();
  return [...DEFAULT_ATTRS, ...[...preferred, ...others].slice(0, 4).map((m) => `metric:${m}`)];
}

function pagesFor(first: number, last: number, total: number): number[] {
  if (total <= 0) return [0];
  const to = Math.min(Math.floor((total - 1) / RUNS_PAGE), Math.floor(Math.max(first, last) / RUNS_PAGE));
  const pages: number[] = [];
  for (let p = Math.max(0, Math.floor(first / RUNS_PAGE)); p <= to; p++) pages.push(p);
  return pages;
}

function bounded(pages: Record<number, RunsWindow>, around: number): Record<number, RunsWindow> {
  const keys = Object.keys(pages).map(Number);
  if (keys.length <= MAX_PAGES) return pages;
  keys.sort((a, b) => Math.abs(b - around) - Math.abs(a - around));
  const next = { ...pages };
  for (const key of keys.slice(0, keys.length - MAX_PAGES)) delete next[key];
  return next;
}

export function cellAt(pages: Readonly<Record<number, RunsWindow>>, row: number, column: RunColumnRef): RunCell | undefined {
  return pages[Math.floor(row / RUNS_PAGE)]?.cells[column]?.[row % RUNS_PAGE];
}

export function idAt(pages: Readonly<Record<number, RunsWindow>>, row: number): string | undefined {
  return pages[Math.floor(row / RUNS_PAGE)]?.ids[row % RUNS_PAGE];
}

export function createRunsTableStore(host: Host): StoreApi<RunsTableState> {
  const { api } = host;
  /** `${queryVersion}:${generation}:${page}:${column}` of every request on its way */
  const pending = new Set<string>();
  let generation = 0;
  let lastWindow: { first: number; last: number; columns: RunColumnRef[] } | null = null;
  let changeTimer: ReturnType<typeof setTimeout> | null = null;

  return createStore<RunsTableState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    const resetRows = (patch: Partial<RunsTableState>) => {
      pending.clear();
      set({ ...patch, pages: {}, total: null, queryVersion: get().queryVersion + 1 });
      if (lastWindow) get().ensureWindow(lastWindow.first, lastWindow.last, lastWindow.columns);
    };

    const fetchWindow = async (page: number, columns: RunColumnRef[], replace: boolean) => {
      const { queryVersion, experiment, sort, filters } = get();
      const gen = generation;
      const ids = [...columns, ...(replace ? ['*'] : [])].map((c) => `${queryVersion}:${gen}:${page}:${c}`);
      ids.forEach((id) => pending.add(id));
      try {
        const data = await api.call('runs.query', {
          experiment: experiment ?? undefined,
          filters: filters.length > 0 ? filters : undefined,
          sort: sort ?? undefined,
          offset: page * RUNS_PAGE,
          limit: RUNS_PAGE,
          columns,
        });
        if (get().queryVersion !== queryVersion) return;
        const fetched: Record<RunColumnRef, RunCell[]> = {};
        data.columns.forEach((c, i) => (fetched[c] = data.rows.map((r) => r.values[i])));
        const current = get().pages[page];
        const rowIds = data.rows.map((r) => r.id);
        // the same rows as before: add columns; other rows (a run landed, the order moved): the window starts over
        const sameRows = current && current.ids.length === rowIds.length && current.ids.every((id, i) => id === rowIds[i]);
        const window: RunsWindow =
          current && sameRows && !replace
            ? { ids: rowIds, cells: { ...current.cells, ...fetched }, generation: Math.max(current.generation, gen) }
            : { ids: rowIds, cells: fetched, generation: gen };
        set({ total: data.total, pages: bounded({ ...get().pages, [page]: window }, page) });
      } catch (thrown) {
        fail(thrown);
      } finally {
        ids.forEach((id) => pending.delete(id));
      }
    };

    api.subscribe('runs.changed', () => {
      // a study lands a run every few hundred ms: refetch the visible window once they settle, keep showing the old one
      if (changeTimer) clearTimeout(changeTimer);
      changeTimer = setTimeout(() => {
        changeTimer = null;
        generation++;
        void get().loadCatalogue();
        if (lastWindow) get().ensureWindow(lastWindow.first, lastWindow.last, lastWindow.columns);
      }, 300);
    });
    api.subscribe('project.changed', () => {
      pending.clear();
      lastWindow = null;
      set({ experiment: null, catalogue: [], catalogueLoaded: false, visible: [], sort: null, filters: [], total: null, pages: {}, selected: [], error: null });
    });

    return {
      experiment: null,
      catalogue: [],
      catalogueLoaded: false,
      visible: [],
      sort: null,
      filters: [],
      total: null,
      pages: {},
      queryVersion: 0,
      selected: [],
      error: null,

      async loadCatalogue() {
        try {
          const catalogue = await api.call('runs.columns', { experiment: get().experiment ?? undefined });
          const known = new Set(catalogue.map((c) => c.ref));
          const wasEmpty = get().visible.length === 0 || !get().catalogueLoaded;
          const kept = get().visible.filter((c) => known.has(c));
          // the first time there are metrics to show, pick the default columns; after that the user's choice stands
          const hadMetrics = get().catalogue.some((c) => c.kind === 'metric');
          const visible = wasEmpty || (!hadMetrics && kept.every((c) => c.startsWith('attr:'))) ? defaultColumns(catalogue) : kept;
          set({ catalogue, catalogueLoaded: true, visible });
        } catch (thrown) {
          fail(thrown);
        }
      },

      setExperiment(experiment) {
        if (experiment === get().experiment) return;
        resetRows({ experiment });
        void get().loadCatalogue();
      },

      setVisible: (visible) => set({ visible }),

      toggleColumn(column) {
        const visible = get().visible;
        set({ visible: visible.includes(column) ? visible.filter((c) => c !== column) : [...visible, column] });
      },

      setSort: (sort) => resetRows({ sort }),
      addFilter: (filter) => resetRows({ filters: [...get().filters, filter] }),
      removeFilter: (index) => resetRows({ filters: get().filters.filter((_, i) => i !== index) }),

      ensureWindow(first, last, columns) {
        lastWindow = { first, last, columns };
        const { pages, total, queryVersion } = get();
        for (const page of pagesFor(first, last, total ?? RUNS_PAGE)) {
          const current = pages[page];
          const prefix = `${queryVersion}:${generation}:${page}:`;
          if (!current || current.generation < generation) {
            // a new window, or a stale one (its rows may have moved): fetched whole, once
            if (!pending.has(`${prefix}*`)) void fetchWindow(page, columns, true);
            continue;
          }
          const missing = columns.filter((c) => !current.cells[c] && !pending.has(prefix + c));
          if (missing.length > 0) void fetchWindow(page, missing, false);
        }
      },

      toggleSelected(id) {
        const selected = get().selected;
        if (selected.includes(id)) set({ selected: selected.filter((s) => s !== id) });
        else if (selected.length < MAX_SELECTED) set({ selected: [...selected, id] });
      },

      setSelected: (ids) => set({ selected: ids.slice(0, MAX_SELECTED) }),
      dismissError: () => set({ error: null }),
    };
  });
}
