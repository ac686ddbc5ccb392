// Handlers for drift reports, monitors and alert rules: reports are built by 'drift.report' jobs; the rest reads and
// writes through the open project's MonitoringService.
import type { HandlerMap } from '../handler-types';
import { exportReport } from './export-report';
import { startMonitorRun } from './monitor-jobs';

type MonitoringChannels =
  | 'drift.run' | 'drift.list' | 'drift.get' | 'drift.export'
  | 'monitors.create' | 'monitors.list' | 'monitors.get' | 'monitors.run'
  | 'alerts.addRule' | 'alerts.list';

export const monitoringHandlers: HandlerMap<MonitoringChannels> = {
  'drift.run': (request, { app }) => {
    const project = app.requireProject();
    project.monitoring.checkRequest(request); // a missing dataset or model version is refused now, not by the job
    const title = `Drift report: ${request.reference.dataset}@${request.reference.version} -> ${request.current.dataset}@${request.current.version}`;
    return { jobId: project.jobs.submit('drift.report', title, { request }).id };
  },
  'drift.list': ({ monitor }, { app }) => app.requireProject().monitoring.reports(monitor),
  'drift.get': ({ id }, { app }) => app.requireProject().monitoring.report(id),
  'drift.export': ({ id, format, target, overwrite = false }, ctx) => {
    const project = ctx.app.requireProject();
    const report = project.monitoring.report(id); // an unknown report fails here, before any file is reserved
    const out = ctx.resolveTarget(target, `${id}.${format}`);
    return exportReport(project.store, report, format, out, overwrite || out.overwriteConfirmed);
  },
  'monitors.create': (definition, { app }) => app.requireProject().monitoring.createMonitor(definition),
  'monitors.list': (_input, { app }) => app.requireProject().monitoring.monitors(),
  'monitors.get': ({ monitor }, { app }) => app.requireProject().monitoring.monitor(monitor),
  'monitors.run': ({ monitor }, { app }) => {
    const project = app.requireProject();
    return { jobId: startMonitorRun(project, project.monitoring.monitor(monitor)).id };
  },
  'alerts.addRule': (input, { app }) => app.requireProject().monitoring.addRule(input),
  'alerts.list': ({ monitor }, { app }) => app.requireProject().monitoring.alerts(monitor),
};
