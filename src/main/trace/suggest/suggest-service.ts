// Suggested links for one requirement, from what the project holds now (its requirements, artifacts, live links and
// remembered rejections), and the rejection of one, audited and kept so it is never offered again. Accepting one is
// trace.link with `suggested: true` (links-service.ts), so an accepted suggestion is an ordinary link of origin 'suggestion'.
import { fail } from '../../../shared/errors';
import type { TraceSuggestion, TraceTarget } from '../../../shared/trace';
import type { TraceLinkType } from '../../../shared/trace-matrix';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { ruleProblem } from '../links/link-rules';
import { targetKey } from '../links/target-labels';
import { targetExists } from '../links/trace-targets';
import { LinkSuggester } from './rank-suggestions';
import { artifactCandidates, requirementCandidates } from './suggestion-candidates';
import { SuggestionRejectionsRepo } from './suggestion-rejections-repo';

export interface RejectRequest {
  requirement: string;
  target: TraceTarget;
  type: TraceLinkType;
  reason?: string | null;
}

function requireRequirement(store: ProjectStore, id: string): void {
  if (new RequirementsRepo(store.db).latest(id) === null) fail('NOT_FOUND', `No requirement ${id} in this project.`, { where: { field: 'requirement' } });
}

/** The best `limit` candidate links of a requirement, best first (none for a heading: it states nothing to match). */
export function suggestLinks(store: ProjectStore, requirement: string, limit: number): TraceSuggestion[] {
  requireRequirement(store, requirement);
  const suggester = new LinkSuggester({
    requirements: requirementCandidates(store),
    artifacts: artifactCandidates(store),
    links: new TraceLinksRepo(store.db).live(),
    rejected: new SuggestionRejectionsRepo(store.db).all(),
  });
  return suggester.suggest(requirement, limit);
}

/**
 * trace.reject: remembers that this link is not wanted, so no suggestion offers it (or another version of its line)
 * again. A child's rejection names the link as it would be made: from the child to its parent.
 */
export function rejectSuggestion(store: ProjectStore, r: RejectRequest): null {
  requireRequirement(store, r.requirement);
  const problem = ruleProblem(r.requirement, r.type, r.target);
  if (problem !== null) fail('BAD_INPUT', problem.message, { where: { field: problem.field } });
  if (!targetExists(store, r.target)) fail('NOT_FOUND', `No ${r.target.kind.replace('_', ' ')} '${r.target.id}' in this project.`, { where: { field: 'target' } });
  const repo = new SuggestionRejectionsRepo(store.db);
  // rejecting again changes nothing and writes no second audit entry
  if (repo.has(r)) return null;
  const reason = r.reason ?? null;
  store.mutate({ action: 'trace.reject', target: `requirement:${r.requirement}`, details: { target: targetKey(r.target), type: r.type, reason } }, () =>
    repo.insert({ requirement: r.requirement, target: r.target, type: r.type, reason, createdAt: store.now().toISOString(), createdBy: store.actor }),
  );
  return null;
}
