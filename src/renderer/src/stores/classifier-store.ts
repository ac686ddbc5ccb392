// Requirement classes in the window: which classifier the project uses, the classify and retrain jobs (one at a time,
// with progress and Cancel), people's labels, and the duplicate and conflict pairs with their dismissals.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { JobInfo } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { succeededAs } from '../../../shared/jobs';
import type { RequirementTableRow } from '../../../shared/requirements';
import type { ClassifierInfo, RequirementClass, RequirementClassifyResult, RequirementLabel, RequirementTrainResult } from '../../../shared/requirements-classes';
import type { PairDismissal, RequirementPairRow } from '../../../shared/requirements-lint';
import { fileNameOf, stageFile, toShownError, type Host, type StagedFile } from '../api';
import { jobControlsOf, jobTasks, type JobOutcome, type JobTask } from './job-task';

export type ClassifierJobKind = 'requirements.classify' | 'requirements.train';

/** what a classifier job that succeeded made: stored verdicts, or a new classifier version with its comparison */
export type ClassifierSuccess = { kind: 'classified'; result: RequirementClassifyResult } | { kind: 'trained'; result: RequirementTrainResult };

export type ClassifierTask = JobTask<ClassifierJobKind>;
export type ClassifierOutcome = JobOutcome<ClassifierSuccess>;

/** the two requirements of a pair as the pairs page shows them side by side */
export type PairSide = Pick<RequirementTableRow, 'id' | 'title' | 'text' | 'document'>;

export interface ClassifierState {
  info: ClassifierInfo | null;
  task: ClassifierTask | null;
  outcome: ClassifierOutcome | null;
  /** the newest retraining this window ran: its figures stay shown (with Promote) after its outcome is dismissed */
  trained: RequirementTrainResult | null;
  pairs: RequirementPairRow[];
  /** the requirements the listed pairs name, by id */
  sides: Record<string, PairSide>;
  pairsLoaded: boolean;
  /** the document the pairs list is for (null: every document), and whether it includes dismissed pairs */
  pairsDocument: string | null;
  showDismissed: boolean;
  error: AppError | null;
  loadInfo(): Promise<void>;
  classify(document: string | null): Promise<void>;
  /** retrains on the default set, the project's labels and, when given, a labelled CSV (text,label) */
  train(options: { folds: number; file: File | StagedFile | null }): Promise<void>;
  /** accepts or corrects a requirement's class; the refusal comes back for the cell that asked to show */
  label(id: string, label: RequirementClass): Promise<{ ok: true; label: RequirementLabel } | { ok: false; error: AppError }>;
  pickFile(): Promise<StagedFile | null>;
  hostPicksFiles: boolean;
  loadPairs(document: string | null): Promise<void>;
  setShowDismissed(show: boolean): Promise<void>;
  /** the refusal comes back for the dismiss form to show */
  dismissPair(pair: RequirementPairRow, reason: string): Promise<{ ok: true; dismissal: PairDismissal } | { ok: false; error: AppError }>;
  restorePair(pair: RequirementPairRow): Promise<void>;
  cancel(): Promise<void>;
  dismissOutcome(): void;
  dismissError(): void;
}

function succeeded(job: JobInfo): ClassifierSuccess | null {
  if (succeededAs(job, 'requirements.classify')) return { kind: 'classified', result: job.result };
  if (succeededAs(job, 'requirements.train')) return { kind: 'trained', result: job.result };
  return null;
}

function emptyState() {
  return {
    info: null,
    task: null,
    outcome: null,
    trained: null,
    pairs: [],
    sides: {},
    pairsLoaded: false,
    pairsDocument: null,
    showDismissed: false,
    error: null,
  } satisfies Partial<ClassifierState>;
}

export function createClassifierStore(host: Host): StoreApi<ClassifierState> {
  const { api } = host;
  // the pairs list a later request asked for wins over an earlier one's slower answer
  let pairLoads = 0;
  return createStore<ClassifierState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });
    const tasks = jobTasks<ClassifierJobKind, ClassifierSuccess>(jobControlsOf(api), get, set, succeeded);

    api.subscribe('job.updated', (job) => {
      tasks.track(job);
      const done = succeeded(job);
      if (!done) return;
      if (done.kind === 'trained') set({ trained: done.result });
      void get().loadInfo();
    });
    api.subscribe('project.changed', () => {
      pairLoads++;
      set(emptyState());
    });

    return {
      ...emptyState(),
      hostPicksFiles: host.pickFile !== null,

      async loadInfo() {
        try {
          set({ info: await api.call('requirements.classifier', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      classify: (document) =>
        tasks.start('requirements.classify', document ? `Classify ${document}` : 'Classify all requirements', () =>
          api.call('requirements.classify', document ? { document } : {}),
        ),

      train: ({ folds, file }) =>
        tasks.start('requirements.train', file ? `Retrain the classifier with ${fileNameOf(file)}` : 'Retrain the classifier', async () => {
          // a labelled CSV is small: its upload is part of starting the job, which has its own progress
          const labels = file ? (await stageFile(host, file, () => undefined)).source : undefined;
          return api.call('requirements.train', { folds, ...(labels ? { labels } : {}) });
        }),

      async label(id, label) {
        try {
          const given = await api.call('requirements.label', { id, label });
          // the corrections the classifier has not learnt yet went up by one
          void get().loadInfo();
          return { ok: true, label: given };
        } catch (thrown) {
          return { ok: false, error: toShownError(thrown) };
        }
      },

      pickFile: async () => (host.pickFile ? host.pickFile() : null),

      async loadPairs(document) {
        const mine = ++pairLoads;
        set({ pairsDocument: document });
        try {
          const filter = document ? { document } : {};
          const [pairs, rows] = await Promise.all([api.call('requirements.pairs', { ...filter, dismissed: get().showDismissed }), api.call('requirements.table', filter)]);
          if (mine !== pairLoads) return;
          const named = new Set(pairs.flatMap((p) => [p.a, p.b]));
          const sides = Object.fromEntries(rows.filter((r) => named.has(r.id)).map((r) => [r.id, { id: r.id, title: r.title, text: r.text, document: r.document }]));
          set({ pairs, sides, pairsLoaded: true });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async setShowDismissed(show) {
        set({ showDismissed: show });
        await get().loadPairs(get().pairsDocument);
      },

      async dismissPair(pair, reason) {
        try {
          const dismissal = await api.call('requirements.dismissPair', { a: pair.a, b: pair.b, relation: pair.relation, reason });
          await get().loadPairs(get().pairsDocument);
          return { ok: true, dismissal };
        } catch (thrown) {
          return { ok: false, error: toShownError(thrown) };
        }
      },

      async restorePair(pair) {
        try {
          await api.call('requirements.restorePair', { a: pair.a, b: pair.b, relation: pair.relation });
          await get().loadPairs(get().pairsDocument);
        } catch (thrown) {
          fail(thrown);
        }
      },

      cancel: () => tasks.cancel(),
      dismissOutcome: () => set({ outcome: null }),
      dismissError: () => set({ error: null }),
    };
  });
}
