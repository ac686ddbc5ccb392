// Stored drift reports, monitors, alert rules and alerts of one project: what the drift.*, monitors.* and alerts.*
// channels read, and the one transaction that stores a finished report with its lineage and the alerts it fired.
import { randomBytes } from 'node:crypto';
import type { ColumnSchema } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { parseRequest } from '../../shared/experiment-requests';
import type { LineageNode } from '../../shared/lineage';
import {
  alertRuleInput,
  type AlertInfo,
  type AlertMetric,
  type AlertRule,
  type AlertRuleInput,
  type DatasetVersionRef,
  type DriftReport,
  type DriftReportSummary,
  type DriftRequest,
  type MonitorDefinition,
  type MonitorInfo,
} from '../../shared/monitoring';
import { DatasetsRepo } from '../store/datasets-repo';
import { LineageRepo } from '../store/lineage-repo';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import { MonitoringRepo, type MonitorRecord } from '../store/monitoring-repo';
import type { ProjectStore } from '../store/project-store';
import type { FiredAlert } from './alert-rules';

/** Metrics read off a column's result: the rule must name the column. */
const COLUMN_METRICS: ReadonlySet<AlertMetric> = new Set(['column_severity', 'missing_rate']);
/** Metrics only a report scored with a model has. */
const MODEL_METRICS: ReadonlySet<AlertMetric> = new Set(['estimated_performance', 'realised_performance', 'prediction_drift']);

const hexId = (prefix: string, bytes: number): string => `${prefix}-${randomBytes(bytes).toString('hex')}`;

/** A fresh report id, `drift-<16 hex>`: the report job names its report before building it. */
export function newReportId(): string {
  return hexId('drift', 8);
}

export class MonitoringService {
  private readonly store: ProjectStore;
  private readonly repo: MonitoringRepo;
  private readonly datasets: DatasetsRepo;
  private readonly lineage: LineageRepo;

  constructor(store: ProjectStore) {
    this.store = store;
    this.repo = new MonitoringRepo(store.db);
    this.datasets = new DatasetsRepo(store.db);
    this.lineage = new LineageRepo(store.db);
  }

  // ---- reports ----

  /** Newest first; only those a monitor (by id or name) made when one is named. */
  reports(monitor?: string): DriftReportSummary[] {
    return this.repo.reports(monitor === undefined ? undefined : this.record(monitor).id);
  }

  report(id: string): DriftReport {
    const blob = this.repo.reportBlob(id);
    if (blob === undefined) fail('NOT_FOUND', `There is no drift report '${id}' in this project.`, { where: { field: 'id' } });
    // written by saveReport from a built report; the blob is content-addressed and the row immutable
    return JSON.parse(this.store.blobs.get(blob).toString('utf8')) as DriftReport;
  }

  /**
   * Refuses a request whose dataset versions or model version are not in the project, before a job is queued for it
   * (the job checks columns and everything else).
   */
  checkRequest(request: DriftRequest): void {
    this.versionSchema(request.reference, 'reference');
    this.versionSchema(request.current, 'current');
    if (request.model !== undefined) this.requireModel(request.model);
  }

  /**
   * Stores a finished report in one transaction: its row and JSON blob, lineage edges from both dataset versions (and
   * every version a per-version window covers), the model version and the monitor, the alerts its monitor's rules
   * fired with an edge from the report to each, and one audit entry listing them.
   */
  saveReport(report: DriftReport, fired: FiredAlert[]): AlertInfo[] {
    const rules = new Map((report.monitorId === null ? [] : this.repo.rules(report.monitorId)).map((r) => [r.id, r]));
    const alerts = fired.map((f) => {
      const rule = rules.get(f.ruleId);
      if (!rule) fail('BAD_INPUT', `Alert rule '${f.ruleId}' is not a rule of the monitor that made report ${report.id}.`, { where: { field: 'ruleId' } });
      return { ...f, id: hexId('alert', 8), monitorId: rule.monitorId };
    });
    // JSON has no Infinity: a severity of p = 0 is stored as null, as the contract says
    const blob = this.store.blobs.put(Buffer.from(JSON.stringify(report), 'utf8'));
    const reportNode: LineageNode = { kind: 'drift_report', id: report.id };
    this.store.mutate(
      {
        action: 'drift.report',
        target: `drift_report:${report.id}`,
        details: {
          name: report.name,
          reference: report.reference,
          current: report.current,
          model: report.model,
          monitor: report.monitorId,
          share: report.share,
          datasetDrift: report.datasetDrift,
          driftedColumns: report.driftedColumns,
          testedColumns: report.testedColumns,
          sha256: blob,
          alerts: alerts.map((a) => ({ id: a.id, rule: a.ruleId, value: finiteOrNull(a.value), window: a.window, message: a.message })),
        },
      },
      () => {
        const now = report.createdAt;
        this.repo.insertReport({
          id: report.id,
          name: report.name,
          reference: report.reference,
          current: report.current,
          model: report.model,
          monitorId: report.monitorId,
          share: report.share,
          datasetDrift: report.datasetDrift,
          windows: report.windows?.length ?? 0,
          blob,
          createdAt: now,
          createdBy: report.createdBy,
        });
        this.lineage.link({ kind: 'dataset_version', id: report.reference }, 'reference_of', reportNode, now);
        this.lineage.link({ kind: 'dataset_version', id: report.current }, 'current_of', reportNode, now);
        for (const w of report.windows ?? []) {
          if (w.version !== null) this.lineage.link({ kind: 'dataset_version', id: `${report.request.current.dataset}@${w.version}` }, 'current_of', reportNode, now);
        }
        if (report.model !== null) this.lineage.link({ kind: 'model_version', id: report.model }, 'scored_in', reportNode, now);
        if (report.monitorId !== null) this.lineage.link({ kind: 'monitor', id: report.monitorId }, 'ran', reportNode, now);
        for (const a of alerts) {
          this.repo.insertAlert({ id: a.id, ruleId: a.ruleId, monitorId: a.monitorId, reportId: report.id, value: a.value, window: a.window, message: a.message, firedAt: now });
          this.lineage.link(reportNode, 'raised', { kind: 'alert', id: a.id }, now);
        }
      },
    );
    return this.repo.alertsOfReport(report.id);
  }

