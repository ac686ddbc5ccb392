// Each link's acceptance-criteria verdicts: the requirement's criteria judged on the evidence the link reaches.
// (stub: slice 3)
import type { CriterionResult } from '../../../shared/acceptance-criteria';
import type { ProjectStore } from '../../store/project-store';
import type { StoredLink } from '../../store/trace-links-repo';

export function criteriaByLink(_store: ProjectStore, _links: readonly StoredLink[]): Map<string, CriterionResult[]> {
  return new Map();
}
