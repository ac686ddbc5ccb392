// The trace matrix as exports see it: requirements (rows) against artifacts or requirements (columns), sparse cells
// with a link type and a status, and the uncovered report (requirements nothing verifies, artifacts nothing links).
import { LINEAGE_NODE_KINDS, type LineageNodeKind } from './lineage';
import type { RequirementLevel } from './requirements';

export const TRACE_LINK_TYPES = ['satisfies', 'verifies', 'trained-on', 'evaluated-by', 'monitored-by', 'derived-from', 'refines'] as const;
export type TraceLinkType = (typeof TRACE_LINK_TYPES)[number];

/** ok: the evidence holds; suspect: either side changed since the link was made; failing: an acceptance criterion fails on it; no-evidence: nothing to check it against yet */
export const TRACE_LINK_STATUSES = ['ok', 'suspect', 'failing', 'no-evidence'] as const;
export type TraceLinkStatus = (typeof TRACE_LINK_STATUSES)[number];

/** What a column can be: any lineage artifact, or another requirement (derived-from, refines). */
export type TraceTargetKind = 'requirement' | LineageNodeKind;
/** The order column groups appear in: requirements first, then artifacts in the lineage catalogue's order. */
export const TRACE_TARGET_KINDS: readonly TraceTargetKind[] = ['requirement', ...LINEAGE_NODE_KINDS];

/** Link types that count as verifying evidence: a requirement with none of them (or none ok) is uncovered. */
export const VERIFYING_LINK_TYPES: readonly TraceLinkType[] = ['verifies', 'evaluated-by', 'monitored-by'];

export interface TraceMatrixRow {
  /** the requirement's id */
  id: string;
  title: string;
  /** depth in its document's hierarchy, 0 at the top (rows come in document order, so depth is enough to fold) */
  depth: number;
  level: RequirementLevel | null;
  /** the requirement's class (accepted label or classifier verdict), or null */
  class: string | null;
}

export interface TraceMatrixColumn {
  kind: TraceTargetKind;
  /** the artifact's stable id ('<dataset>@<version>', a run id, a requirement id, ...) */
  id: string;
  /** a human name for it (a model's NAME@VERSION, a report's name); the id when it has none */
  label: string;
}

/** One link; several links may share a row and column (a cell then shows them all). */
export interface TraceMatrixCell {
  /** index into rows */
  row: number;
  /** index into columns */
  column: number;
  linkType: TraceLinkType;
  status: TraceLinkStatus;
}

/** The forward matrix (requirement -> target); the backward view reads the same cells by column. Cells are sparse: only links. */
export interface TraceMatrix {
  title: string;
  /** ISO 8601 */
  createdAt: string;
  rows: TraceMatrixRow[];
  columns: TraceMatrixColumn[];
  cells: TraceMatrixCell[];
}

/** Counts of a requirement's verifying links by status. */
export type TraceStatusCounts = Record<TraceLinkStatus, number>;

export interface UncoveredRequirement {
  id: string;
  title: string;
  level: RequirementLevel | null;
  class: string | null;
  /** its verifying links by status: all zero when it has none; otherwise none of them is ok */
  verifying: TraceStatusCounts;
  /** one line: "no verifying link" or "verifying links, none ok: 1 suspect, 2 failing" */
  reason: string;
}

export interface UncoveredArtifact {
  kind: TraceTargetKind;
  id: string;
  label: string;
}

export interface UncoveredReport {
  /** requirements with no ok verifying evidence, in row order */
  requirements: UncoveredRequirement[];
  /** artifact columns (not requirement columns) no requirement links to, in column order */
  artifacts: UncoveredArtifact[];
}

/** The files a trace matrix exports to (`airlock trace matrix --format`). */
export const MATRIX_EXPORT_FORMATS = ['csv', 'xlsx', 'html'] as const;
export type MatrixExportFormat = (typeof MATRIX_EXPORT_FORMATS)[number];
