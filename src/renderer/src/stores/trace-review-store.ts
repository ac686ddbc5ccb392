// Traceability review in the window: a requirement's impact (suspect links with their causes and word diffs, what the
// lineage reaches), clearing and re-verifying links, linking and unlinking from any page, coverage, and clause coverage
// with its confirmations. What is shown reloads after each change made here and on 'trace.changed'.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { WordDiffPart } from '../../../shared/requirements';
import type { ChecklistInfo, ClauseCoverageReport, ClauseSuggestion, EvidenceRef } from '../../../shared/standards';
import type { ImpactReport, TraceCoverage, TraceLinkInfo, TraceTarget, TraceTargetInfo } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { toShownError, type Host } from '../api';

/** what a review action answers, so the dialog that asked stays open on a refusal and shows it */
export type ReviewOutcome = { ok: true } | { ok: false; error: AppError };

export interface ClauseChoice {
  standard: string;
  level: string | null;
}

export interface ClauseSuggestions {
  standard: string;
  target: TraceTarget;
  suggestions: ClauseSuggestion[];
}

export interface TraceReviewState {
  /** the impact report of `impactFor`; null while it loads */
  impact: ImpactReport | null;
  impactFor: string | null;
  /** word diffs between two revisions of a requirement, by diffKey */
  diffs: Record<string, WordDiffPart[]>;
  /** the links of one requirement (the editor's Links section) */
  requirementLinks: { requirement: string; links: TraceLinkInfo[] } | null;
  /** the links pointing at a target, by targetKey (the "Link to requirement…" dialog) */
  targetLinks: Record<string, { target: TraceTarget; links: TraceLinkInfo[] }>;
  /** every requirement and artifact a link can point at; null until asked for */
  targets: TraceTargetInfo[] | null;
  coverage: TraceCoverage | null;
  standards: ChecklistInfo[] | null;
  clauses: ClauseCoverageReport | null;
  clausesFor: ClauseChoice | null;
  clauseSuggestions: ClauseSuggestions | null;
  /** a review action (clear, re-verify, link, unlink, map a clause) is on its way */
  busy: boolean;
  error: AppError | null;
  loadImpact(requirement: string): Promise<void>;
  loadDiff(requirement: string, from: number, to: number): Promise<void>;
  loadRequirementLinks(requirement: string): Promise<void>;
  loadTargetLinks(target: TraceTarget): Promise<void>;
  loadTargets(): Promise<void>;
  loadCoverage(): Promise<void>;
  loadStandards(): Promise<void>;
  loadClauses(choice: ClauseChoice): Promise<void>;
  suggestClauses(standard: string, target: TraceTarget): Promise<void>;
  link(requirement: string, target: TraceTarget, type: TraceLinkType, reason: string): Promise<ReviewOutcome>;
  unlink(link: string): Promise<ReviewOutcome>;
  clear(link: string, reason: string): Promise<ReviewOutcome>;
  /** `evidence` null: the same target, re-stamped */
  reverify(link: string, evidence: TraceTarget | null, reason: string): Promise<ReviewOutcome>;
  mapClause(standard: string, clause: string, target: EvidenceRef, state: 'confirmed' | 'rejected'): Promise<ReviewOutcome>;
  dismissError(): void;
}

export const diffKey = (requirement: string, from: number, to: number): string => `${requirement}:${from}:${to}`;
export const targetKey = (target: TraceTarget): string => `${target.kind}:${target.id}`;

function emptyState() {
  return {
    impact: null,
    impactFor: null,
    diffs: {},
    requirementLinks: null,
    targetLinks: {},
    targets: null,
    coverage: null,
    standards: null,
    clauses: null,
    clausesFor: null,
    clauseSuggestions: null,
    busy: false,
    error: null,
  } satisfies Partial<TraceReviewState>;
}

function sameChoice(a: ClauseChoice | null, b: ClauseChoice): boolean {
  return a !== null && a.standard === b.standard && a.level === b.level;
}