  // ---- monitors ----

  createMonitor(asked: MonitorDefinition): MonitorInfo {
    // a monitor keeps the version an alias pointed at when it was made: its reports stay comparable when the alias moves
    const def = asked.model === undefined ? asked : { ...asked, model: this.requireModel(asked.model) };
    const schema = this.versionSchema(def.reference, 'reference');
    const watched = this.datasets.dataset(def.dataset);
    if (!watched) fail('NOT_FOUND', `There is no dataset named '${def.dataset}' to monitor.`, { where: { field: 'dataset' }, hint: 'Import its first version, then create the monitor.' });
    for (const column of [...(def.columns ?? []), ...Object.keys(def.tests ?? {})]) {
      if (!schema.some((c) => c.name === column)) fail('BAD_INPUT', `The reference ${refId(def.reference)} has no column '${column}'.`, { where: { field: column } });
    }
    if (this.repo.monitorNameTaken(def.name)) fail('BAD_INPUT', `There is already a monitor named '${def.name}'.`, { where: { field: 'name' }, hint: 'Choose another name.' });
    const id = hexId('mon', 4);
    const createdAt = this.store.now().toISOString();
    this.store.mutate({ action: 'monitors.create', target: `monitor:${id}`, details: { name: def.name, definition: def } }, () => {
      this.repo.insertMonitor({ id, definition: def, createdAt, createdBy: this.store.actor });
    });
    return this.monitor(id);
  }

  monitors(): MonitorInfo[] {
    return this.repo.monitors().map((m) => this.info(m));
  }

  /** By id or name. */
  monitor(idOrName: string): MonitorInfo {
    return this.info(this.record(idOrName));
  }

  /** The monitors whose dataset this is: each re-runs when a new version of it is imported. */
  monitorsWatching(dataset: string): MonitorInfo[] {
    return this.repo.monitorsWatching(dataset).map((m) => this.info(m));
  }

  /** The monitor's definition as a report request on the newest version of its dataset. */
  requestFor(monitor: MonitorInfo): DriftRequest {
    const d = monitor.definition;
    const watched = this.datasets.dataset(d.dataset);
    const newest = watched ? this.datasets.versions(watched.id).at(-1) : undefined;
    if (!newest) fail('NOT_FOUND', `Monitor '${d.name}' watches dataset '${d.dataset}', which has no version.`, { where: { field: 'dataset' } });
    return {
      reference: d.reference,
      current: { dataset: d.dataset, version: newest.version },
      model: d.model,
      label: d.label,
      columns: d.columns,
      tests: d.tests,
      driftShare: d.driftShare,
      window: d.window,
      multivariate: d.multivariate,
      name: `${d.name}: ${newest.id}`,
    };
  }

  // ---- alert rules and alerts ----

