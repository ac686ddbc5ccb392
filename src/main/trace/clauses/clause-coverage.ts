// Which clauses of a checklist the mapped requirements and evidence cover at a chosen level (safety class, ASIL,
// DAL), and the gap report before an audit: leaf counts per top clause. Only confirmed mappings cover a clause;
// suggestions are listed beside it so an uncovered clause says where to look.
import type {
  ClauseChecklist,
  ClauseCoverage,
  ClauseCoverageReport,
  ClauseGapCount,
  ClauseMapping,
  ClauseStatus,
  EvidenceRef,
} from '../../../shared/standards';
import { appliesAt, checklistTree, checkLevel, type ClauseNode } from './checklist-tree';

export interface CoverageOptions {
  /** the level to judge at; absent or null: every clause applies */
  level?: string | null;
}

type Counts = Omit<ClauseGapCount, 'clause' | 'title'>;

const refKey = (ref: EvidenceRef): string => `${ref.kind}\u0000${ref.id}`;

/** Each target once, in the order first mapped: the same evidence mapped twice is one piece of evidence. */
function distinct(refs: EvidenceRef[]): EvidenceRef[] {
  const seen = new Map<string, EvidenceRef>();
  for (const ref of refs) if (!seen.has(refKey(ref))) seen.set(refKey(ref), { kind: ref.kind, id: ref.id });
  return [...seen.values()];
}

function emptyCounts(): Counts {
  return { applicable: 0, covered: 0, uncovered: 0, notApplicable: 0 };
}

function count(counts: Counts, status: ClauseStatus): void {
  if (status === 'not-applicable') counts.notApplicable++;
  else {
    counts.applicable++;
    if (status === 'covered') counts.covered++;
    else counts.uncovered++;
  }
}

export function clauseCoverage(checklist: ClauseChecklist, mappings: readonly ClauseMapping[], options: CoverageOptions = {}): ClauseCoverageReport {
  const level = options.level ?? null;
  checkLevel(checklist, level);
  const tree = checklistTree(checklist);
  const mine = mappings.filter((m) => m.standard === checklist.id);
  const unknown = mine.filter((m) => !tree.byId.has(m.clause));
  const byClause = new Map<string, { confirmed: EvidenceRef[]; suggested: EvidenceRef[] }>();
  for (const m of mine) {
    if (!tree.byId.has(m.clause)) continue;
    const entry = byClause.get(m.clause) ?? { confirmed: [], suggested: [] };
    entry[m.state].push(m.target);
    byClause.set(m.clause, entry);
  }

  const statuses = new Map<string, ClauseStatus>();
  // children before parents: a heading's status follows from its children's
  const statusOf = (node: ClauseNode): ClauseStatus => {
    const known = statuses.get(node.clause.id);
    if (known) return known;
    const childStatuses = node.children.map(statusOf);
    let status: ClauseStatus;
    if (!appliesAt(node, level)) status = 'not-applicable';
    else if ((byClause.get(node.clause.id)?.confirmed.length ?? 0) > 0) status = 'covered';
    else if (node.children.length > 0 && childStatuses.every((s) => s !== 'uncovered')) status = 'covered';
    else status = 'uncovered';
    statuses.set(node.clause.id, status);
    return status;
  };

  const clauses: ClauseCoverage[] = tree.nodes.map((node) => {
    const entry = byClause.get(node.clause.id);
    const confirmed = distinct(entry?.confirmed ?? []);
    const confirmedKeys = new Set(confirmed.map(refKey));
    return {
      clause: node.clause.id,
      title: node.clause.title,
      parent: node.clause.parent ?? null,
      depth: node.depth,
      leaf: node.children.length === 0,
      status: statusOf(node),
      confirmed,
      // a suggestion a person has since confirmed is no longer waiting
      suggested: distinct(entry?.suggested ?? []).filter((ref) => !confirmedKeys.has(refKey(ref))),
    };
  });

  const perTop = new Map<string, Counts>(tree.tops.map((t) => [t.clause.id, emptyCounts()]));
  const totals = emptyCounts();
  for (const node of tree.nodes) {
    if (node.children.length > 0) continue;
    const status = statusOf(node);
    count(totals, status);
    const top = perTop.get(node.top);
    if (top) count(top, status);
  }
  const gaps: ClauseGapCount[] = tree.tops.map((t) => ({ clause: t.clause.id, title: t.clause.title, ...(perTop.get(t.clause.id) ?? emptyCounts()) }));
  return { standard: checklist.id, level, clauses, gaps, totals, unknown };
}
