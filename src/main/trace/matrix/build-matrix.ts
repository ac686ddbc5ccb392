// The trace matrix as the window, the CLI and the exports read it: requirements in document order (with the depth,
// level and class the requirements table shows) against the targets they link to plus every artifact of the kinds
// asked for, one cell per live link with its status now. A fixed number of queries whatever its size: one per table,
// then describeLinks' batched reads; never one per link.
import type { RequirementLabel } from '../../../shared/requirements-classes';
import type { TraceLinkInfo, TraceMatrixView, TraceMatrixViewCell } from '../../../shared/trace';
import { TRACE_TARGET_KINDS, type TraceMatrixColumn, type TraceMatrixRow, type TraceTargetKind } from '../../../shared/trace-matrix';
import { depths } from '../../requirements/store/requirements-table';
import { isHeading, storedRequirements, type StoredRequirement } from '../../requirements/store/requirements-service';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { targetKey } from '../links/target-labels';
import { traceTargets } from '../links/trace-targets';
import { describeLinks } from '../status/describe-links';

export interface MatrixQuery {
  /** one document's requirements (its name or identifier); every document when absent */
  document?: string;
  /** column kinds (default: every kind) */
  kinds?: readonly TraceTargetKind[];
}

/** The matrix and the links its cells show (cells[i].link is links[i].id), for callers that need more than the cell. */
export interface BuiltMatrix {
  view: TraceMatrixView;
  links: TraceLinkInfo[];
  /** the rows that are headings (a title and no text): they fold the matrix but state nothing to cover */
  headings: Set<string>;
}

function matrixRows(stored: readonly StoredRequirement[], labels: ReadonlyMap<string, RequirementLabel>): TraceMatrixRow[] {
  const depth = depths(stored);
  return stored.map(({ row }) => ({
    id: row.id,
    title: row.title,
    depth: depth.get(row.id) ?? 0,
    level: row.level,
    // a person's label overrides the classifier's verdict, as the requirements table reads them together
    class: labels.get(row.id)?.label ?? row.class,
  }));
}

/**
 * Columns: every artifact of the wanted kinds, then the targets links point at that the catalogue does not list
 * (in link order). Requirement columns are only the requirements some link points at: every requirement is a row already, and
 * 20,000 empty requirement columns would say nothing.
 */
function matrixColumns(store: ProjectStore, wanted: ReadonlySet<TraceTargetKind>, links: readonly TraceLinkInfo[], rowOf: ReadonlyMap<string, number>): TraceMatrixColumn[] {
  const byKind = new Map<TraceTargetKind, Map<string, TraceMatrixColumn>>(TRACE_TARGET_KINDS.map((k) => [k, new Map()]));
  const add = (c: TraceMatrixColumn) => {
    const group = byKind.get(c.kind);
    if (group !== undefined && !group.has(c.id)) group.set(c.id, c);
  };
  const artifactKinds = [...wanted].filter((k) => k !== 'requirement');
  if (artifactKinds.length > 0) for (const t of traceTargets(store, artifactKinds)) add({ kind: t.kind, id: t.id, label: t.label });
  for (const l of links) add({ kind: l.target.kind, id: l.target.id, label: l.targetLabel });
  // requirement columns read in document order, like the rows; one from another document follows them
  const place = (c: TraceMatrixColumn) => rowOf.get(c.id) ?? rowOf.size;
  const requirements = [...(byKind.get('requirement')?.values() ?? [])].sort((a, b) => place(a) - place(b) || a.id.localeCompare(b.id));
  return [...requirements, ...TRACE_TARGET_KINDS.filter((k) => k !== 'requirement').flatMap((k) => [...(byKind.get(k)?.values() ?? [])])];
}

export function buildMatrix(store: ProjectStore, query: MatrixQuery = {}): BuiltMatrix {
  const stored = storedRequirements(store, { document: query.document });
  const rows = matrixRows(stored, new RequirementIntelligenceRepo(store.db).latestLabels());
  const rowOf = new Map(rows.map((r, i) => [r.id, i]));
  const wanted = new Set<TraceTargetKind>(query.kinds ?? TRACE_TARGET_KINDS);
  const live = new TraceLinksRepo(store.db).live().filter((l) => rowOf.has(l.requirement) && wanted.has(l.target.kind));
  const links = describeLinks(store, live);
  const columns = matrixColumns(store, wanted, links, rowOf);
  const columnOf = new Map(columns.map((c, i) => [targetKey(c), i]));
  const cells = links.map(
    (l): TraceMatrixViewCell => ({ row: rowOf.get(l.requirement) ?? 0, column: columnOf.get(targetKey(l.target)) ?? 0, linkType: l.type, status: l.status, link: l.id }),
  );
  const title = query.document === undefined ? 'Trace matrix' : `Trace matrix: ${query.document}`;
  const headings = new Set(stored.filter(isHeading).map((s) => s.row.id));
  return { view: { title, createdAt: store.now().toISOString(), rows, columns, cells }, links, headings };
}
