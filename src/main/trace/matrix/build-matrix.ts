// The trace matrix as the window, the CLI and the exports read it: requirements in document order (with the depth,
// level and class the requirements table shows) against the targets they link to plus every artifact of the kinds
// asked for, one cell per live link with its status now. A fixed number of queries whatever its size: one per table,
// then the batched reads of link status; never one per link.
import type { RequirementLabel } from '../../../shared/requirements-classes';
import type { TraceMatrixView, TraceMatrixViewCell } from '../../../shared/trace';
import { TRACE_TARGET_KINDS, type TraceMatrixColumn, type TraceMatrixRow, type TraceTargetKind } from '../../../shared/trace-matrix';
import { depths } from '../../requirements/store/requirements-table';
import { isHeading, pickDocuments } from '../../requirements/store/requirements-service';
import type { ProjectStore } from '../../store/project-store';
import { RequirementIntelligenceRepo } from '../../store/requirement-intelligence-repo';
import { RequirementsRepo } from '../../store/requirements-repo';
import { TraceMatrixRepo, type LinkState, type OutlineRequirement } from '../../store/trace-matrix-repo';
import { targetKey, targetLabels } from '../links/target-labels';
import { traceTargets } from '../links/trace-targets';
import { linkStatuses } from './link-statuses';
import { patchMatrix } from './patch-matrix';

export interface MatrixQuery {
  /** one document's requirements (its name or identifier); every document when absent */
  document?: string;
  /** column kinds (default: every kind) */
  kinds?: readonly TraceTargetKind[];
}

export interface BuiltMatrix {
  view: TraceMatrixView;
  /** the rows that are headings (a title and no text): they fold the matrix but state nothing to cover */
  headings: Set<string>;
}

function matrixRows(outline: readonly OutlineRequirement[], store: ProjectStore): TraceMatrixRow[] {
  const intelligence = new RequirementIntelligenceRepo(store.db);
  const classes = intelligence.latestClassifications();
  const labels: ReadonlyMap<string, RequirementLabel> = intelligence.latestLabels();
  const depth = depths(outline);
  return outline.map(({ place: { id }, latest }) => ({
    id,
    title: latest.title,
    depth: depth.get(id) ?? 0,
    level: latest.level,
    // a person's label overrides the classifier's verdict, as the requirements table reads them together
    class: labels.get(id)?.label ?? classes.get(id)?.class ?? null,
  }));
}

/** Column index by kind, then id: a cell finds its column without building a key string per link. */
type ColumnIndex = Map<TraceTargetKind, Map<string, number>>;

/**
 * Columns: every artifact of the wanted kinds, then the targets links point at that the catalogue does not list (a
 * removed artifact, a requirement). Requirement columns are only the requirements some link points at: every requirement is a row
 * already, and 20,000 empty requirement columns would say nothing. They read in document order, like the rows.
 */
function matrixColumns(store: ProjectStore, wanted: ReadonlySet<TraceTargetKind>, links: readonly LinkState[], rowOf: ReadonlyMap<string, number>): { columns: TraceMatrixColumn[]; columnOf: ColumnIndex } {
  const byKind = new Map<TraceTargetKind, Map<string, TraceMatrixColumn>>(TRACE_TARGET_KINDS.map((k) => [k, new Map()]));
  const artifactKinds = [...wanted].filter((k) => k !== 'requirement');
  if (artifactKinds.length > 0) for (const t of traceTargets(store, artifactKinds)) byKind.get(t.kind)?.set(t.id, { kind: t.kind, id: t.id, label: t.label });
  // the links' targets are shared objects (TraceMatrixRepo.liveLinks), so a Set of them holds each target once
  const unlisted = new Set(links.filter((l) => !byKind.get(l.target.kind)?.has(l.target.id)).map((l) => l.target));
  const labels = targetLabels(store, [...unlisted]);
  for (const t of unlisted) byKind.get(t.kind)?.set(t.id, { kind: t.kind, id: t.id, label: labels.get(targetKey(t)) ?? t.id });
  const place = (c: TraceMatrixColumn) => rowOf.get(c.id) ?? rowOf.size;
  const requirements = [...(byKind.get('requirement')?.values() ?? [])].sort((a, b) => place(a) - place(b) || a.id.localeCompare(b.id));
  const columns = [...requirements, ...TRACE_TARGET_KINDS.filter((k) => k !== 'requirement').flatMap((k) => [...(byKind.get(k)?.values() ?? [])])];
  const columnOf: ColumnIndex = new Map(TRACE_TARGET_KINDS.map((k) => [k, new Map()]));
  columns.forEach((c, i) => columnOf.get(c.kind)?.set(c.id, i));
  return { columns, columnOf };
}

function build(store: ProjectStore, query: MatrixQuery): BuiltMatrix {
  const repo = new TraceMatrixRepo(store.db);
  const outline = repo.outline(pickDocuments(new RequirementsRepo(store.db), query.document).map((d) => d.id));
  const rows = matrixRows(outline, store);
  const rowOf = new Map(rows.map((r, i) => [r.id, i]));
  const wanted = new Set<TraceTargetKind>(query.kinds ?? TRACE_TARGET_KINDS);
  const links = repo.liveLinks().filter((l) => rowOf.has(l.requirement) && wanted.has(l.target.kind));
  const statuses = linkStatuses(store, links);
  const { columns, columnOf } = matrixColumns(store, wanted, links, rowOf);
  const cells = links.map(
    (l, i): TraceMatrixViewCell => ({ row: rowOf.get(l.requirement) ?? 0, column: columnOf.get(l.target.kind)?.get(l.target.id) ?? 0, linkType: l.type, status: statuses[i], link: l.id }),
  );
  const title = query.document === undefined ? 'Trace matrix' : `Trace matrix: ${query.document}`;
  const headings = new Set(outline.filter(isHeading).map((r) => r.place.id));
  return { view: { title, createdAt: store.now().toISOString(), rows, columns, cells }, headings };
}

/**
 * The last matrix built per project, with the audit log's head it was built at. Every write to a project appends an
 * audit entry in the same transaction (ProjectStore.mutate), so an unchanged head means unchanged links, requirements
 * and evidence: the window's next look (another tab, a refresh, an export) costs nothing. After links were only made
 * or removed (the window's edits) the last matrix is patched instead of built again (patchMatrix).
 */
const lastBuilt = new WeakMap<ProjectStore, { seq: number; query: string; built: BuiltMatrix }>();

/** The matrix at audit entry `seq`: the last one when nothing changed, patched when only links did, else built whole. */
function current(store: ProjectStore, query: MatrixQuery, seq: number, key: string): BuiltMatrix {
  const last = lastBuilt.get(store);
  if (last === undefined || last.query !== key) return build(store, query);
  if (last.seq === seq) return last.built;
  const view = patchMatrix(store, last.built.view, last.seq, query.kinds);
  return view === null ? build(store, query) : { ...last.built, view };
}

export function buildMatrix(store: ProjectStore, query: MatrixQuery = {}): BuiltMatrix {
  const seq = store.audit.head().seq;
  const key = JSON.stringify([query.document ?? null, query.kinds ?? null]);
  const built = current(store, query, seq, key);
  lastBuilt.set(store, { seq, query: key, built });
  return { ...built, view: { ...built.view, createdAt: store.now().toISOString() } };
}
