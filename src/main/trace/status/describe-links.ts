// Stored links as the window, the CLI and the exports read them: each with its target's label, its suspect causes,
// its criteria verdicts, its last review, and one status. Suspect wins (the evidence may no longer be about this
// requirement); then a failing criterion; then criteria with no evidence at all; else ok.
import type { CriterionResult } from '../../../shared/acceptance-criteria';
import type { SuspectCause, TraceLinkInfo } from '../../../shared/trace';
import type { TraceLinkStatus } from '../../../shared/trace-matrix';
import type { ProjectStore } from '../../store/project-store';
import { TraceLinksRepo, type StoredLink } from '../../store/trace-links-repo';
import { criteriaByLink } from '../criteria/link-criteria';
import { targetKey, targetLabels } from '../links/target-labels';
import { suspectCauses } from './suspect-causes';

export function linkStatus(suspect: readonly SuspectCause[], criteria: readonly CriterionResult[]): TraceLinkStatus {
  if (suspect.length > 0) return 'suspect';
  if (criteria.some((c) => c.status === 'fail')) return 'failing';
  if (criteria.length > 0 && criteria.every((c) => c.status === 'no-evidence')) return 'no-evidence';
  return 'ok';
}

export function describeLinks(store: ProjectStore, links: readonly StoredLink[]): TraceLinkInfo[] {
  const causes = suspectCauses(store, links);
  const criteria = criteriaByLink(store, links);
  const labels = targetLabels(store, links.map((l) => l.target));
  const reviews = new TraceLinksRepo(store.db).lastReviews(links.map((l) => l.id));
  return links.map((l) => {
    const suspect = causes.get(l.id) ?? [];
    const verdicts = criteria.get(l.id) ?? [];
    const review = reviews.get(l.id);
    return {
      id: l.id,
      requirement: l.requirement,
      requirementRevision: l.requirementRevision,
      target: l.target,
      targetLabel: labels.get(targetKey(l.target)) ?? l.target.id,
      type: l.type,
      status: linkStatus(suspect, verdicts),
      suspect,
      criteria: verdicts,
      origin: l.origin,
      reason: l.reason,
      createdAt: l.createdAt,
      createdBy: l.createdBy,
      reviewed: review ? { action: review.action, at: review.createdAt, by: review.createdBy, reason: review.reason } : null,
    };
  });
}
