// The name the window shows for each link target: a model version's NAME@VERSION, a requirement's title, a report's
// monitor and date. (stub: slice 1)
import type { TraceTarget } from '../../../shared/trace';
import type { ProjectStore } from '../../store/project-store';

export const targetKey = (t: TraceTarget): string => `${t.kind}:${t.id}`;

export function targetLabels(_store: ProjectStore, targets: readonly TraceTarget[]): Map<string, string> {
  return new Map(targets.map((t) => [targetKey(t), t.id]));
}
