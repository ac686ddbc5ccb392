// Evaluations state: execution providers, the versions a comparison can pick, stored evaluation reports read whole,
// and the one model job (score, bench, compare, explain, fairness) this window runs at a time.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Input } from '../../../shared/api';
import type { JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import type { EvaluationReport, EvaluationSummary, ScoreJobResult } from '../../../shared/evaluations';
import { succeededAs } from '../../../shared/jobs';
import type { ModelVersionInfo, ProviderStatus } from '../../../shared/models';
import { toShownError, type Host } from '../api';
import { jobControlsOf, jobTasks, type JobOutcome, type JobTask } from './job-task';

/** the model job kinds this window starts from a version's Evaluate tab */
export type EvaluationJobKind = 'model.score' | 'model.bench' | 'model.compare' | 'model.explain' | 'model.fairness';

export type EvaluationTask = JobTask<EvaluationJobKind>;

/** what a model job that succeeded made: a scored dataset version, or a stored report */
export type EvaluationSuccess = { kind: 'scored'; scored: ScoreJobResult } | { kind: 'evaluated'; report: EvaluationSummary };

export type EvaluationOutcome = JobOutcome<EvaluationSuccess>;

export interface EvaluationsState {
  /** null until asked for */
  providers: ProviderStatus[] | null;
  /** every version of a model by name, newest first: what a comparison's challenger is picked from */
  versions: Record<string, ModelVersionInfo[]>;
  /** reports read whole, by id (a stored evaluation never changes) */
  opened: Record<string, EvaluationReport>;
  task: EvaluationTask | null;
  outcome: EvaluationOutcome | null;
  error: AppError | null;
  loadProviders(): Promise<void>;
  loadVersions(model: string): Promise<void>;
  loadEvaluation(id: string): Promise<void>;
  score(request: Input<'models.score'>): Promise<void>;
  bench(request: Input<'models.bench'>): Promise<void>;
  compare(request: Input<'models.compare'>): Promise<void>;
  explain(request: Input<'models.explain'>): Promise<void>;
  fairness(request: Input<'models.fairness'>): Promise<void>;
  cancel(): Promise<void>;
  dismissOutcome(): void;
  dismissError(): void;
}

const datasetLabel = (d: { dataset: string; version: number }) => `${d.dataset}@${d.version}`;

function succeeded(job: JobInfo): EvaluationSuccess | null {
  if (succeededAs(job, 'model.score')) return { kind: 'scored', scored: job.result };
  if (succeededAs(job, 'model.bench') || succeededAs(job, 'model.compare') || succeededAs(job, 'model.explain') || succeededAs(job, 'model.fairness')) {
    return { kind: 'evaluated', report: job.result };
  }
  return null;
}

function emptyState() {
  return { providers: null, versions: {}, opened: {}, task: null, outcome: null, error: null } satisfies Partial<EvaluationsState>;
}

export function createEvaluationsStore(host: Host): StoreApi<EvaluationsState> {
  const { api } = host;
  return createStore<EvaluationsState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    const { start, track, cancel } = jobTasks<EvaluationJobKind, EvaluationSuccess>(jobControlsOf(api), get, set, succeeded);

    api.subscribe('job.updated', track);
    api.subscribe('project.changed', () => set(emptyState()));

    return {
      ...emptyState(),

      async loadProviders() {
        try {
          set({ providers: await api.call('models.providers', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadVersions(model) {
        try {
          const detail = await api.call('models.get', { name: model });
          set({ versions: { ...get().versions, [model]: detail.versions } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadEvaluation(id) {
        if (get().opened[id]) return;
        try {
          const report = await api.call('evaluations.get', { id });
          set({ opened: { ...get().opened, [id]: report } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      score: (request) => start('model.score', `Scoring ${request.model} on ${datasetLabel(request.dataset)}`, () => api.call('models.score', request)),
      bench: (request) => start('model.bench', `Benchmark of ${request.model}`, () => api.call('models.bench', request)),
      compare: (request) =>
        start('model.compare', `Comparison ${request.champion} vs ${request.challenger} on ${datasetLabel(request.dataset)}`, () => api.call('models.compare', request)),
      explain: (request) =>
        start('model.explain', `Explaining ${request.model} (${request.method}) on ${datasetLabel(request.dataset)}`, () => api.call('models.explain', request)),
      fairness: (request) =>
        start('model.fairness', `Fairness of ${request.model} by ${request.sensitive} on ${datasetLabel(request.dataset)}`, () => api.call('models.fairness', request)),

      cancel,

      dismissOutcome: () => set({ outcome: null }),
      dismissError: () => set({ error: null }),
    };
  });
}
