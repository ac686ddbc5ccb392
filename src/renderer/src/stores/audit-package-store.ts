// Traceability in the window: the audit package export job. (stub: slice 7)
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { Host } from '../api';

export interface AuditPackageState {
  error: AppError | null;
}

export function createAuditPackageStore(_host: Host): StoreApi<AuditPackageState> {
  return createStore<AuditPackageState>()(() => ({ error: null }));
}
