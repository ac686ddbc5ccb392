// Each link's status as describeLinks gives it (linkStatus over its suspect causes and criteria verdicts), without the
// rest of its description: 100,000 labels and review lookups the matrix's cells do not show would double its time.
import type { TraceLinkStatus } from '../../../shared/trace-matrix';
import type { LinkState } from '../../store/trace-matrix-repo';
import type { ProjectStore } from '../../store/project-store';
import { criteriaByLink } from '../criteria/link-criteria';
import { linkStatus } from '../status/describe-links';
import { suspectCauses } from '../status/suspect-causes';

/** shared by the links with no suspect cause or no criteria (nearly all of them) */
const NONE: readonly never[] = [];

export function linkStatuses(store: ProjectStore, links: readonly LinkState[]): TraceLinkStatus[] {
  const causes = suspectCauses(store, links);
  const criteria = criteriaByLink(store, links);
  return links.map((l) => linkStatus(causes.get(l.id) ?? NONE, criteria.get(l.id) ?? NONE));
}