export function createTraceReviewStore(host: Host): StoreApi<TraceReviewState> {
  const { api } = host;
  return createStore<TraceReviewState>()((set, get) => {
    const fail = (thrown: unknown) => set({ error: toShownError(thrown) });

    const fetchImpact = async (requirement: string) => {
      const impact = await api.call('trace.impact', { requirement });
      // the page may have moved to another requirement while the call was out
      if (get().impactFor === requirement) set({ impact });
    };
    const fetchRequirementLinks = async (requirement: string) => {
      const links = await api.call('trace.links', { requirement });
      set({ requirementLinks: { requirement, links } });
    };
    const fetchTargetLinks = async (target: TraceTarget) => {
      const links = await api.call('trace.links', { target });
      set({ targetLinks: { ...get().targetLinks, [targetKey(target)]: { target, links } } });
    };
    const fetchClauses = async (choice: ClauseChoice) => {
      const clauses = await api.call('trace.clauses', { standard: choice.standard, ...(choice.level === null ? {} : { level: choice.level }) });
      if (sameChoice(get().clausesFor, choice)) set({ clauses });
    };

    const fetchClauseSuggestions = async (standard: string, target: TraceTarget) => {
      const suggestions = await api.call('trace.suggestClauses', { standard, target });
      set({ clauseSuggestions: { standard, target, suggestions } });
    };

    /** a link's status and a clause's coverage show on several pages: every one that has been read is read again */
    const reloadShown = async () => {
      const { impactFor, requirementLinks, targetLinks, coverage, clausesFor, clauseSuggestions } = get();
      try {
        await Promise.all([
          impactFor !== null ? fetchImpact(impactFor) : null,
          requirementLinks ? fetchRequirementLinks(requirementLinks.requirement) : null,
          ...Object.values(targetLinks).map(({ target }) => fetchTargetLinks(target)),
          coverage ? api.call('trace.coverage', {}).then((next) => set({ coverage: next })) : null,
          clausesFor ? fetchClauses(clausesFor) : null,
          // a clause decided for the target is no longer suggested for it
          clauseSuggestions ? fetchClauseSuggestions(clauseSuggestions.standard, clauseSuggestions.target) : null,
        ]);
      } catch (thrown) {
        fail(thrown);
      }
    };

    /** runs one review action, then reloads what is shown; a refusal is the caller's to show */
    const act = async (call: () => Promise<unknown>): Promise<ReviewOutcome> => {
      set({ busy: true });
      try {
        await call();
        await reloadShown();
        return { ok: true };
      } catch (thrown) {
        return { ok: false, error: toShownError(thrown) };
      } finally {
        set({ busy: false });
      }
    };

    api.subscribe('project.changed', () => set(emptyState()));
    api.subscribe('trace.changed', () => void reloadShown());

    return {
      ...emptyState(),

      async loadImpact(requirement) {
        if (get().impactFor !== requirement) set({ impactFor: requirement, impact: null });
        try {
          await fetchImpact(requirement);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadDiff(requirement, from, to) {
        const key = diffKey(requirement, from, to);
        if (get().diffs[key]) return;
        try {
          const parts = await api.call('requirements.diff', { id: requirement, from, to });
          set({ diffs: { ...get().diffs, [key]: parts } });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadRequirementLinks(requirement) {
        if (get().requirementLinks?.requirement !== requirement) set({ requirementLinks: null });
        try {
          await fetchRequirementLinks(requirement);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadTargetLinks(target) {
        try {
          await fetchTargetLinks(target);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadTargets() {
        try {
          set({ targets: await api.call('trace.targets', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadCoverage() {
        try {
          set({ coverage: await api.call('trace.coverage', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadStandards() {
        try {
          set({ standards: await api.call('trace.standards', {}) });
        } catch (thrown) {
          fail(thrown);
        }
      },

      async loadClauses(choice) {
        if (!sameChoice(get().clausesFor, choice)) set({ clausesFor: choice, clauses: null });
        try {
          await fetchClauses(choice);
        } catch (thrown) {
          fail(thrown);
        }
      },

      async suggestClauses(standard, target) {
        set({ clauseSuggestions: null });
        try {
          await fetchClauseSuggestions(standard, target);
        } catch (thrown) {
          fail(thrown);
        }
      },

      link: (requirement, target, type, reason) =>
        act(async () => {
          await api.call('trace.link', { requirement, target, type, ...(reason.trim() === '' ? {} : { reason }) });
          // the dialog that linked shows the target's links even when none were read before
          await fetchTargetLinks(target);
        }),
      unlink: (link) => act(() => api.call('trace.unlink', { link })),
      clear: (link, reason) => act(() => api.call('trace.clear', { link, reason })),
      reverify: (link, evidence, reason) => act(() => api.call('trace.reverify', { link, reason, ...(evidence ? { evidence } : {}) })),
      mapClause: (standard, clause, target, state) => act(() => api.call('trace.mapClause', { standard, clause, target, state })),

      dismissError: () => set({ error: null }),
    };
  });
}
