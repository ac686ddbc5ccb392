// Jobs a monitor starts: a report on the newest version of its dataset (asked for, or because a version was
// imported), and a retraining run for each alert whose rule retrains.
import type { JobInfo } from '../../shared/domain';
import { toAppError } from '../../shared/errors';
import type { AlertInfo, MonitorInfo } from '../../shared/monitoring';
import type { JobRunner } from '../jobs/job-runner';
import type { ProjectStore } from '../store/project-store';
import type { MonitoringService } from './monitoring-service';
import { retrainJobInput } from './retrain';

export interface MonitorJobDeps {
  store: ProjectStore;
  jobs: JobRunner;
  monitoring: MonitoringService;
}

/** Queues the monitor's report on the newest version of its dataset; its alert rules are checked by the job. */
export function startMonitorRun({ jobs, monitoring }: MonitorJobDeps, monitor: MonitorInfo): JobInfo {
  const request = monitoring.requestFor(monitor);
  return jobs.submit('drift.report', `Monitor ${monitor.definition.name}: ${request.current.dataset}@${request.current.version}`, { request, monitorId: monitor.id });
}

/**
 * After an import that made a new version: queues a report for each monitor of the dataset. The import itself
 * succeeded whatever happens here; a run that cannot be queued (the project is closing or read-only) is skipped.
 */
export function afterMonitoredImport(deps: MonitorJobDeps, dataset: string): JobInfo[] {
  if (deps.store.readOnly) return [];
  const started: JobInfo[] = [];
  for (const monitor of deps.monitoring.monitorsWatching(dataset)) {
    try {
      started.push(startMonitorRun(deps, monitor));
    } catch {
      // only a closing project refuses a job here; the monitor runs on the next import or by hand
    }
  }
  return started;
}

/** After a report job: queues the retraining its alerts ask for (nothing for a read-only project). */
export function afterDriftReport(deps: MonitorJobDeps, alerts: AlertInfo[]): JobInfo[] {
  if (deps.store.readOnly || alerts.length === 0) return [];
  return startRetraining(deps, alerts);
}

/**
 * Queues a retraining run for each alert whose rule retrains, and records the job on the alert. An alert whose
 * retraining cannot start (the newest data lacks the target, the run is gone) gets an audit entry saying why; the
 * others still start. Returns the jobs started.
 */
export function startRetraining({ store, jobs, monitoring }: MonitorJobDeps, alerts: AlertInfo[]): JobInfo[] {
  const started: JobInfo[] = [];
  for (const alert of alerts) {
    const monitor = monitoring.monitor(alert.monitorId);
    if (!monitor.rules.some((r) => r.id === alert.ruleId && r.retrain) || alert.retrainJobId !== null) continue;
    try {
      const input = retrainJobInput(store, alert, monitor);
      const job = jobs.submit('train', `Retrain (alert ${alert.id}): ${input.request.model} on ${input.request.dataset} -> ${input.request.target}`, input);
      monitoring.setRetrainJob(alert.id, job.id);
      started.push(job);
    } catch (e) {
      monitoring.retrainRefused(alert.id, toAppError(e).message);
    }
  }
  return started;
}
