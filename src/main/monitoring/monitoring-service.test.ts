// MonitoringService on a real project folder: reports built from imported versions are stored whole and immutable,
// linked in the lineage graph, with the alerts their monitor's rules fired; monitors and rules refuse what cannot work.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/domain';
import { driftRequest, type DriftReport, type DriftRequestInput, type MonitorInfo } from '../../shared/monitoring';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { referencedBlobs } from '../store/blob-references';
import { LineageRepo } from '../store/lineage-repo';
import { ProjectStore } from '../store/project-store';
import { errorOf } from '../test-support/app-error-of';
import { evaluateRules } from './alert-rules';
import { buildDriftReport } from './build-drift-report';
import { MonitoringService, newReportId } from './monitoring-service';
import { driftCsv } from './test-drift-data';

let tp: TempProject;
let store: ProjectStore;
let service: MonitoringService;
let monitor: MonitorInfo;

async function importCsv(name: string, csv: string): Promise<void> {
  await importDataset(store, { path: tp.file(`${name}.csv`, csv), fileName: `${name}.csv`, name }, quietProgress());
}

function build(request: DriftRequestInput, monitorId: string | null = null): Promise<DriftReport> {
  return buildDriftReport(store, driftRequest.parse(request), quietProgress(), { id: newReportId(), createdAt: store.now().toISOString(), createdBy: store.actor, monitorId });
}

const count = (table: string): number => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
const lastAudit = (): AuditEntry => store.audit.list(1)[0];
const edges = (node: { kind: 'drift_report'; id: string }, direction: 'upstream' | 'downstream'): string[] =>
  new LineageRepo(store.db).graph({ node, direction, depth: 1 }).edges.map((e) => `${e.from.kind}:${e.from.id} ${e.relation} ${e.to.kind}:${e.to.id}`).sort();

