// Suggested links of one requirement in the window: the ranked candidates with their reasons, accepted in place (an
// ordinary link of origin 'suggestion', made the other way round for a child) or rejected for good. The list reloads
// after each choice made here and on 'trace.changed' (a link made elsewhere drops out of it).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { TraceSuggestion, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import { toShownError, type Host } from '../api';

/** How many candidates the panel shows. */
export const SUGGESTIONS_SHOWN = 8;

/** what a choice answers, so the row that asked can show a refusal beside itself */
export type SuggestionOutcome = { ok: true } | { ok: false; error: AppError };

export interface TraceSuggestionsState {
  /** the requirement asked about; null before the first load */
  requirement: string | null;
  /** its candidates, best first; null while they load */
  suggestions: TraceSuggestion[] | null;
  /** the key (suggestionKey) of the candidate being accepted or rejected */
  acting: string | null;
  error: AppError | null;
  load(requirement: string): Promise<void>;
  accept(suggestion: TraceSuggestion): Promise<SuggestionOutcome>;
  reject(suggestion: TraceSuggestion, reason: string): Promise<SuggestionOutcome>;
  dismissError(): void;
}

export const suggestionKey = (s: TraceSuggestion): string => `${s.type} ${s.target.kind}:${s.target.id}`;

/** The link a suggestion stands for: from the requirement asked about, or, for a child, from the child to it. */
export function suggestedLink(requirement: string, s: TraceSuggestion): { requirement: string; target: TraceTarget; type: TraceLinkType } {
  return s.reverse ? { requirement: s.target.id, target: { kind: 'requirement', id: requirement }, type: s.type } : { requirement, target: s.target, type: s.type };
}

export function createTraceSuggestionsStore(host: Host): StoreApi<TraceSuggestionsState> {
  const { api } = host;
  return createStore<TraceSuggestionsState>()((set, get) => {
    const fetch = async (requirement: string) => {
      const suggestions = await api.call('trace.suggest', { requirement, limit: SUGGESTIONS_SHOWN });
      // the panel may have moved to another requirement while the call was out
      if (get().requirement === requirement) set({ suggestions });
    };
    const reload = async () => {
      const { requirement } = get();
      if (requirement === null) return;
      try {
        await fetch(requirement);
      } catch (thrown) {
        set({ error: toShownError(thrown) });
      }
    };
    /** one choice on one candidate, then the list again; a refusal is the caller's to show */
    const act = async (s: TraceSuggestion, call: (requirement: string) => Promise<unknown>): Promise<SuggestionOutcome> => {
      const { requirement } = get();
      if (requirement === null) return { ok: true };
      set({ acting: suggestionKey(s) });
      try {
        await call(requirement);
        await fetch(requirement);
        return { ok: true };
      } catch (thrown) {
        return { ok: false, error: toShownError(thrown) };
      } finally {
        set({ acting: null });
      }
    };

    api.subscribe('project.changed', () => set({ requirement: null, suggestions: null, acting: null, error: null }));
    api.subscribe('trace.changed', () => void reload());

    return {
      requirement: null,
      suggestions: null,
      acting: null,
      error: null,

      async load(requirement) {
        if (get().requirement !== requirement) set({ requirement, suggestions: null });
        await reload();
      },

      accept: (s) => act(s, (requirement) => api.call('trace.link', { ...suggestedLink(requirement, s), suggested: true })),

      reject: (s, reason) => act(s, (requirement) => api.call('trace.reject', { ...suggestedLink(requirement, s), ...(reason.trim() === '' ? {} : { reason: reason.trim() }) })),

      dismissError: () => set({ error: null }),
    };
  });
}
