// Events pushed from the host to the renderer (IPC messages, or SSE in browser mode).
import type { JobInfo, ProjectInfo } from './domain';

export interface EventMap {
  'job.updated': JobInfo;
  'project.changed': ProjectInfo | null;
  'datasets.changed': { dataset: string };
}

export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];
export type AnyEvent = { [E in EventName]: { event: E; payload: EventMap[E] } }[EventName];

export const eventNames: EventName[] = ['job.updated', 'project.changed', 'datasets.changed'];
