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

/** The hierarchy edges out of any of these requirements (the store reads them by index, a level at a time). */
export type HierarchyEdgesFrom = (requirements: readonly string[]) => readonly HierarchyEdge[];

/**
 * The hierarchy path that a new edge requirement -> target would close into a cycle (target, ..., requirement), or
 * null when it closes none. Breadth-first from the target, one level of edges read at a time, so a check in a
 * project of thousands of hierarchy links reads only what lies above the target.
 */
export function hierarchyCycle(edgesFrom: HierarchyEdgesFrom, requirement: string, target: string): string[] | null {
  const cameFrom = new Map<string, string | null>([[target, null]]);
  for (let level = [target]; level.length > 0; ) {
    if (cameFrom.has(requirement)) break;
    const next: string[] = [];
    for (const e of edgesFrom(level)) {
      if (cameFrom.has(e.to)) continue;
      cameFrom.set(e.to, e.from);
      next.push(e.to);
    }
    level = next;
  }
  if (!cameFrom.has(requirement)) return null;
  const path: string[] = [];
  for (let at: string | null = requirement; at !== null; at = cameFrom.get(at) ?? null) path.unshift(at);
  return path;
}
