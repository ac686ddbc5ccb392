// STUB: a requirements UI slice fills in this store.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Host } from '../api';

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClassifierState {}

export function createClassifierStore(_host: Host): StoreApi<ClassifierState> {
  return createStore<ClassifierState>()(() => ({}));
}
