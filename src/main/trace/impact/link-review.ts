// The review of a link after a change: clear (a person judged it still holds: the reason is required) or re-verify
// (new evidence: the link may move to another target the rules allow for its type). Either re-stamps the link
// against both sides as they are now and appends a review row with the causes it answered; both are audited.
import { fail } from '../../../shared/errors';
import type { TraceLinkInfo, TraceTarget } from '../../../shared/trace';
import type { ProjectStore } from '../../store/project-store';
import { TraceLinksRepo, type StoredLink } from '../../store/trace-links-repo';
import { HIERARCHY_LINK_TYPES, hierarchyCycle, ruleProblem } from '../links/link-rules';
import { targetKey } from '../links/target-labels';
import { targetExists } from '../links/trace-targets';
import { describeLinks } from '../status/describe-links';
import { stampFor } from '../status/link-stamp';
import { suspectCauses } from '../status/suspect-causes';

function liveLinkById(repo: TraceLinksRepo, id: string): StoredLink {
  const link = repo.get(id);
  if (!link || link.removedAt !== null) fail('NOT_FOUND', `No live link ${id} in this project.`, { where: { field: 'link' }, hint: 'airlock trace links --json lists the live links.' });
  return link;
}

/** The reason, trimmed; a review without one is refused. */
function reasonOf(reason: string): string {
  const why = reason.trim();
  if (why === '') fail('BAD_INPUT', 'Say why: a review of a link needs a reason.', { where: { field: 'reason' } });
  return why;
}

const described = (store: ProjectStore, id: string): TraceLinkInfo => {
  const link = new TraceLinksRepo(store.db).get(id) ?? fail('INTERNAL', `link ${id} vanished`);
  return describeLinks(store, [link])[0];
};

/** trace.clear: the suspect link still holds, for `reason`; it is re-stamped and no longer suspect. */
export function clearLink(store: ProjectStore, id: string, asked: string): TraceLinkInfo {
  const reason = reasonOf(asked);
  const repo = new TraceLinksRepo(store.db);
  const link = liveLinkById(repo, id);
  const causes = suspectCauses(store, [link]).get(id) ?? [];
  if (causes.length === 0) fail('BAD_INPUT', `Link ${id} is not suspect: there is nothing to clear.`, { where: { field: 'link' } });
  const stamp = stampFor(store, link.requirement, link.target);
  store.mutate({ action: 'trace.clear', target: `requirement:${link.requirement}`, details: { link: id, target: targetKey(link.target), type: link.type, causes, reason } }, () =>
    repo.review(id, stamp, { action: 'cleared', reason, details: { causes }, createdAt: store.now().toISOString(), createdBy: store.actor }),
  );
  return described(store, id);
}

/** Fails, naming the field, unless the link may point at `evidence`: its type's rules, the target exists, no duplicate, no hierarchy cycle. */
function checkMove(store: ProjectStore, repo: TraceLinksRepo, link: StoredLink, evidence: TraceTarget): void {
  const problem = ruleProblem(link.requirement, link.type, evidence);
  if (problem !== null) fail('BAD_INPUT', problem.message, { where: { field: problem.field === 'type' ? 'evidence' : problem.field } });
  if (!targetExists(store, evidence)) fail('NOT_FOUND', `No ${evidence.kind.replace('_', ' ')} '${evidence.id}' in this project.`, { where: { field: 'evidence' } });
  const twin = repo.find(link.requirement, link.type, evidence);
  if (twin) fail('BAD_INPUT', `${link.requirement} already has a live '${link.type}' link to ${targetKey(evidence)} (${twin.id}).`, { where: { field: 'evidence' }, hint: `Clear or unlink ${twin.id} instead.` });
  if (HIERARCHY_LINK_TYPES.includes(link.type)) {
    const edgesFrom = (from: readonly string[]) =>
      repo.liveFrom(from, HIERARCHY_LINK_TYPES).filter((l) => l.id !== link.id).map((l) => ({ from: l.requirement, to: l.target.id }));
    const cycle = hierarchyCycle(edgesFrom, link.requirement, evidence.id);
    if (cycle !== null) fail('BAD_INPUT', `Moving ${link.id} to ${evidence.id} would close a cycle: ${[link.requirement, ...cycle].join(' -> ')}.`, { where: { field: 'evidence' } });
  }
}

/** trace.reverify: new evidence (default: the same target, looked at again) backs the link, for `reason`; it is re-stamped. */
export function reverifyLink(store: ProjectStore, id: string, asked: string, evidence?: TraceTarget): TraceLinkInfo {
  const reason = reasonOf(asked);
  const repo = new TraceLinksRepo(store.db);
  const link = liveLinkById(repo, id);
  const target = evidence ?? link.target;
  const moves = targetKey(target) !== targetKey(link.target);
  if (moves) checkMove(store, repo, link, target);
  const causes = suspectCauses(store, [link]).get(id) ?? [];
  const stamp = stampFor(store, link.requirement, target);
  const details = { causes, from: targetKey(link.target), to: targetKey(target) };
  store.mutate({ action: 'trace.reverify', target: `requirement:${link.requirement}`, details: { link: id, type: link.type, ...details, reason } }, () => {
    if (moves) repo.retarget(id, target);
    repo.review(id, stamp, { action: 'reverified', reason, details, createdAt: store.now().toISOString(), createdBy: store.actor });
  });
  return described(store, id);
}
