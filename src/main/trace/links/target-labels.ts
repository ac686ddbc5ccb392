// The name the window shows for each link target: a model version's NAME@VERSION, a requirement's 'ID title', a
// report's monitor and date. One query per kind, so the matrix can label every column at once.
import type { TraceTarget } from '../../../shared/trace';
import type { ProjectStore } from '../../store/project-store';
import { targetInfos } from './trace-targets';

export const targetKey = (t: TraceTarget): string => `${t.kind}:${t.id}`;

/** Labels by targetKey; a target that no longer exists is labelled by its id. */
export function targetLabels(store: ProjectStore, targets: readonly TraceTarget[]): Map<string, string> {
  const labels = new Map(targets.map((t) => [targetKey(t), t.id]));
  for (const info of targetInfos(store, targets)) labels.set(targetKey(info), info.label);
  return labels;
}
