// Which link types may point at which kinds of target, as data, and the checks that keep requirement hierarchies
// sane: no requirement linked to itself, no cycle of refines/derived-from. Pure: callers bring the live links.
import type { TraceTarget } from '../../../shared/trace';
import type { TraceLinkType, TraceTargetKind } from '../../../shared/trace-matrix';

/**
 * A link reads "the requirement <type> the target" loosely, as the issue's types name it: a model version or run
 * satisfies it (the design that meets it), an evaluation, drift report, run or approval verifies it (the evidence),
 * a dataset version is what its model was trained on, monitors and their reports watch it in production, and another
 * requirement is what it refines or derives from (or, between requirements, satisfies or verifies it).
 */
export const LINK_RULES: Readonly<Record<TraceLinkType, readonly TraceTargetKind[]>> = {
  satisfies: ['model_version', 'run', 'study', 'dataset_version', 'requirement'],
  verifies: ['evaluation', 'drift_report', 'run', 'study', 'approval', 'requirement'],
  'trained-on': ['dataset_version'],
  'evaluated-by': ['evaluation', 'model_version', 'run'],
  'monitored-by': ['monitor', 'drift_report', 'alert'],
  'derived-from': ['requirement'],
  refines: ['requirement'],
};

/** Link types that build the requirement hierarchy: together they must stay acyclic. */
export const HIERARCHY_LINK_TYPES: readonly TraceLinkType[] = ['derived-from', 'refines'];

/** A requirement-to-requirement edge of the hierarchy: `from` refines or derives from `to`. */
export interface HierarchyEdge {
  from: string;
  to: string;
}

/** Why the rules refuse this link, in one line, and which request field is wrong; null when they allow it. */
export function ruleProblem(requirement: string, type: TraceLinkType, target: TraceTarget): { field: 'type' | 'target'; message: string } | null {
  const kinds = LINK_RULES[type];
  if (!kinds.includes(target.kind)) {
    return { field: 'type', message: `A '${type}' link points at ${kinds.map((k) => `a ${k.replace('_', ' ')}`).join(', ')}; not at a ${target.kind.replace('_', ' ')}.` };
  }
  if (target.kind === 'requirement' && target.id === requirement) return { field: 'target', message: `Requirement ${requirement} cannot be linked to itself.` };
  return null;
}

/**
 * The hierarchy path that a new edge requirement -> target would close into a cycle (target, ..., requirement), or
 * null when it closes none. Breadth-first from the target along the existing edges.
 */
export function hierarchyCycle(edges: readonly HierarchyEdge[], requirement: string, target: string): string[] | null {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const cameFrom = new Map<string, string | null>([[target, null]]);
  const queue = [target];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (node === requirement) {
      const path: string[] = [];
      for (let at: string | null = node; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
      return path;
    }
    for (const to of next.get(node) ?? []) {
      if (!cameFrom.has(to)) {
        cameFrom.set(to, node);
        queue.push(to);
      }
    }
  }
  return null;
}
