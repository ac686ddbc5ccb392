// Fans host events out to per-event listeners, whichever transport delivered them.
import type { AnyEvent, EventName, EventPayload } from '../../../shared/events';

type Listener = (payload: never) => void;

export interface EventHub {
  emit(event: AnyEvent): void;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** how many listeners are attached, so a transport can open its stream lazily */
  size(): number;
}

export function createEventHub(): EventHub {
  const listeners = new Map<EventName, Set<Listener>>();
  return {
    emit(event) {
      for (const listener of listeners.get(event.event) ?? []) (listener as (p: typeof event.payload) => void)(event.payload);
    },
    subscribe(event, listener) {
      const set = listeners.get(event) ?? new Set<Listener>();
      listeners.set(event, set);
      set.add(listener as Listener);
      return () => set.delete(listener as Listener);
    },
    size() {
      let n = 0;
      for (const set of listeners.values()) n += set.size;
      return n;
    },
  };
}
