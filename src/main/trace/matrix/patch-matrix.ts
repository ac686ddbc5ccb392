// The last matrix brought up to date after links were only made or removed (the window's edits, one audit entry
// each): each such link's cell is added with its status now, or dropped, instead of judging all 100,000 links again.
// Another link's status cannot change by it: a status reads only the link's own stamp, its requirement, its target and
// the requirement's criteria. Anything else since (an edit, an import, a re-verification), or a change that could add
// or take away a column, is left to the whole build, which the caller then runs.
import type { TraceMatrixView, TraceMatrixViewCell } from '../../../shared/trace';
import { TRACE_TARGET_KINDS, type TraceTargetKind } from '../../../shared/trace-matrix';
import type { ProjectStore } from '../../store/project-store';
import { TraceLinksRepo, type StoredLink } from '../../store/trace-links-repo';
import { linkStatuses } from './link-statuses';

/** The audit actions of links-service that make or remove one link (details.link) and write nothing else. */
const LINK_ACTIONS: ReadonlySet<string> = new Set(['trace.link', 'trace.unlink']);

/** More entries than this since the last build: the whole build is as cheap as reading them and looking each link up. */
const PATCH_LIMIT = 200;

/** The link an audit entry of LINK_ACTIONS names, or null for any other entry. */
function linkOf(entry: { action: string; details: unknown }): string | null {
  if (!LINK_ACTIONS.has(entry.action) || typeof entry.details !== 'object' || entry.details === null || !('link' in entry.details)) return null;
  return typeof entry.details.link === 'string' ? entry.details.link : null;
}

/** Where a cell with this link id goes among cells in link-id order: the order of the whole build's table scan. */
function insertionPoint(cells: readonly TraceMatrixViewCell[], link: string): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cells[mid].link < link) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `view` (built at audit entry `builtAt` for these column kinds) as the whole build would give it now, or null when
 * something other than links made or removed happened since, or a change touches a column's existence: a link made
 * to a target with no column yet, or the last link of a column removed (a requirement or unlisted target's column
 * goes with it).
 */
export function patchMatrix(store: ProjectStore, view: TraceMatrixView, builtAt: number, kinds: readonly TraceTargetKind[] | undefined): TraceMatrixView | null {
  const since = store.audit.head().seq - builtAt;
  // a head behind the build (a log that shrank) says nothing about what changed
  if (since <= 0 || since > PATCH_LIMIT) return null;
  const changed = new Set<string>();
  for (const entry of store.audit.list(since).filter((e) => e.seq > builtAt)) {
    const link = linkOf(entry);
    if (link === null) return null;
    changed.add(link);
  }
  const rowOf = new Map(view.rows.map((r, i) => [r.id, i]));
  const columnOf = new Map<TraceTargetKind, Map<string, number>>(TRACE_TARGET_KINDS.map((k) => [k, new Map()]));
  view.columns.forEach((c, i) => columnOf.get(c.kind)?.set(c.id, i));
  const wanted = new Set<TraceTargetKind>(kinds ?? TRACE_TARGET_KINDS);

  const repo = new TraceLinksRepo(store.db);
  const live: StoredLink[] = [];
  for (const id of changed) {
    const link = repo.get(id);
    if (link === null) return null;
    if (link.removedAt !== null || !rowOf.has(link.requirement) || !wanted.has(link.target.kind)) continue;
    if (columnOf.get(link.target.kind)?.get(link.target.id) === undefined) return null;
    live.push(link);
  }
  const cells = view.cells.filter((c) => !changed.has(c.link));
  const statuses = linkStatuses(store, live);
  live.forEach((l, i) => {
    const cell: TraceMatrixViewCell = { row: rowOf.get(l.requirement) ?? 0, column: columnOf.get(l.target.kind)?.get(l.target.id) ?? 0, linkType: l.type, status: statuses[i], link: l.id };
    cells.splice(insertionPoint(cells, l.id), 0, cell);
  });
  const stillShown = new Set(cells.map((c) => c.column));
  if (view.cells.some((c) => changed.has(c.link) && !stillShown.has(c.column))) return null;
  return { ...view, cells };
}