beforeAll(async () => {
  tp = tempProject();
  store = tp.store;
  service = new MonitoringService(store);
  await importCsv('prod', driftCsv({ rows: 200, seed: 1 }));
  await importCsv('prod', driftCsv({ rows: 200, seed: 2, shift: 2 }));
  monitor = service.createMonitor({ name: 'prod watch', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', driftShare: 0.5, multivariate: false, window: { kind: 'versions' } });
}, 60_000);
afterAll(() => tp.cleanup());

describe('stored drift reports', () => {
  it('stores a report whole: report() gives back what was built and reports() lists its summary', async () => {
    const report = await build({ reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, multivariate: false });
    expect(report.columns.find((c) => c.column === 'x')?.drift).toBe(true);
    expect(service.saveReport(report, [])).toEqual([]);
    expect(service.report(report.id)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(service.reports()[0]).toEqual({
      id: report.id,
      name: report.name,
      createdAt: report.createdAt,
      reference: 'prod@1',
      current: 'prod@2',
      model: null,
      monitorId: null,
      share: report.share,
      datasetDrift: report.datasetDrift,
      windows: 0,
      alerts: 0,
    });
    // the audit entry names the blob the JSON lives in by its content hash
    const entry = lastAudit();
    expect(entry).toMatchObject({ action: 'drift.report', target: `drift_report:${report.id}`, details: { reference: 'prod@1', current: 'prod@2', alerts: [] } });
    const blob = (entry.details as { sha256: string }).sha256;
    expect(createHash('sha256').update(store.blobs.get(blob)).digest('hex')).toBe(blob);
    // the orphan sweep knows the column: the report's JSON is never swept away
    expect(referencedBlobs(store.db).has(blob)).toBe(true);
    expect(edges({ kind: 'drift_report', id: report.id }, 'upstream')).toEqual([
      `dataset_version:prod@1 reference_of drift_report:${report.id}`,
      `dataset_version:prod@2 current_of drift_report:${report.id}`,
    ]);
  });

  it('a stored report can be neither changed nor deleted, not even by SQL', async () => {
    const report = await build({ reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, multivariate: false });
    service.saveReport(report, []);
    expect(() => store.db.prepare('UPDATE drift_reports SET share = 0 WHERE id = ?').run(report.id)).toThrow(/drift reports are immutable/);
    expect(() => store.db.prepare('DELETE FROM drift_reports WHERE id = ?').run(report.id)).toThrow(/drift reports are immutable/);
    expect(service.report(report.id).share).toBe(report.share);
  });

  it('an unknown report id is NOT_FOUND', () => {
    expect(errorOf(() => service.report('drift-0000000000000000'))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'id' } });
  });
});

describe('monitor reports and alerts', () => {
  it('asks for the newest version of the monitored dataset', () => {
    expect(service.requestFor(monitor)).toMatchObject({ reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, window: { kind: 'versions' }, multivariate: false });
  });

  it('stores the alerts the monitor\'s rules fired with its report: each raised by the report, listed in one audit entry', async () => {
    const fires = service.addRule({ monitor: 'prod watch', metric: 'column_severity', column: 'x', op: '>=', threshold: 1 });
    const quiet = service.addRule({ monitor: monitor.id, metric: 'drift_share', op: '>', threshold: 0.99, name: 'nearly everything drifts' });
    const report = await build(service.requestFor(monitor), monitor.id);
    const fired = evaluateRules(service.monitor(monitor.id).rules, report);
    expect(fired.map((f) => f.ruleId)).toEqual([fires.id]);
    const audits = count('audit_log');
    const alerts = service.saveReport(report, fired);
    expect(count('audit_log')).toBe(audits + 1);
    const severity = report.columns.find((c) => c.column === 'x')!.severity;
    expect(alerts).toEqual([
      {
        id: expect.stringMatching(/^alert-[a-f0-9]{16}$/),
        ruleId: fires.id,
        ruleName: 'column_severity(x) >= 1',
        monitorId: monitor.id,
        reportId: report.id,
        value: severity,
        window: null,
        message: fired[0].message,
        firedAt: report.createdAt,
        retrainJobId: null,
        retrainRunId: null,
      },
    ]);
    expect(service.alerts('prod watch')).toEqual(alerts);
    expect(service.alerts()).toEqual(expect.arrayContaining(alerts));
    expect(quiet.name).toBe('nearly everything drifts');
    expect(lastAudit().details).toMatchObject({ monitor: monitor.id, alerts: [{ id: alerts[0].id, rule: fires.id, value: severity, window: null, message: fired[0].message }] });
    // a per-version window covers prod@1 as current data too
    expect(edges({ kind: 'drift_report', id: report.id }, 'upstream')).toEqual([
      `dataset_version:prod@1 current_of drift_report:${report.id}`,
      `dataset_version:prod@1 reference_of drift_report:${report.id}`,
      `dataset_version:prod@2 current_of drift_report:${report.id}`,
      `monitor:${monitor.id} ran drift_report:${report.id}`,
    ]);
    expect(edges({ kind: 'drift_report', id: report.id }, 'downstream')).toEqual([`drift_report:${report.id} raised alert:${alerts[0].id}`]);
    const info = service.monitor('prod watch');
    expect(info).toMatchObject({ id: monitor.id, openAlerts: 1, lastReport: { id: report.id, alerts: 1, windows: 2, monitorId: monitor.id } });
    expect(service.reports(monitor.id).map((r) => r.id)).toContain(report.id);
    expect(service.reports('prod watch').every((r) => r.monitorId === monitor.id)).toBe(true);
  });

  it('refuses alerts of a rule the report\'s monitor does not have, storing neither the report nor an audit entry', async () => {
    const rule = service.monitor(monitor.id).rules[0];
    const report = await build({ reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, multivariate: false });
    const before = { reports: count('drift_reports'), alerts: count('alerts'), audit: count('audit_log') };
    expect(errorOf(() => service.saveReport(report, [{ ruleId: rule.id, value: 1, window: null, message: 'x' }]))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'ruleId' } });
    expect({ reports: count('drift_reports'), alerts: count('alerts'), audit: count('audit_log') }).toEqual(before);
    expect(errorOf(() => service.report(report.id)).code).toBe('NOT_FOUND');
  });

  it('an alert\'s retraining job is set once; nothing else about an alert changes, and it cannot be deleted', () => {
    const alert = service.alerts(monitor.id)[0];
    service.setRetrainJob(alert.id, 'job-1');
    expect(service.alert(alert.id)).toEqual({ ...alert, retrainJobId: 'job-1' });
    expect(lastAudit()).toMatchObject({ action: 'alerts.retrain', target: `alert:${alert.id}`, details: { job: 'job-1' } });
    expect(errorOf(() => service.setRetrainJob(alert.id, 'job-2'))).toMatchObject({ code: 'BAD_INPUT' });
    expect(() => store.db.prepare('UPDATE alerts SET retrain_job_id = ? WHERE id = ?').run('job-3', alert.id)).toThrow(/alerts are immutable/);
    expect(() => store.db.prepare('UPDATE alerts SET message = ? WHERE id = ?').run('edited', alert.id)).toThrow(/alerts are immutable/);
    expect(() => store.db.prepare('DELETE FROM alerts WHERE id = ?').run(alert.id)).toThrow(/alerts are immutable/);
    expect(service.alert(alert.id).retrainJobId).toBe('job-1');
  });
});

