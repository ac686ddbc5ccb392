// A checklist's clauses as a tree: each clause's children, depth, top clause and the levels at which it applies once
// its parents' applicability is inherited. Built after the loader has checked ids and parents, so look-ups never miss.
import { fail } from '../../../shared/errors';
import type { ChecklistClause, ClauseChecklist } from '../../../shared/standards';

export interface ClauseNode {
  clause: ChecklistClause;
  children: ClauseNode[];
  depth: number;
  /** the top clause it sits under (itself for a top clause) */
  top: string;
  /** the levels it applies at: its own `applies`, else its parent's, else every level of the checklist */
  levels: ReadonlySet<string>;
}

export interface ChecklistTree {
  /** every clause in the checklist's order */
  nodes: ClauseNode[];
  byId: ReadonlyMap<string, ClauseNode>;
  tops: ClauseNode[];
}

/** Requires every parent to come before its children (the loader checks it), so one pass in file order suffices. */
export function checklistTree(checklist: ClauseChecklist): ChecklistTree {
  const byId = new Map<string, ClauseNode>();
  const nodes: ClauseNode[] = [];
  const tops: ClauseNode[] = [];
  for (const clause of checklist.clauses) {
    const parent = clause.parent === undefined ? undefined : byId.get(clause.parent);
    const node: ClauseNode = {
      clause,
      children: [],
      depth: parent ? parent.depth + 1 : 0,
      top: parent ? parent.top : clause.id,
      levels: new Set(clause.applies ?? (parent ? parent.levels : checklist.levels)),
    };
    if (parent) parent.children.push(node);
    else tops.push(node);
    byId.set(clause.id, node);
    nodes.push(node);
  }
  return { nodes, byId, tops };
}

/** Whether a clause applies at a level; with no level chosen (or a checklist without levels) every clause does. */
export function appliesAt(node: ClauseNode, level: string | null): boolean {
  if (level === null) return true;
  // a heading is a checklist item only through its children: it applies where one of them does
  return node.children.length > 0 ? node.children.some((child) => appliesAt(child, level)) : node.levels.has(level);
}

/** A level chosen by a caller is one of the checklist's, or BAD_INPUT naming those there are. */
export function checkLevel(checklist: ClauseChecklist, level: string | null): void {
  if (level === null || checklist.levels.includes(level)) return;
  const known = checklist.levels.length ? `its levels are ${checklist.levels.join(', ')}` : 'it has no levels';
  fail('BAD_INPUT', `'${level}' is not a ${checklist.levelName ?? 'level'} of ${checklist.name}: ${known}.`, { where: { field: 'level' } });
}
