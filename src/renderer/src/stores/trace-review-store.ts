// Traceability in the window: impact, suspect-link reviews, coverage, acceptance criteria and clause coverage. (stub: slice 6)
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { Host } from '../api';

export interface TraceReviewState {
  error: AppError | null;
}

export function createTraceReviewStore(_host: Host): StoreApi<TraceReviewState> {
  return createStore<TraceReviewState>()(() => ({ error: null }));
}
