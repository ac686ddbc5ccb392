// The requirements as the window's table and document view show them, and the project-wide lint report: each stored
// requirement at its latest revision with its stored class, a person's label, its lint verdict and its depth.
import type { RequirementTableRow } from '../../../shared/requirements';
import type { LintResult, RequirementLintRow } from '../../../shared/requirements-lint';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import type { RequirementPlace } from '../../store/requirements-repo';
import { lintRequirement } from '../lint/lint-requirement';
import { isHeading, storedRequirements, type StoredRequirement } from './requirements-service';

/** A heading says nothing to lint: it passes every rule and fits no EARS pattern. */
const HEADING: LintResult = { score: 1, ears: { pattern: 'none' }, findings: [] };

const lintOf = (r: StoredRequirement): LintResult => (isHeading(r) ? HEADING : lintRequirement(r.latest.text));

/** Hierarchy depth of each requirement: 0 at the top, one more under each parent that is among `stored`. */
export function depths(stored: readonly { place: Pick<RequirementPlace, 'id' | 'parent_id'> }[]): Map<string, number> {
  const parentOf = new Map(stored.map((s) => [s.place.id, s.place.parent_id]));
  const depth = new Map<string, number>();
  const of = (id: string, seen: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const parent = parentOf.get(id) ?? null;
    // a parent outside the chosen documents, or a cycle in a damaged file, ends the chain
    const d = parent === null || !parentOf.has(parent) || seen.has(parent) ? 0 : of(parent, seen.add(id)) + 1;
    depth.set(id, d);
    return d;
  };
  for (const s of stored) of(s.place.id, new Set());
  return depth;
}

export function requirementsTable(store: ProjectStore, options: { document?: string } = {}): RequirementTableRow[] {
  const stored = storedRequirements(store, options);
  const labels = new RequirementIntelligenceRepo(store.db).latestLabels();
  const depth = depths(stored);
  return stored.map((r) => {
    const { row, latest, classification: verdict } = r;
    const lint = lintOf(r);
    return {
      ...row,
      confidence: verdict?.confidence ?? null,
      labels: verdict?.labels ?? [],
      label: labels.get(row.id)?.label ?? null,
      lintScore: lint.score,
      findings: lint.findings.length,
      ears: lint.ears.pattern,
      depth: depth.get(row.id) ?? 0,
      xhtml: latest.xhtml,
    };
  });
}

/** The lint verdict of every requirement with text (headings left out), in document order. */
export function lintRequirements(store: ProjectStore, options: { document?: string } = {}): RequirementLintRow[] {
  return storedRequirements(store, options)
    .filter((r) => !isHeading(r))
    .map(({ row, latest }) => ({ id: row.id, document: row.document, ...lintRequirement(latest.text) }));
}
