// What a change to a requirement affects: its links (and links from other requirements to it), suspect first, and
// everything reachable from them: each linked artifact, the lineage graph upstream and downstream of it (the model
// versions evaluated on a dataset, the runs and dataset versions behind a model, the approvals that cited the evidence
// or promoted a model version behind it), and the requirements that refine or derive from it, each with the path it
// was reached by. Bounded by MAX_LINEAGE_EDGES.
import { fail } from '../../../shared/errors';
import { MAX_LINEAGE_DEPTH, MAX_LINEAGE_EDGES, type LineageGraph, type LineageNode } from '../../../shared/lineage';
import type { ImpactItem, ImpactReport, TraceLinkInfo, TraceTarget } from '../../../shared/trace';
import { LineageRepo } from '../../store/lineage-repo';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { TraceLinksRepo, type StoredLink } from '../../store/trace-links-repo';
import { HIERARCHY_LINK_TYPES } from '../links/link-rules';
import { targetKey, targetLabels } from '../links/target-labels';
import { describeLinks } from '../status/describe-links';

type Reached = Omit<ImpactItem, 'label'>;

/** The target as a lineage node; null for a requirement, which the lineage graph does not hold. */
const lineageNodeOf = (t: TraceTarget): LineageNode | null => (t.kind === 'requirement' ? null : { kind: t.kind, id: t.id });

/** Each node of one direction's walk with the relations from `start` to it (breadth first, so the shortest path). */
function pathsOf(graph: LineageGraph, start: LineageNode, direction: 'upstream' | 'downstream'): Map<string, { node: LineageNode; via: string[] }> {
  const next = new Map<string, { node: LineageNode; relation: string }[]>();
  for (const e of graph.edges) {
    const [near, far] = direction === 'downstream' ? [e.from, e.to] : [e.to, e.from];
    const steps = next.get(targetKey(near));
    if (steps) steps.push({ node: far, relation: e.relation });
    else next.set(targetKey(near), [{ node: far, relation: e.relation }]);
  }
  const paths = new Map([[targetKey(start), { node: start, via: [] as string[] }]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const here = paths.get(targetKey(queue[i]))?.via ?? [];
    for (const step of next.get(targetKey(queue[i])) ?? []) {
      if (paths.has(targetKey(step.node))) continue;
      paths.set(targetKey(step.node), { node: step.node, via: [...here, step.relation] });
      queue.push(step.node);
    }
  }
  paths.delete(targetKey(start));
  return paths;
}

/**
 * The requirements that refine or derive from `requirement`, directly or through others, each with the hierarchy links
 * walked: breadth first, one query per level for the links into that level (never the whole project's hierarchy).
 */
function refiningRequirements(repo: TraceLinksRepo, requirement: string): Reached[] {
  const seen = new Set([requirement]);
  const reached: Reached[] = [];
  let level: { id: string; via: string[]; link: string | null }[] = [{ id: requirement, via: [], link: null }];
  while (level.length > 0) {
    const below = new Map<string, StoredLink[]>();
    for (const l of repo.liveInto(level.map((at) => at.id), HIERARCHY_LINK_TYPES)) {
      const children = below.get(l.target.id);
      if (children) children.push(l);
      else below.set(l.target.id, [l]);
    }
    const next: typeof level = [];
    for (const at of level) {
      for (const child of below.get(at.id) ?? []) {
        if (seen.has(child.requirement)) continue;
        seen.add(child.requirement);
        const item = { node: { kind: 'requirement', id: child.requirement } as const, via: [...at.via, child.type], link: at.link ?? child.id, depth: at.via.length + 1 };
        reached.push(item);
        next.push({ id: child.requirement, via: item.via, link: item.link });
      }
    }
    level = next;
  }
  return reached;
}

const byStatus = (a: TraceLinkInfo, b: TraceLinkInfo): number => Number(b.status === 'suspect') - Number(a.status === 'suspect');

export function impactReport(store: ProjectStore, requirement: string): ImpactReport {
  const latest = new RequirementsRepo(store.db).latest(requirement);
  if (!latest) fail('NOT_FOUND', `No requirement ${requirement} in this project.`, { where: { field: 'requirement' } });
  const repo = new TraceLinksRepo(store.db);
  const own = repo.live({ requirement });
  const incoming = repo.live({ target: { kind: 'requirement', id: requirement } });
  const links = describeLinks(store, [...own, ...incoming]).sort(byStatus);

  const lineage = new LineageRepo(store.db);
  const reached = new Map<string, Reached>();
  const keep = (item: Reached): void => {
    const known = reached.get(targetKey(item.node));
    if (!known || known.depth > item.depth) reached.set(targetKey(item.node), item);
  };
  let truncated = false;
  let edges = 0;
  for (const link of own) {
    keep({ node: link.target, via: [link.type], link: link.id, depth: 1 });
    const target = lineageNodeOf(link.target);
    if (target === null || !lineage.exists(target)) continue;
    for (const direction of ['downstream', 'upstream'] as const) {
      if (edges >= MAX_LINEAGE_EDGES) {
        truncated = true;
        break;
      }
      const graph = lineage.graph({ node: target, direction, depth: MAX_LINEAGE_DEPTH });
      edges += graph.edges.length;
      truncated ||= graph.truncated;
      for (const { node, via } of pathsOf(graph, target, direction).values()) {
        keep({ node, via: [link.type, ...via], link: link.id, depth: 1 + via.length });
        // a model version behind the evidence: the approvals that promoted it relied on it too
        if (direction === 'upstream' && node.kind === 'model_version') {
          for (const e of lineage.graph({ node, direction: 'downstream', depth: 1, relations: ['approved_as'] }).edges) {
            keep({ node: e.to, via: [link.type, ...via, e.relation], link: link.id, depth: 2 + via.length });
          }
        }
      }
    }
  }
  // requirements below this one in the hierarchy (they refine or derive from it) change meaning with it
  for (const item of refiningRequirements(repo, requirement)) keep(item);

  const order = (a: Reached): string => targetKey(a.node);
  const sorted = [...reached.values()].sort((a, b) => a.depth - b.depth || (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  // the nearest ones when there are more than one answer may carry
  const items = sorted.slice(0, MAX_LINEAGE_EDGES);
  truncated ||= sorted.length > items.length;
  const labels = targetLabels(store, items.map((i): TraceTarget => i.node));
  return {
    requirement,
    title: latest.title,
    revision: latest.revision,
    links,
    affected: items.map((i) => ({ ...i, label: labels.get(targetKey(i.node)) ?? i.node.id })),
    truncated,
  };
}
