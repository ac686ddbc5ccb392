// Writes a stored drift report as self-contained HTML or as JSON to a file the host resolved: staged beside the
// target and published inside the audit entry's transaction (which records the file's sha256), so a failed export
// leaves neither a file nor an entry, and never replaces a file nobody agreed to replace.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ReportExportResult } from '../../shared/api';
import type { DriftReport } from '../../shared/monitoring';
import { checkExportTarget, publish } from '../datasets/csv-export';
import type { ResolvedTarget } from '../handler-types';
import type { ProjectStore } from '../store/project-store';
import { renderReportHtml } from './report-html';
import { reportJson } from './report-json';

export function exportReport(store: ProjectStore, report: DriftReport, format: 'html' | 'json', out: ResolvedTarget, overwrite: boolean): ReportExportResult {
  store.assertWritable(); // the audit entry is a write: a read-only project refuses before any file appears
  const target = path.resolve(out.path);
  checkExportTarget(target, overwrite);
  const bytes = Buffer.from(format === 'html' ? renderReportHtml(report) : reportJson(report), 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  // A dot name: a downloads folder holding only this file is not ready to serve (src/main/host/downloads.ts).
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  let published = false;
  try {
    const fd = fs.openSync(tmp, 'wx');
    try {
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    store.mutate(
      { action: 'drift.export', target: `drift_report:${report.id}`, details: { report: report.id, format, bytes: bytes.length, sha256, destination: out.shown, overwrite } },
      () => {
        publish(tmp, target, overwrite);
        published = true;
      },
    );
  } catch (e) {
    fs.rmSync(published ? target : tmp, { force: true });
    throw e;
  }
  return { shown: out.shown, bytes: bytes.length, sha256, downloadId: out.downloadId };
}
