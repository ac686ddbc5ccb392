// STUB: a requirements UI slice fills in this store.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from '../api';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RequirementsState {}

export function createRequirementsStore(_host: Host): StoreApi<RequirementsState> {
  return createStore<RequirementsState>()(() => ({}));
}
