// Regulatory clause checklists (resources/standards/*.json, our own wording): the file format, the evidence kinds a
// clause may be covered by, and the shapes of a coverage (gap) report and of ranked clause suggestions.
import { z } from 'zod';

/**
 * What can stand as evidence for a clause: a requirement, a versioned artifact from the lineage graph, an evaluation
 * of one of its kinds (the names of EVALUATION_KINDS in evaluations.ts), a drift report, an alert rule, a signed
 * approval, or an excerpt of the audit log.
 */
export const EVIDENCE_KINDS = [
  'requirement',
  'dataset_version',
  'run',
  'model_version',
  'scoring',
  'benchmark',
  'comparison',
  'explanation',
  'fairness',
  'drift_report',
  'alert_rule',
  'approval',
  'audit_log',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

const clauseId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9.\-]*$/, 'a clause id is letters, digits, dots and hyphens');

export const checklistClause = z
  .object({
    id: clauseId,
    title: z.string().min(3).max(120),
    /** the heading this clause sits under; absent for a top clause */
    parent: clauseId.optional(),
    /** the levels (safety class, ASIL, DAL) at which it applies; absent: those of its parent, or every level at the top */
    applies: z.array(z.string().min(1).max(8)).min(1).optional(),
    /** the kinds of evidence that can cover it: a hint for suggestions, not a rule */
    evidence: z.array(z.enum(EVIDENCE_KINDS)).min(1).optional(),
    /** extra terms (our own choice) that suggestClauses matches besides the title's words */
    keywords: z.array(z.string().min(2).max(40)).optional(),
  })
  .strict();
export type ChecklistClause = z.infer<typeof checklistClause>;

export const clauseChecklist = z
  .object({
    /** how the CLI names it: --standard iec62304 */
    id: z.string().regex(/^[a-z0-9-]{2,30}$/),
    /** the standard's own designation, cited as a reference: "IEC 62304" */
    name: z.string().min(2).max(80),
    /** the edition the checklist was made against */
    edition: z.string().min(1).max(160),
    /** one line of our own on what the standard is about */
    scope: z.string().min(3).max(200),
    /** what its levels are called ("software safety class", "ASIL", "DAL"); absent when it has none */
    levelName: z.string().min(2).max(40).optional(),
    /** its levels, in the standard's order; empty when every clause applies to every system in scope */
    levels: z.array(z.string().min(1).max(8)),
    clauses: z.array(checklistClause).min(1),
  })
  .strict();
export type ClauseChecklist = z.infer<typeof clauseChecklist>;

/** A checklist's entry in a listing, without its clauses. */
export type ChecklistInfo = Omit<ClauseChecklist, 'clauses'> & { clauses: number };

/** One piece of evidence: a requirement id, or an artifact's stable id ('<dataset>@<version>', a run id, ...). */
export interface EvidenceRef {
  kind: EvidenceKind;
  id: string;
}

/** A suggestion is a proposal no person has confirmed yet: it never counts as coverage. */
export const CLAUSE_MAPPING_STATES = ['suggested', 'confirmed'] as const;
export type ClauseMappingState = (typeof CLAUSE_MAPPING_STATES)[number];

/** A requirement or a piece of evidence mapped to a clause of one standard. */
export interface ClauseMapping {
  standard: string;
  clause: string;
  target: EvidenceRef;
  state: ClauseMappingState;
}

export const CLAUSE_STATUSES = ['covered', 'uncovered', 'not-applicable'] as const;
export type ClauseStatus = (typeof CLAUSE_STATUSES)[number];

export interface ClauseCoverage {
  clause: string;
  title: string;
  parent: string | null;
  /** how many headings lie above it (0 for a top clause) */
  depth: number;
  /** true for a checklist item (no clause under it): the gap counts are over these */
  leaf: boolean;
  /**
   * covered: a leaf with a confirmed mapping, or a heading with one of its own or all of whose applicable children are
   * covered; not-applicable: not at the chosen level (a heading: none of its children is); else uncovered
   */
  status: ClauseStatus;
  confirmed: EvidenceRef[];
  /** suggestions still waiting for a person, shown so an uncovered clause says where to look */
  suggested: EvidenceRef[];
}

/** Leaf counts under one top clause. */
export interface ClauseGapCount {
  clause: string;
  title: string;
  applicable: number;
  covered: number;
  uncovered: number;
  notApplicable: number;
}

export interface ClauseCoverageReport {
  standard: string;
  /** the level coverage was judged at; null: none chosen, so every clause counts as applicable */
  level: string | null;
  /** every clause, in the checklist's order */
  clauses: ClauseCoverage[];
  /** per top clause, in the checklist's order */
  gaps: ClauseGapCount[];
  totals: Omit<ClauseGapCount, 'clause' | 'title'>;
  /** mappings to this standard naming a clause the checklist does not have (a clause renamed or removed since) */
  unknown: ClauseMapping[];
}

/** A clause proposed for a requirement or artifact, with the terms that made it score. */
export interface ClauseSuggestion {
  clause: string;
  title: string;
  /** in (0, 1]: cosine similarity of the text's and the clause's terms, each weighted by its rarity in the checklist */
  score: number;
  /** the shared terms, folded (stems: "coverag", "label"), sorted */
  matched: string[];
  /** one line: "shares title: labels, bias; keywords: label, bias" (the words as the clause writes them) */
  reason: string;
}
