// Audit state: the newest entries of the hash-chained log and the result of verifying the chain.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AuditEntry, LogVerification } from '../../../shared/domain';
import type { AppError } from '../../../shared/errors';
import { toShownError, type Host } from '../api';

export interface AuditState {
  entries: AuditEntry[];
  verification: LogVerification | null;
  loading: boolean;
  error: AppError | null;
  load(): Promise<void>;
  verify(): Promise<void>;
  dismissError(): void;
}

export function createAuditStore(host: Host): StoreApi<AuditState> {
  const { api } = host;
  return createStore<AuditState>()((set) => {
    api.subscribe('project.changed', () => set({ entries: [], verification: null, error: null }));
    return {
      entries: [],
      verification: null,
      loading: false,
      error: null,
      async load() {
        set({ loading: true });
        try {
          set({ entries: await api.call('audit.list', { limit: 500 }), error: null });
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        } finally {
          set({ loading: false });
        }
      },
      async verify() {
        try {
          set({ verification: await api.call('audit.verify', {}), error: null });
        } catch (thrown) {
          set({ error: toShownError(thrown) });
        }
      },
      dismissError: () => set({ error: null }),
    };
  });
}
