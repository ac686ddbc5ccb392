// Traceability's contract: a typed link between a requirement and an artifact (or another requirement), its status,
// what a change affects (impact), ranked link suggestions, a requirement's acceptance criteria with their verdicts,
// coverage, and the audit package's request. The matrix and export shapes live in trace-matrix.ts.
import { z } from 'zod';
import type { AcceptanceCriterion, CriterionResult, CriterionStatus } from './acceptance-criteria';
import { LINEAGE_NODE_KINDS, type LineageNode } from './lineage';
import type { ClauseCoverageReport } from './standards';
import { TRACE_LINK_TYPES, TRACE_TARGET_KINDS, type TraceLinkStatus, type TraceLinkType, type TraceMatrix, type TraceMatrixCell, type TraceTargetKind, type UncoveredReport } from './trace-matrix';

/** What a link points at: a requirement by id, or a lineage node by its stable id ('<dataset>@<version>', a run id, a model version's id, ...). */
export const traceTarget = z
  .object({
    kind: z.enum(['requirement', ...LINEAGE_NODE_KINDS]),
    id: z.string().min(1).max(300),
  })
  .strict();
export type TraceTarget = z.infer<typeof traceTarget>;

export const traceLinkType = z.enum(TRACE_LINK_TYPES);

/** How the CLI names a target kind in `KIND:ID[@VERSION]` (`dataset:holdout@3`, `model:churn@2`, `req:SYS-4`). */
export const TARGET_KIND_WORDS: Readonly<Record<TraceTargetKind, string>> = {
  requirement: 'req',
  dataset_version: 'dataset',
  study: 'study',
  run: 'run',
  model_version: 'model',
  drift_report: 'drift',
  monitor: 'monitor',
  alert: 'alert',
  evaluation: 'eval',
  approval: 'approval',
};

/** Where a link came from: made by a person, read from a ReqIF SPEC-RELATION, or an accepted suggestion. */
export const TRACE_LINK_ORIGINS = ['manual', 'reqif', 'suggestion'] as const;
export type TraceLinkOrigin = (typeof TRACE_LINK_ORIGINS)[number];

/** Why a link is suspect: its requirement has a revision with another fingerprint, or a newer version supersedes its target. */
export type SuspectCause =
  | { kind: 'requirement-changed'; fromRevision: number; toRevision: number }
  | { kind: 'target-changed'; fromRevision: number; toRevision: number }
  | { kind: 'superseded'; by: LineageNode; label: string };

export interface TraceLinkInfo {
  id: string;
  requirement: string;
  /** the requirement revision the link was made (or last cleared or re-verified) against */
  requirementRevision: number;
  target: TraceTarget;
  /** a human name for the target (a model's NAME@VERSION, a requirement's title) */
  targetLabel: string;
  type: TraceLinkType;
  status: TraceLinkStatus;
  /** every reason it is suspect now; empty unless status is 'suspect' */
  suspect: SuspectCause[];
  /** the acceptance criteria of the requirement judged on this link's evidence (empty when none apply) */
  criteria: CriterionResult[];
  origin: TraceLinkOrigin;
  reason: string | null;
  createdAt: string;
  createdBy: string;
  /** the last clear or re-verification: who, when, why */
  reviewed: { action: 'cleared' | 'reverified'; at: string; by: string; reason: string } | null;
}

/** One thing a change reaches, and the path it was reached by (link, then lineage relations). */
export interface ImpactItem {
  node: TraceTarget;
  label: string;
  /** how it was reached: the link's type, then each lineage relation walked (`verifies`, `produced`, `approved_as`) */
  via: string[];
  /** the link it hangs off */
  link: string;
  depth: number;
}

export interface ImpactReport {
  requirement: string;
  title: string;
  /** its newest revision, and the revisions its links were made against that differ in fingerprint */
  revision: number;
  /** every link of the requirement (and links that point at it from other requirements), suspect ones first */
  links: TraceLinkInfo[];
  /** everything reachable through the links and the lineage graph: model versions, runs, dataset versions, evaluations, approvals */
  affected: ImpactItem[];
  /** true when the lineage walk hit its bound */
  truncated: boolean;
}

/** A ranked candidate link, with why. */
export interface TraceSuggestion {
  target: TraceTarget;
  label: string;
  type: TraceLinkType;
  /** in (0, 1] */
  score: number;
  /** one line: "shares terms: latency, gpu; column names: age, sex" */
  reason: string;
  /**
   * set on a child (a requirement of a lower level): the link goes the other way, from the target to the requirement
   * asked about, so accepting links `target.id` to it and rejecting names it the same way round
   */
  reverse?: true;
}

/** A requirement's acceptance criteria as written, each parsed and judged against the requirement's linked evidence. */
export interface RequirementCriterionInfo {
  /** canonical text (formatCriterion) */
  text: string;
  criterion: AcceptanceCriterion;
  result: CriterionResult;
}

export interface RequirementCriteriaInfo {
  requirement: string;
  criteria: RequirementCriterionInfo[];
  /** fail when one fails, else no-evidence when one lacks evidence, else pass (combinedStatus); null when it has none */
  status: CriterionStatus | null;
  setAt: string | null;
  setBy: string | null;
}

/** The matrix as the window reads it: every cell carries the link it shows, so a cell can be removed, cleared or opened. */
export interface TraceMatrixViewCell extends TraceMatrixCell {
  link: string;
}
export interface TraceMatrixView extends TraceMatrix {
  cells: TraceMatrixViewCell[];
}

/** Counts a coverage summary shows, with the uncovered report. */
export interface TraceCoverage {
  requirements: number;
  /** requirements with at least one ok verifying link */
  covered: number;
  links: Record<TraceLinkStatus, number>;
  uncovered: UncoveredReport;
}

/** A linkable artifact or requirement with the name the window shows and, for requirements, its text. */
export interface TraceTargetInfo extends TraceTarget {
  label: string;
  /** when it was made (ISO instant) */
  createdAt: string;
}

export const traceMatrixQuery = z
  .object({
    document: z.string().min(1).max(500).optional(),
    /** column kinds to include (default: every kind with at least one artifact) */
    kinds: z.array(z.enum(TRACE_TARGET_KINDS as [TraceTargetKind, ...TraceTargetKind[]])).min(1).optional(),
  })
  .strict();

/** The standards an audit package can report on (clause checklists under resources/standards). */
export const AUDIT_STANDARDS = ['annex4', 'iec62304', 'iso26262', 'do178c'] as const;
export type AuditStandard = (typeof AUDIT_STANDARDS)[number];

/** What an audit package held, as its job returns it. */
export interface AuditPackageResult {
  shown: string;
  bytes: number;
  sha256: string;
  downloadId: string | null;
  /** every file inside, in manifest order */
  files: string[];
  signer: { user: string; fingerprint: string };
  /** the standards reported on, each with its uncovered leaf clauses */
  standards: { standard: AuditStandard; covered: number; uncovered: number }[];
}

/**
 * The 'audit.package' job's input. No passphrase and no key: the handler unlocks the exporter's key and hands it to
 * the job as the runner's in-memory secret (JobRunner.submit's `secret`), which never reaches the jobs table.
 */
export interface AuditPackageJobInput {
  path: string;
  shown: string;
  downloadId: string | null;
  overwrite: boolean;
  user: string;
  standards: AuditStandard[];
  /** model version ids to include (default: every version with an alias, else the newest of each model) */
  models: string[];
}

export type { ClauseCoverageReport };
