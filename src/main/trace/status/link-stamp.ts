// A link's stamp: the requirement's newest revision and fingerprint, and the target's state now (a requirement's
// fingerprint, or the newest version of the target's line), so that a later change of either side reads as suspect.
import { fail } from '../../../shared/errors';
import type { TraceTarget } from '../../../shared/trace';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import type { LinkStamp } from '../../store/trace-links-repo';

export function stampFor(store: ProjectStore, requirement: string, target: TraceTarget): LinkStamp {
  const repo = new RequirementsRepo(store.db);
  const latest = repo.latest(requirement);
  if (!latest) fail('NOT_FOUND', `No requirement '${requirement}'.`, { where: { field: 'requirement' } });
  const targetStamp = target.kind === 'requirement' ? (repo.latest(target.id)?.fingerprint ?? null) : null;
  return { requirementRevision: latest.revision, requirementFingerprint: latest.fingerprint, targetStamp };
}
