// Each link's acceptance-criteria verdicts: the requirement's criteria judged on the evidence that link reaches, so a
// matrix cell says failing or no-evidence. One query finds which of the links' requirements carry criteria; links of
// the others, and links whose type claims no evidence (JUDGED_LINK_TYPES), cost nothing.
import type { AcceptanceCriterion, CriterionResult } from '../../../shared/acceptance-criteria';
import type { ProjectStore } from '../../store/project-store';
import { RequirementCriteriaRepo } from '../../store/requirement-criteria-repo';
import type { StoredLink } from '../../store/trace-links-repo';
import { targetKey } from '../links/target-labels';
import { evaluateCriterion } from './evaluate-criterion';
import { EvidenceReader, JUDGED_LINK_TYPES } from './link-evidence';
import { criteriaOf } from './requirement-criteria';

export function criteriaByLink(store: ProjectStore, links: readonly Pick<StoredLink, 'id' | 'requirement' | 'type' | 'target'>[]): Map<string, CriterionResult[]> {
  const verdicts = new Map<string, CriterionResult[]>();
  const judged = links.filter((l) => JUDGED_LINK_TYPES.has(l.type));
  if (judged.length === 0) return verdicts;
  const stored = new RequirementCriteriaRepo(store.db).currentOf(judged.map((l) => l.requirement));
  if (stored.size === 0) return verdicts;
  const reader = new EvidenceReader(store);
  const parsed = new Map<string, AcceptanceCriterion[]>();
  // links of one requirement to one target under several types share one verdict
  const byPair = new Map<string, CriterionResult[]>();
  for (const link of judged) {
    const own = stored.get(link.requirement);
    if (!own) continue;
    const pair = `${link.requirement}|${targetKey(link.target)}`;
    let results = byPair.get(pair);
    if (!results) {
      const criteria = parsed.get(link.requirement) ?? criteriaOf(own);
      parsed.set(link.requirement, criteria);
      const observations = reader.observations([link.target]);
      results = criteria.map((c) => evaluateCriterion(c, observations));
      byPair.set(pair, results);
    }
    verdicts.set(link.id, results);
  }
  return verdicts;
}
