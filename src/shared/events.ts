// Events pushed from the host to the renderer (IPC messages, or SSE in browser mode).
import type { JobInfo, ProjectInfo } from './domain';

/** One point of a live curve, e.g. {key: 'val_loss', step: 12, value: 0.31}. */
export interface MetricPoint {
  key: string;
  step: number;
  value: number;
}

export interface EventMap {
  'job.updated': JobInfo;
  'project.changed': ProjectInfo | null;
  'datasets.changed': { dataset: string };
  /** live training curves of a running job */
  'job.metrics': { jobId: string; points: MetricPoint[] };
  'runs.changed': { runs: string[] };
  /** a drift report was stored (and the retraining its alerts ask for queued) */
  'monitoring.changed': { report: string };
  /** links changed, or new evidence (an evaluation, a drift report, a revision) may have changed their status */
  'trace.changed': { requirements: string[] };
}

export type EventName = keyof EventMap;
export type EventPayload<E extends EventName> = EventMap[E];
export type AnyEvent = { [E in EventName]: { event: E; payload: EventMap[E] } }[EventName];

export const eventNames: EventName[] = ['job.updated', 'project.changed', 'datasets.changed', 'job.metrics', 'runs.changed', 'monitoring.changed', 'trace.changed'];
