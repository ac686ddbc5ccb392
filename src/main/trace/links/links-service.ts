// Making, removing and listing links. A link is checked against the rules (link-rules.ts), both of its ends must
// exist, and it is stamped with both sides as they are now; the same live link asked for again is returned as it is.
// Removal is soft: undo is linking again, which makes a new link.
import { randomBytes } from 'node:crypto';
import { fail } from '../../../shared/errors';
import type { TraceLinkInfo, TraceLinkOrigin, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { TraceLinksRepo, type LinkFilter, type StoredLink } from '../../store/trace-links-repo';
import { describeLinks } from '../status/describe-links';
import { stampFor } from '../status/link-stamp';
import { HIERARCHY_LINK_TYPES, hierarchyCycle, ruleProblem } from './link-rules';
import { targetKey } from './target-labels';
import { targetExists } from './trace-targets';

export interface LinkRequest {
  requirement: string;
  target: TraceTarget;
  type: TraceLinkType;
  reason?: string | null;
  origin: TraceLinkOrigin;
}

export const newLinkId = (): string => `lnk-${randomBytes(8).toString('hex')}`;

const describeOne = (store: ProjectStore, link: StoredLink): TraceLinkInfo => describeLinks(store, [link])[0] ?? fail('INTERNAL', `link ${link.id} could not be described`);

/** Fails, in one line naming the field, unless the link may be made: the rules, both ends, no hierarchy cycle. */
function checkLink(store: ProjectStore, repo: TraceLinksRepo, r: LinkRequest): void {
  const problem = ruleProblem(r.requirement, r.type, r.target);
  if (problem !== null) fail('BAD_INPUT', problem.message, { where: { field: problem.field } });
  if (!targetExists(store, r.target)) fail('NOT_FOUND', `No ${r.target.kind.replace('_', ' ')} '${r.target.id}' in this project.`, { where: { field: 'target' } });
  if (HIERARCHY_LINK_TYPES.includes(r.type)) {
    const edgesFrom = (from: readonly string[]) => repo.liveFrom(from, HIERARCHY_LINK_TYPES).map((l) => ({ from: l.requirement, to: l.target.id }));
    const cycle = hierarchyCycle(edgesFrom, r.requirement, r.target.id);
    if (cycle !== null) fail('BAD_INPUT', `Linking ${r.requirement} ${r.type} ${r.target.id} would close a cycle: ${[r.requirement, ...cycle].join(' -> ')}.`, { where: { field: 'target' } });
  }
}

/**
 * Makes the link inside the caller's mutate() (the caller writes the audit entry), or returns the live one that
 * already joins the same requirement, type and target.
 */
export function addLink(store: ProjectStore, r: LinkRequest): { link: StoredLink; created: boolean } {
  const repo = new TraceLinksRepo(store.db);
  const existing = repo.find(r.requirement, r.type, r.target);
  if (existing) return { link: existing, created: false };
  const stamp = stampFor(store, r.requirement, r.target);
  checkLink(store, repo, r);
  const made = { id: newLinkId(), requirement: r.requirement, type: r.type, target: r.target, origin: r.origin, reason: r.reason ?? null, createdAt: store.now().toISOString(), createdBy: store.actor, ...stamp };
  repo.insert(made);
  return { link: { ...made, removedAt: null }, created: true };
}

/** trace.link: one audited link (an existing live one is returned unchanged, with no new audit entry). */
export function linkRequirement(store: ProjectStore, r: LinkRequest): TraceLinkInfo {
  const existing = new TraceLinksRepo(store.db).find(r.requirement, r.type, r.target);
  if (existing) return describeOne(store, existing);
  const { link } = store.mutate(
    ({ link: l }) => ({ action: 'trace.link', target: `requirement:${l.requirement}`, details: { link: l.id, target: targetKey(l.target), type: l.type, origin: l.origin, reason: l.reason } }),
    () => addLink(store, r),
  );
  return describeOne(store, link);
}

/** trace.unlink: marks the live link removed (kept for the audit trail); linking again undoes it. */
export function unlinkLink(store: ProjectStore, id: string, reason: string | null = null): TraceLinkInfo {
  const repo = new TraceLinksRepo(store.db);
  const link = repo.get(id);
  if (!link || link.removedAt !== null) fail('NOT_FOUND', `No live link ${id} in this project.`, { where: { field: 'link' }, hint: 'airlock trace links --json lists the live links.' });
  const at = store.now().toISOString();
  store.mutate({ action: 'trace.unlink', target: `requirement:${link.requirement}`, details: { link: id, target: targetKey(link.target), type: link.type, reason } }, () =>
    repo.remove(id, at, store.actor, reason),
  );
  return describeOne(store, { ...link, removedAt: at });
}

/** The live link of this requirement, type and target, or NOT_FOUND naming all three. */
export function liveLink(store: ProjectStore, requirement: string, type: TraceLinkType, target: TraceTarget): StoredLink {
  return (
    new TraceLinksRepo(store.db).find(requirement, type, target) ??
    fail('NOT_FOUND', `No live '${type}' link from ${requirement} to ${targetKey(target)}.`, { where: { field: 'link' }, hint: 'airlock trace links --requirement ID lists its links.' })
  );
}

/** trace.links: live links of one requirement, of one target, or all, described with their status now. An unknown requirement is NOT_FOUND, not an empty list. */
export function traceLinks(store: ProjectStore, filter: LinkFilter = {}): TraceLinkInfo[] {
  if (filter.requirement !== undefined && new RequirementsRepo(store.db).latest(filter.requirement) === null) {
    fail('NOT_FOUND', `No requirement ${filter.requirement} in this project.`, { where: { field: 'requirement' } });
  }
  return describeLinks(store, new TraceLinksRepo(store.db).live(filter));
}
