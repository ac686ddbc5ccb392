// One requirement's acceptance criteria in the window: each with its verdict against the requirement's linked
// evidence, replaced as a whole on Save. Reloads when 'trace.changed' names the requirement (new evidence, a link).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { RequirementCriteriaInfo } from '../../../shared/trace';
import { toShownError, type Host } from '../api';

/** what Save answers, so the editor can show a refusal beside the lines it refers to */
export type CriteriaSaveOutcome = { ok: true } | { ok: false; error: AppError };

export interface AcceptanceCriteriaState {
  /** the requirement shown; null before the first load */
  requirement: string | null;
  /** its criteria with their verdicts; null while they load */
  info: RequirementCriteriaInfo | null;
  saving: boolean;
  error: AppError | null;
  load(requirement: string): Promise<void>;
  /** replaces the shown requirement's criteria with these texts ([] removes them all) */
  save(criteria: string[]): Promise<CriteriaSaveOutcome>;
  dismissError(): void;
}

export function createAcceptanceCriteriaStore(host: Host): StoreApi<AcceptanceCriteriaState> {
  const { api } = host;
  return createStore<AcceptanceCriteriaState>()((set, get) => {
    const fetch = async (requirement: string) => {
      try {
        const info = await api.call('trace.criteria', { requirement });
        // the editor may have moved to another requirement while the call was out
        if (get().requirement === requirement) set({ info, error: null });
      } catch (thrown) {
        if (get().requirement === requirement) set({ error: toShownError(thrown) });
      }
    };

    api.subscribe('project.changed', () => set({ requirement: null, info: null, saving: false, error: null }));
    api.subscribe('trace.changed', ({ requirements }) => {
      const { requirement } = get();
      if (requirement !== null && requirements.includes(requirement)) void fetch(requirement);
    });

    return {
      requirement: null,
      info: null,
      saving: false,
      error: null,

      async load(requirement) {
        if (get().requirement !== requirement) set({ requirement, info: null });
        await fetch(requirement);
      },

      async save(criteria) {
        const { requirement } = get();
        if (requirement === null) return { ok: true };
        set({ saving: true });
        try {
          const info = await api.call('trace.setCriteria', { requirement, criteria });
          if (get().requirement === requirement) set({ info });
          return { ok: true };
        } catch (thrown) {
          return { ok: false, error: toShownError(thrown) };
        } finally {
          set({ saving: false });
        }
      },

      dismissError: () => set({ error: null }),
    };
  });
}
