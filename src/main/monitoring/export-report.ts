// Writes a stored drift report as self-contained HTML or as JSON to a file the host resolved: staged beside the
// target and published inside the audit entry's transaction (which records the file's sha256), so a failed export
// leaves neither a file nor an entry, and never replaces a file nobody agreed to replace.
import type { ReportExportResult } from '../../shared/api';
import type { DriftReport } from '../../shared/monitoring';
import type { ResolvedTarget } from '../handler-types';
import { publishExport } from '../store/audited-export';
import type { ProjectStore } from '../store/project-store';
import { renderReportHtml } from './report-html';
import { reportJson } from './report-json';

export function exportReport(store: ProjectStore, report: DriftReport, format: 'html' | 'json', out: ResolvedTarget, overwrite: boolean): ReportExportResult {
  const bytes = Buffer.from(format === 'html' ? renderReportHtml(report) : reportJson(report), 'utf8');
  const written = publishExport(store, out.path, bytes, overwrite, (file) => ({
    action: 'drift.export',
    target: `drift_report:${report.id}`,
    details: { report: report.id, format, bytes: file.bytes, sha256: file.sha256, destination: out.shown, overwrite },
  }));
  return { shown: out.shown, bytes: written.bytes, sha256: written.sha256, downloadId: out.downloadId };
}
