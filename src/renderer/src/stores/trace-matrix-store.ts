// Traceability in the window: the trace matrix: rows, columns, cells, selection, link edits with undo and redo. (stub: slice 5)
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/errors';
import type { Host } from '../api';

export interface TraceMatrixState {
  error: AppError | null;
}

export function createTraceMatrixStore(_host: Host): StoreApi<TraceMatrixState> {
  return createStore<TraceMatrixState>()(() => ({ error: null }));
}