describe('monitors and rules', () => {
  it('finds a monitor by id or by name, and the monitors watching a dataset', () => {
    expect(service.monitor(monitor.id).definition.name).toBe('prod watch');
    expect(service.monitor('prod watch').id).toBe(monitor.id);
    expect(monitor.id).toMatch(/^mon-[a-f0-9]{8}$/);
    expect(service.monitorsWatching('prod').map((m) => m.id)).toEqual([monitor.id]);
    expect(service.monitorsWatching('elsewhere')).toEqual([]);
    expect(service.monitors().map((m) => m.id)).toEqual([monitor.id]);
    expect(errorOf(() => service.monitor('nobody'))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'monitor' } });
  });

  it('refuses a monitor on a missing reference version, an unknown dataset, a column the reference lacks or a taken name, creating nothing', () => {
    const base = { name: 'second', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', driftShare: 0.5, multivariate: true };
    const before = count('monitors');
    expect(errorOf(() => service.createMonitor({ ...base, reference: { dataset: 'prod', version: 9 } }))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'reference' } });
    expect(errorOf(() => service.createMonitor({ ...base, dataset: 'nothing' }))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'dataset' } });
    expect(errorOf(() => service.createMonitor({ ...base, columns: ['x', 'nope'] }))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'nope' } });
    expect(errorOf(() => service.createMonitor({ ...base, tests: { ghost: { test: 'psi' } } }))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'ghost' } });
    expect(errorOf(() => service.createMonitor({ ...base, model: 'm@1' }))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
    expect(errorOf(() => service.createMonitor({ ...base, name: 'prod watch' }))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'name' } });
    expect(count('monitors')).toBe(before);
  });

  it('a column rule needs a column the monitor tests; model metrics and retraining need a model; the AUC needs the multivariate check', () => {
    const narrow = service.createMonitor({ name: 'narrow', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', columns: ['x', 'y'], driftShare: 0.5, multivariate: false });
    const refused = (input: Parameters<MonitoringService['addRule']>[0]) => errorOf(() => service.addRule(input));
    expect(refused({ monitor: 'narrow', metric: 'missing_rate', op: '>', threshold: 0.1 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'column' } });
    expect(refused({ monitor: 'narrow', metric: 'column_severity', column: 'c', op: '>', threshold: 1 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'column' } });
    expect(refused({ monitor: 'narrow', metric: 'drift_share', column: 'x', op: '>', threshold: 0.5 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'column' } });
    expect(refused({ monitor: 'narrow', metric: 'estimated_performance', op: '<', threshold: 0.8 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'metric' } });
    expect(refused({ monitor: 'narrow', metric: 'prediction_drift', op: '>=', threshold: 1 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'metric' } });
    expect(refused({ monitor: 'narrow', metric: 'multivariate_auc', op: '>', threshold: 0.6 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'metric' } });
    expect(refused({ monitor: 'narrow', metric: 'drift_share', op: '>', threshold: 0.5, retrain: true })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'retrain' } });
    expect(refused({ monitor: 'ghost', metric: 'drift_share', op: '>', threshold: 0.5 })).toMatchObject({ code: 'NOT_FOUND' });
    expect(refused({ monitor: 'narrow', metric: 'drift_share', op: '=>' as never, threshold: 0.5 })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'op' } });
    expect(service.monitor(narrow.id).rules).toEqual([]);

    const rule = service.addRule({ monitor: 'narrow', metric: 'missing_rate', column: 'y', op: '>', threshold: 0.1, scope: 'any_window' });
    expect(rule).toMatchObject({ id: expect.stringMatching(/^rule-[a-f0-9]{8}$/), monitorId: narrow.id, name: 'missing_rate(y) > 0.1', column: 'y', scope: 'any_window', retrain: false });
    expect(service.monitor('narrow').rules).toEqual([rule]);
    expect(lastAudit()).toMatchObject({ action: 'alerts.rule', target: `alert_rule:${rule.id}`, details: { metric: 'missing_rate', column: 'y', threshold: 0.1 } });
    expect(() => store.db.prepare('UPDATE alert_rules SET threshold = 0.9 WHERE id = ?').run(rule.id)).toThrow(/alert rules are immutable/);
    expect(() => store.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(rule.id)).toThrow(/alert rules are immutable/);
    expect(() => store.db.prepare("UPDATE monitors SET name = 'renamed' WHERE id = ?").run(narrow.id)).toThrow(/monitors are immutable/);
  });
});

describe('a read-only project', () => {
  it('lists and reads its reports, monitors and alerts, and refuses a new monitor or rule with READ_ONLY', () => {
    const readOnly = ProjectStore.open(store.dir, { appVersion: 'test', actor: 'reader', readOnly: true });
    try {
      const looking = new MonitoringService(readOnly);
      expect(looking.reports()).toEqual(service.reports());
      expect(looking.report(service.reports()[0].id)).toEqual(service.report(service.reports()[0].id));
      expect(looking.monitors()).toEqual(service.monitors());
      expect(looking.alerts()).toEqual(service.alerts());
      expect(errorOf(() => looking.createMonitor({ name: 'third', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', driftShare: 0.5, multivariate: false }))).toMatchObject({ code: 'READ_ONLY' });
      expect(errorOf(() => looking.addRule({ monitor: monitor.id, metric: 'drift_share', op: '>', threshold: 0.5 }))).toMatchObject({ code: 'READ_ONLY' });
    } finally {
      readOnly.close();
    }
  });
});
