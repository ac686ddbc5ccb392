// In-process fan-out of host events (job progress, project and dataset changes) to whichever host is listening.
import type { AnyEvent, EventName, EventPayload } from '../shared/events';

export type EventListener = (event: AnyEvent) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const message = { event, payload } as AnyEvent;
    for (const l of this.listeners) l(message);
  }

  listen(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