  /**
   * Adds a rule to a monitor. Column metrics must name a column the monitor tests; performance and prediction
   * metrics (and retraining) need the monitor to score a model; the AUC needs the multivariate check.
   */
  addRule(input: AlertRuleInput): AlertRule {
    const parsed = parseRequest(alertRuleInput, input, 'alert rule');
    const monitor = this.record(parsed.monitor);
    const def = monitor.definition;
    if (COLUMN_METRICS.has(parsed.metric)) {
      if (parsed.column === undefined) fail('BAD_INPUT', `A ${parsed.metric} rule needs the column it watches.`, { where: { field: 'column' } });
      const tested = def.columns ?? this.versionSchema(def.reference, 'reference').map((c) => c.name);
      if (!tested.includes(parsed.column)) fail('BAD_INPUT', `Monitor '${def.name}' does not test a column '${parsed.column}'.`, { where: { field: 'column' } });
    } else if (parsed.column !== undefined) {
      fail('BAD_INPUT', `A ${parsed.metric} rule takes no column.`, { where: { field: 'column' } });
    }
    if (MODEL_METRICS.has(parsed.metric) && def.model === undefined) fail('BAD_INPUT', `A ${parsed.metric} rule needs a monitor that scores a model; '${def.name}' has none.`, { where: { field: 'metric' } });
    if (parsed.metric === 'multivariate_auc' && !def.multivariate) fail('BAD_INPUT', `Monitor '${def.name}' runs no multivariate check, so a multivariate_auc rule could never fire.`, { where: { field: 'metric' } });
    if (parsed.retrain && def.model === undefined) fail('BAD_INPUT', `Monitor '${def.name}' has no model to retrain.`, { where: { field: 'retrain' }, hint: 'Give the monitor a model version, or leave retrain off.' });
    const rule: AlertRule = {
      id: hexId('rule', 4),
      monitorId: monitor.id,
      name: parsed.name ?? `${parsed.metric}${parsed.column === undefined ? '' : `(${parsed.column})`} ${parsed.op} ${parsed.threshold}`,
      metric: parsed.metric,
      column: parsed.column ?? null,
      op: parsed.op,
      threshold: parsed.threshold,
      scope: parsed.scope,
      retrain: parsed.retrain,
      createdAt: this.store.now().toISOString(),
    };
    this.store.mutate({ action: 'alerts.rule', target: `alert_rule:${rule.id}`, details: { ...rule } }, () => this.repo.insertRule(rule));
    return rule;
  }

  /** Newest first; only a monitor's (by id or name) when one is named. */
  alerts(monitor?: string): AlertInfo[] {
    return this.repo.alerts(monitor === undefined ? undefined : this.record(monitor).id);
  }

  alert(id: string): AlertInfo {
    const a = this.repo.alert(id);
    if (!a) fail('NOT_FOUND', `There is no alert '${id}' in this project.`, { where: { field: 'alert' } });
    return a;
  }

  /** Records the retraining job an alert started (once: an alert starts one retraining). */
  setRetrainJob(alertId: string, jobId: string): void {
    this.alert(alertId);
    this.store.mutate({ action: 'alerts.retrain', target: `alert:${alertId}`, details: { job: jobId } }, () => {
      if (!this.repo.setRetrainJob(alertId, jobId)) fail('BAD_INPUT', `Alert '${alertId}' already started a retraining job.`, { where: { field: 'alert' } });
    });
  }

  /** Records in the audit log that an alert's retraining could not start, and why (nothing else changes). */
  retrainRefused(alertId: string, reason: string): void {
    this.store.mutate({ action: 'alerts.retrain_refused', target: `alert:${alertId}`, details: { reason } }, () => undefined);
  }

  // ---- internals ----

  private record(idOrName: string): MonitorRecord {
    const m = this.repo.monitor(idOrName);
    if (!m) fail('NOT_FOUND', `There is no monitor '${idOrName}' in this project.`, { where: { field: 'monitor' } });
    return m;
  }

  /** The monitor with its rules, its newest report and the alerts that report raised (its open alerts). */
  private info(m: MonitorRecord): MonitorInfo {
    const lastReport = this.repo.lastReport(m.id);
    return {
      id: m.id,
      definition: m.definition,
      createdAt: m.createdAt,
      createdBy: m.createdBy,
      reports: m.reports,
      lastReport,
      rules: this.repo.rules(m.id),
      openAlerts: lastReport?.alerts ?? 0,
    };
  }

  private versionSchema(ref: DatasetVersionRef, field: string): ColumnSchema[] {
    const d = this.datasets.dataset(ref.dataset);
    const v = d && this.datasets.version(d.id, ref.version);
    if (!v) fail('NOT_FOUND', `There is no dataset version ${refId(ref)} in this project.`, { where: { field } });
    return v.columns;
  }

  /** The NAME@VERSION that `ref` (NAME@VERSION or NAME@ALIAS) names; NOT_FOUND naming field 'model' when none. */
  private requireModel(ref: string): string {
    return new ModelVersionsRepo(this.store.db).resolve(ref).id;
  }
}

function refId(ref: DatasetVersionRef): string {
  return `${ref.dataset}@${ref.version}`;
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
