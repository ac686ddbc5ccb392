// A requirement's acceptance criteria: read with each one's verdict against the evidence its live links reach, and
// replaced as a whole (each parsed, stored canonical, audited). The stored texts are canonical, so they always parse.
import type { AcceptanceCriterion } from '../../../shared/acceptance-criteria';
import { AppFailure, fail } from '../../../shared/errors';
import { formatCriterion } from '../../../shared/format-criterion';
import { parseCriterion } from '../../../shared/parse-criterion';
import type { RequirementCriteriaInfo } from '../../../shared/trace';
import type { ProjectStore } from '../../store/project-store';
import { RequirementCriteriaRepo, type StoredCriteria } from '../../store/requirement-criteria-repo';
import { RequirementsRepo } from '../../store/requirements-repo';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { combinedStatus, evaluateCriterion } from './evaluate-criterion';
import { EvidenceReader, JUDGED_LINK_TYPES } from './link-evidence';

/** The typed form of stored criteria. */
export function criteriaOf(stored: StoredCriteria): AcceptanceCriterion[] {
  return stored.criteria.map((text) => parseCriterion(text));
}

export function readCriteria(store: ProjectStore, requirement: string): RequirementCriteriaInfo {
  requireRequirement(store, requirement);
  const stored = new RequirementCriteriaRepo(store.db).current(requirement);
  const criteria = stored ? criteriaOf(stored) : [];
  const targets = new TraceLinksRepo(store.db)
    .live({ requirement })
    .filter((l) => JUDGED_LINK_TYPES.has(l.type))
    .map((l) => l.target);
  const observations = criteria.length > 0 ? new EvidenceReader(store).observations(targets) : [];
  const judged = criteria.map((criterion) => ({ text: formatCriterion(criterion), criterion, result: evaluateCriterion(criterion, observations) }));
  return {
    requirement,
    criteria: judged,
    status: combinedStatus(judged.map((c) => c.result)),
    setAt: stored?.createdAt ?? null,
    setBy: stored?.createdBy ?? null,
  };
}

/**
 * Replaces the requirement's criteria with these texts, in order ([] removes them all). A criterion that does not
 * parse is refused naming its position, column and the word found there; one that says what an earlier one says is
 * refused too. Saving the criteria it already has writes nothing.
 */
export function setCriteria(store: ProjectStore, requirement: string, texts: readonly string[]): RequirementCriteriaInfo {
  requireRequirement(store, requirement);
  const parsed = texts.map((text, i) => parsedAt(text, i));
  const canonical = parsed.map(formatCriterion);
  const keys = parsed.map(sameness);
  keys.forEach((key, i) => {
    const first = keys.indexOf(key);
    if (first < i) fail('BAD_INPUT', `criterion ${i + 1} says what criterion ${first + 1} says ('${canonical[i]}').`, { where: { field: `criteria.${i}` } });
  });
  const repo = new RequirementCriteriaRepo(store.db);
  const previous = repo.current(requirement)?.criteria ?? [];
  if (previous.length !== canonical.length || previous.some((text, i) => text !== canonical[i])) {
    store.mutate({ action: 'trace.criteria', target: `requirement:${requirement}`, details: { criteria: canonical, previous } }, () =>
      repo.append({ requirement, criteria: canonical, createdAt: store.now().toISOString(), createdBy: store.actor }),
    );
  }
  return readCriteria(store, requirement);
}

/** What two criteria share when they say the same: their canonical text, a metric's name in any case (as it is matched). */
function sameness(c: AcceptanceCriterion): string {
  return formatCriterion(c.kind === 'metric' ? { ...c, metric: c.metric.toLowerCase() } : c);
}

/** The criterion at 0-based position i, or the parse error with its position added: "criterion 2: ... at column 8". */
function parsedAt(text: string, i: number): AcceptanceCriterion {
  try {
    return parseCriterion(text);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    return fail(e.error.code, `criterion ${i + 1}: ${e.error.message}`, { where: { ...e.error.where, field: `criteria.${i}` } });
  }
}

function requireRequirement(store: ProjectStore, requirement: string): void {
  if (!new RequirementsRepo(store.db).latest(requirement)) fail('NOT_FOUND', `No requirement '${requirement}'.`, { where: { field: 'requirement' }, hint: 'airlock req list shows the requirements.' });
}
