// The 'drift.report' job, in a child process (it scores models through onnxruntime): builds the report, checks the
// monitor's alert rules against it, and stores both in one transaction. A cancelled or failed job stores nothing.
import { parseRequest } from '../../shared/experiment-requests';
import type { DriftReportJobInput, DriftReportJobResult } from '../../shared/jobs';
import { driftRequest } from '../../shared/monitoring';
import type { JobHandler } from '../jobs/protocol';
import { ProjectStore } from '../store/project-store';
import { evaluateRules } from './alert-rules';
import { buildDriftReport } from './build-drift-report';
import { MonitoringService, newReportId } from './monitoring-service';

export const driftReportJob: JobHandler<DriftReportJobInput, DriftReportJobResult> = async (input, ctx) => {
  const request = parseRequest(driftRequest, input.request, 'drift request');
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    const service = new MonitoringService(store);
    // the monitor (and so its rules) as they are when the report starts: a rule added meanwhile waits for the next run
    const rules = input.monitorId === undefined ? [] : service.monitor(input.monitorId).rules;
    const meta = { id: newReportId(), createdAt: new Date().toISOString(), createdBy: ctx.actor, monitorId: input.monitorId ?? null };
    const report = await buildDriftReport(store, request, { progress: (f, m) => ctx.progress(f * 0.98, m), checkCancelled: () => ctx.checkCancelled() }, meta);
    const fired = evaluateRules(rules, report);
    ctx.checkCancelled();
    ctx.progress(0.99, 'storing the report');
    const alerts = service.saveReport(report, fired);
    ctx.progress(1, `${report.driftedColumns} of ${report.testedColumns} columns drifted${alerts.length > 0 ? `; ${alerts.length} alert${alerts.length === 1 ? '' : 's'}` : ''}`);
    return { reportId: report.id, datasetDrift: report.datasetDrift, share: report.share, alerts };
  } finally {
    store.close();
  }
};
