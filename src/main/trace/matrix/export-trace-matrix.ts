// Writes the trace matrix as CSV, XLSX or HTML to a file the host resolved, audited like requirements.export: staged
// beside the target and published inside the audit entry's transaction (which records the file's SHA-256), so a
// failed export leaves neither a file nor an entry.
import type { ReportExportResult } from '../../../shared/api';
import type { MatrixExportFormat, TraceMatrix } from '../../../shared/trace-matrix';
import type { ResolvedTarget } from '../../handler-types';
import { publishExport } from '../../store/audited-export';
import type { ProjectStore } from '../../store/project-store';
import { exportMatrix } from '../matrix-export/export-matrix';

export function exportTraceMatrix(
  store: ProjectStore,
  matrix: TraceMatrix,
  options: { format: MatrixExportFormat; document?: string; out: ResolvedTarget; overwrite: boolean },
): ReportExportResult {
  const { format, out, overwrite } = options;
  const file = exportMatrix(matrix, format);
  const written = publishExport(store, out.path, file.bytes, overwrite, (f) => ({
    action: 'trace.exportMatrix',
    target: `trace_matrix:${options.document ?? '*'}`,
    details: { format, rows: matrix.rows.length, columns: matrix.columns.length, links: matrix.cells.length, bytes: f.bytes, sha256: f.sha256, destination: out.shown, overwrite },
  }));
  return { shown: out.shown, bytes: written.bytes, sha256: written.sha256, downloadId: out.downloadId };
}
