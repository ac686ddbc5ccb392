// The uncovered report from a trace matrix: requirements without ok verifying evidence, and artifacts no requirement links to.
import { TRACE_LINK_STATUSES, VERIFYING_LINK_TYPES, type TraceMatrix, type TraceStatusCounts, type UncoveredReport } from '../../../shared/trace-matrix';
import { indexMatrix, statusCounts, type MatrixIndex } from './matrix-index';

const VERIFYING = new Set<string>(VERIFYING_LINK_TYPES);

/** Pass the index when the caller has built one already (every export does). */
export function uncoveredReport(matrix: TraceMatrix, index: MatrixIndex = indexMatrix(matrix)): UncoveredReport {
  const requirements = matrix.rows.flatMap((row, r) => {
    const verifying = statusCounts(index.byRow[r].filter((link) => VERIFYING.has(link.linkType)));
    if (verifying.ok > 0) return [];
    return [{ id: row.id, title: row.title, level: row.level, class: row.class, verifying, reason: reason(verifying) }];
  });
  const artifacts = index.columnOrder.flatMap((c) => {
    const column = matrix.columns[c];
    return column.kind !== 'requirement' && index.byColumn[c].length === 0 ? [{ kind: column.kind, id: column.id, label: column.label }] : [];
  });
  return { requirements, artifacts };
}

function reason(counts: TraceStatusCounts): string {
  const parts = TRACE_LINK_STATUSES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length === 0 ? 'no verifying link' : `verifying links, none ok: ${parts.join(', ')}`;
}
