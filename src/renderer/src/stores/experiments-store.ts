// Experiments state: training and study jobs with their live curves, run details, artifacts, curves, comparisons, studies.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input } from '../../../shared/api';
import type { JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import type { MetricPoint } from '../../../shared/events';
import type { MetricCurve, RunComparison, RunDetail, StudyDetail, StudyResult, TrainResult } from '../../../shared/experiments';
import { succeededAs } from '../../../shared/jobs';
import { toShownError, type Host } from '../api';
import { endedError, isFinished } from './jobs-store';

export type LiveKind = 'train' | 'study';

/** a live curve of a running job: points in the order they arrived */
export interface LiveSeries {
  steps: number[];
  values: number[];
}

export interface LiveTask {
  kind: LiveKind;
  title: string;
  jobId: string | null;
  job: JobInfo | null;
  series: Record<string, LiveSeries>;
  /** bumps with every batch of points, so charts redraw without comparing series */
  revision: number;
}

export type LiveOutcome =
  | { kind: 'train'; result: TrainResult; series: Record<string, LiveSeries> }
  | { kind: 'study'; result: StudyResult; series: Record<string, LiveSeries> }
  | { kind: 'failed'; error: AppError }
  | { kind: 'cancelled'; title: string };

export type StudySummary = Omit<StudyDetail, 'trials' | 'importance' | 'space'>;

/** an artifact's parsed JSON, or why it could not be read */
export type ArtifactEntry = { ok: true; json: unknown } | { ok: false; error: AppError };

export interface ExperimentsState {
  experiments: { name: string; runs: number; createdAt: string }[];
  studies: StudySummary[];
  studiesLoaded: boolean;
  study: StudyDetail | null;
  runs: Record<string, RunDetail>;
  artifacts: Record<string, ArtifactEntry>;
  curves: Record<string, MetricCurve[]>;
  comparison: { key: string; data: RunComparison } | null;
  tasks: Record<LiveKind, LiveTask | null>;
  outcomes: Record<LiveKind, LiveOutcome | null>;
  error: AppError | null;
  loadExperiments(): Promise<void>;
  loadStudies(): Promise<void>;
  loadStudy(id: string): Promise<void>;
  loadRun(id: string, force?: boolean): Promise<void>;
  loadArtifact(id: string, path: string): Promise<void>;
  loadCurves(ids: string[], keys: string[]): Promise<void>;
  loadComparison(ids: string[]): Promise<void>;
  setTag(id: string, key: string, value: string | null): Promise<void>;
  setNote(id: string, note: string): Promise<void>;
  startTrain(request: Input<'train.start'>): Promise<void>;
  startStudy(request: Input<'studies.start'>): Promise<void>;
  cancel(kind: LiveKind): Promise<void>;
  dismissOutcome(kind: LiveKind): void;
  dismissError(): void;
}

export const artifactKey = (id: string, path: string) => `${id}:${path}`;
export const curvesKey = (ids: string[], keys: string[]) => `${ids.join(',')}|${keys.join(',')}`;
export const comparisonKey = (ids: string[]) => ids.join(',');

/**
 * points per curve the main side thins a history to, keeping each stretch's lowest and highest value: about two per
 * pixel column of a full-width chart, so 20 runs x 10,000 steps draws 20,000 points, not 200,000
 */
const CURVE_POINTS = 1000;

/** metric points that arrived before 'train.start' answered with the job's id, kept for a few jobs */
const EARLY_JOBS = 8;

function appendPoints(series: Record<string, LiveSeries>, points: MetricPoint[]): Record<string, LiveSeries> {
  const next = { ...series };
  for (const p of points) {
    const s = next[p.key] ?? { steps: [], values: [] };
    // a new array per batch: plotly compares by identity
    next[p.key] = { steps: [...s.steps, p.step], values: [...s.values, p.value] };
  }
  return next;
}

/** what the store holds before a project's data arrives, and again after the project changes */
function emptyState() {
  return {
    experiments: [],
    studies: [],
    studiesLoaded: false,
    study: null,
    runs: {},
    artifacts: {},
    curves: {},
    comparison: null,
    tasks: { train: null, study: null },
    outcomes: { train: null, study: null },
    error: null,
  } satisfies Partial<ExperimentsState>;
}

export function createExperimentsStore(host: Host): StoreApi<ExperimentsState> {
  const { api } = host;
  const early = new Map<string, MetricPoint[]>();
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  return createStore<ExperimentsState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    const taskFor = (jobId: string): LiveTask | null => Object.values(get().tasks).find((t) => t?.jobId === jobId) ?? null;

    const finish = (task: LiveTask, job: JobInfo) => {
      const outcome: LiveOutcome =
        succeededAs(job, 'train')
          ? { kind: 'train', result: job.result, series: task.series }
          : succeededAs(job, 'study')
            ? { kind: 'study', result: job.result, series: task.series }
            : job.state === 'cancelled'
              ? { kind: 'cancelled', title: task.title }
              : { kind: 'failed', error: endedError(job, 'job') };
      set({ tasks: { ...get().tasks, [task.kind]: null }, outcomes: { ...get().outcomes, [task.kind]: outcome } });
      void get().loadStudies();
    };

    const trackJob = (job: JobInfo) => {
      const task = taskFor(job.id);
      if (!task) return;
      if (isFinished(job)) finish(task, job);
      else set({ tasks: { ...get().tasks, [task.kind]: { ...task, job } } });
    };

    const start = async (kind: LiveKind, title: string, call: () => Promise<{ jobId: string }>) => {
      if (get().tasks[kind]) return;
      set({ tasks: { ...get().tasks, [kind]: { kind, title, jobId: null, job: null, series: {}, revision: 0 } }, outcomes: { ...get().outcomes, [kind]: null } });
      try {
        const { jobId } = await call();
        const task = get().tasks[kind];
        if (!task) return;
        const points = early.get(jobId) ?? [];
        early.delete(jobId);
        set({ tasks: { ...get().tasks, [kind]: { ...task, jobId, series: appendPoints(task.series, points), revision: task.revision + 1 } } });
        trackJob(await api.call('jobs.get', { id: jobId }));
      } catch (thrown) {
        set({ tasks: { ...get().tasks, [kind]: null }, outcomes: { ...get().outcomes, [kind]: { kind: 'failed', error: toShownError(thrown) } } });
      }
    };

    // a study's trials land as runs one by one: refresh the open study a little after each, not once per run
    const refreshStudySoon = () => {
      if (refreshTimer) return;
      refreshTimer = setTimeout(() => {
        refreshTimer = null;
        const study = get().study;
        if (study) void get().loadStudy(study.id);
      }, 400);
    };

    api.subscribe('job.updated', trackJob);
    api.subscribe('job.metrics', ({ jobId, points }) => {
      const task = taskFor(jobId);
      if (task) {
        set({ tasks: { ...get().tasks, [task.kind]: { ...task, series: appendPoints(task.series, points), revision: task.revision + 1 } } });
        return;
      }
      const pending = Object.values(get().tasks).some((t) => t && t.jobId === null);
      if (!pending) return;
      early.set(jobId, [...(early.get(jobId) ?? []), ...points]);
      while (early.size > EARLY_JOBS) early.delete(early.keys().next().value as string);
    });
    api.subscribe('runs.changed', ({ runs }) => {
      const cached = get().runs;
      const touched = runs.filter((id) => cached[id]);
      for (const id of touched) void get().loadRun(id, true);
      if (get().study?.state === 'running') refreshStudySoon();
    });
    api.subscribe('project.changed', () => {
      early.clear();
      set(emptyState());
    });

    return {
      ...emptyState(),

      async loadExperiments() {
        try {
          set({ experiments: await api.call('experiments.list', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadStudies() {
        try {
          const studies = await api.call('studies.list', {});
          set({ studies: studies.slice().sort((a, b) => b.createdAt.localeCompare(a.createdAt)), studiesLoaded: true });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadStudy(id) {
        try {
          const study = await api.call('studies.get', { id });
          set({ study });
          if (study.state === 'running') refreshStudySoon();
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadRun(id, force = false) {
        if (!force && get().runs[id]) return;
        try {
          const run = await api.call('runs.get', { id });
          set({ runs: { ...get().runs, [id]: run } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadArtifact(id, path) {
        const key = artifactKey(id, path);
        if (get().artifacts[key]) return;
        let entry: ArtifactEntry;
        try {
          entry = { ok: true, json: (await api.call('runs.artifact', { id, path })).json };
        } catch (thrown) {
          entry = { ok: false, error: toShownError(thrown) };
        }
        set({ artifacts: { ...get().artifacts, [key]: entry } });
      },

      async loadCurves(ids, keys) {
        if (ids.length === 0 || keys.length === 0) return;
        const key = curvesKey(ids, keys);
        if (get().curves[key]) return;
        try {
          const curves = await api.call('runs.curves', { ids, keys, maxPoints: CURVE_POINTS });
          set({ curves: { ...get().curves, [key]: curves } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadComparison(ids) {
        const key = comparisonKey(ids);
        if (get().comparison?.key === key || ids.length === 0) return;
        try {
          set({ comparison: { key, data: await api.call('runs.compare', { ids }) } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async setTag(id, key, value) {
        try {
          const run = await api.call('runs.setTag', { id, key, value });
          set({ runs: { ...get().runs, [id]: run } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async setNote(id, note) {
        try {
          const run = await api.call('runs.setNote', { id, note });
          set({ runs: { ...get().runs, [id]: run } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      startTrain: (request) =>
        start('train', `Training ${request.model} on ${request.dataset} → ${request.target}`, () => api.call('train.start', request)),

      startStudy: (request) =>
        start('study', `Study: ${request.trials ?? 20} trials of ${request.train.model} on ${request.train.dataset} → ${request.train.target}`, () =>
          api.call('studies.start', request),
        ),

      async cancel(kind) {
        const task = get().tasks[kind];
        if (!task?.jobId) return;
        try {
          trackJob(await api.call('jobs.cancel', { id: task.jobId }));
        } catch (thrown) {
          fail(thrown);
        }
      },

      dismissOutcome: (kind) => set({ outcomes: { ...get().outcomes, [kind]: null } }),
      dismissError: () => set({ error: null }),
    };
  });
}
