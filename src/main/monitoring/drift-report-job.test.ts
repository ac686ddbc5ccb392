// The drift.* / monitors.* / alerts.* channels end to end on a real project: 'drift.report' jobs in their child
// process through the job runner, a monitor re-run by an import, retraining started by an alert, and the export.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/api';
import type { JobInfo } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { succeededAs, type DriftReportJobResult } from '../../shared/jobs';
import { Workbench, type OpenProject } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from '../host/dispatch';
import type { WorkerJobContext } from '../jobs/protocol';
import { Downloads } from '../host/downloads';
import { windowPathResolvers } from '../host/path-refs';
import { Uploads } from '../host/uploads';
import { WorkspaceRoots } from '../projects/workspace-roots';
import { LineageRepo } from '../store/lineage-repo';
import { rejectionOf } from '../test-support/app-error-of';
import { tempDir } from '../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../test-support/test-workbench';
import { driftReportJob } from './drift-report.worker';
import { driftCsv } from './test-drift-data';

let bench: TestWorkbench;
let app: Workbench;
let project: OpenProject;

const { call, refused: refusal } = channelCalls(() => bench.ctx);

async function succeeded(jobId: string): Promise<JobInfo> {
  const done = await project.jobs.wait(jobId);
  if (done.state !== 'succeeded') throw new Error(`${done.kind} ended ${done.state}: ${JSON.stringify(done.error)}`);
  return done;
}

async function reportOf(jobId: string): Promise<DriftReportJobResult> {
  const done = await succeeded(jobId);
  if (!succeededAs(done, 'drift.report')) throw new Error(`job ${jobId} is a ${done.kind} job`);
  return done.result;
}

/** imports the next version of dataset 'prod' */
const importVersion = (csv: string): Promise<void> => bench.importCsv('prod', csv);

const driftJobs = (): JobInfo[] => project.jobs.list().filter((j) => j.kind === 'drift.report');
const upstream = (id: string): string[] =>
  new LineageRepo(project.store.db).graph({ node: { kind: 'drift_report', id }, direction: 'upstream', depth: 1 }).edges.map((e) => `${e.from.id} ${e.relation}`).sort();

beforeAll(async () => {
  bench = await openTestWorkbench();
  ({ app, project } = bench);
  await importVersion(driftCsv({ rows: 300, seed: 1 }));
  await importVersion(driftCsv({ rows: 300, seed: 2, shift: 1.5 }));
}, 120_000);
afterAll(async () => {
  await app.closeProject();
});

describe('drift.run', () => {
  it('runs a drift.report job on two imported versions and stores the report drift.get returns, linked to both', async () => {
    const { jobId } = await call('drift.run', { reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, name: 'first look' });
    const result = await reportOf(jobId);
    const report = await call('drift.get', { id: result.reportId });
    expect(result).toEqual({ reportId: report.id, datasetDrift: report.datasetDrift, share: report.share, alerts: [] });
    expect(report).toMatchObject({ name: 'first look', reference: 'prod@1', current: 'prod@2', referenceRows: 300, currentRows: 300, monitorId: null, createdBy: project.store.actor });
    expect(report.columns.find((c) => c.column === 'x')).toMatchObject({ drift: true });
    expect(report.columns.find((c) => c.column === 'y')).toMatchObject({ drift: false });
    // multivariate is on by default and the job ran it
    expect(report.multivariate === null ? report.multivariateSkipped : report.multivariate.auc).not.toBeNull();
    expect((await call('drift.list', {})).map((r) => r.id)).toContain(report.id);
    expect(upstream(report.id)).toEqual(['prod@1 reference_of', 'prod@2 current_of']);
  });

  it('refuses a dataset version that does not exist before any job is queued', async () => {
    const before = driftJobs().length;
    expect(await refusal('drift.run', { reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 7 } })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'current' } });
    expect(await refusal('drift.run', { reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, model: 'ghost@1' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
    expect(driftJobs().length).toBe(before);
  });

  it('a job asked for a column the data lacks fails with BAD_INPUT naming it, and stores no report', async () => {
    const reports = (await call('drift.list', {})).length;
    const { jobId } = await call('drift.run', { reference: { dataset: 'prod', version: 1 }, current: { dataset: 'prod', version: 2 }, columns: ['x', 'nope'], multivariate: false });
    const done = await project.jobs.wait(jobId);
    expect(done).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT' } });
    expect(done.error?.message).toContain('nope');
    expect((await call('drift.list', {})).length).toBe(reports);
  });
});

describe('monitors', () => {
  it('re-run on the newest version whenever their dataset gets a new one (and not when an import changes nothing)', async () => {
    const monitor = await call('monitors.create', { name: 'prod daily', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', multivariate: false, window: { kind: 'time', column: 'day', unit: 'day' } });
    const seen = new Set(driftJobs().map((j) => j.id));
    const heard: string[] = [];
    const stop = app.events.listen((e) => {
      if (e.event === 'monitoring.changed') heard.push(e.payload.report);
    });
    const v3 = driftCsv({ rows: 300, seed: 3, shift: 3, start: '2026-02-02', rowsPerDay: 100 });
    await importVersion(v3);
    const started = driftJobs().filter((j) => !seen.has(j.id));
    expect(started).toHaveLength(1);
    const result = await reportOf(started[0].id);
    stop();
    // the window hears of the stored report, so its lists reload
    expect(heard).toEqual([result.reportId]);
    const report = await call('drift.get', { id: result.reportId });
    expect(report).toMatchObject({ monitorId: monitor.id, current: 'prod@3', reference: 'prod@1' });
    expect(report.windows?.map((w) => w.label)).toHaveLength(3);
    expect(upstream(report.id)).toEqual([`${monitor.id} ran`, 'prod@1 reference_of', 'prod@3 current_of']);
    const info = await call('monitors.get', { monitor: 'prod daily' });
    expect(info).toMatchObject({ reports: 1, lastReport: { id: report.id, windows: 3 } });
    expect((await call('drift.list', { monitor: 'prod daily' })).map((r) => r.id)).toEqual([report.id]);

    // the same file again is the same version: nothing new to report on
    const before = driftJobs().length;
    await importVersion(v3);
    expect(driftJobs().length).toBe(before);
  }, 60_000);

  it('an alert whose rule retrains starts a train job on the newest version, recorded on the alert, whose run is the alert\'s candidate', async () => {
    const train = await succeeded((await call('train.start', { dataset: 'prod', version: 1, target: 'label', model: 'logreg', features: ['x', 'y', 'c'], seed: 5, register: 'prod-clf' })).jobId);
    if (!succeededAs(train, 'train') || train.result.model === null) throw new Error('training made no model');
    const monitor = await call('monitors.create', { name: 'prod model', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', model: train.result.model, multivariate: false });
    const rule = await call('alerts.addRule', { monitor: 'prod model', metric: 'drift_share', op: '>=', threshold: 0.2, retrain: true });
    const result = await reportOf((await call('monitors.run', { monitor: monitor.id })).jobId);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]).toMatchObject({ ruleId: rule.id, monitorId: monitor.id, reportId: result.reportId, retrainJobId: null });
    expect(upstream(result.reportId)).toContain(`${train.result.model} scored_in`);
    // the host queued the retraining before anyone heard the report job ended
    const [alert] = await call('alerts.list', { monitor: 'prod model' });
    expect(alert.id).toBe(result.alerts[0].id);
    expect(alert.retrainJobId).not.toBeNull();
    const retrain = await succeeded(alert.retrainJobId!);
    if (!succeededAs(retrain, 'train')) throw new Error('the retraining job is not a train job');
    const run = await call('runs.get', { id: retrain.result.run });
    // the version the report looked at is the newest: the one the run retrains on
    const { current } = await call('drift.get', { id: result.reportId });
    expect(run).toMatchObject({ datasetVersion: current, target: 'label', modelKind: 'logreg', seed: 5, tags: { 'airlock.candidate': 'true' } });
    expect(current).not.toBe('prod@1');
    expect((await call('alerts.list', { monitor: monitor.id }))[0]).toMatchObject({ retrainJobId: retrain.id, retrainRunId: retrain.result.run });
    expect((await call('monitors.get', { monitor: monitor.id })).openAlerts).toBe(1);
  }, 120_000);

  it('an alert whose retraining cannot start (the newest version lost the target) is recorded in the audit log with the reason', async () => {
    await bench.importCsv('lab', driftCsv({ rows: 200, seed: 11 }));
    const train = await succeeded((await call('train.start', { dataset: 'lab', target: 'label', model: 'logreg', features: ['x', 'y'], seed: 1, register: 'lab-clf' })).jobId);
    if (!succeededAs(train, 'train') || train.result.model === null) throw new Error('training made no model');
    await call('monitors.create', { name: 'lab model', reference: { dataset: 'lab', version: 1 }, dataset: 'lab', model: train.result.model, multivariate: false });
    const rule = await call('alerts.addRule', { monitor: 'lab model', metric: 'drift_share', op: '>=', threshold: 0, retrain: true });
    const seen = new Set(driftJobs().map((j) => j.id));
    // the second version has no label column: the model's run cannot be repeated on it
    const unlabelled = driftCsv({ rows: 200, seed: 12, shift: 2 }).replace(/,label\n/, '\n').replace(/,(yes|no)\n/g, '\n');
    await bench.importCsv('lab', unlabelled);
    const [run] = driftJobs().filter((j) => !seen.has(j.id));
    const trains = project.jobs.list().filter((j) => j.kind === 'train').length;
    const result = await reportOf(run.id);
    expect(result.alerts.map((a) => a.ruleId)).toEqual([rule.id]);
    const [alert] = await call('alerts.list', { monitor: 'lab model' });
    expect(alert).toMatchObject({ id: result.alerts[0].id, retrainJobId: null, retrainRunId: null });
    expect(project.jobs.list().filter((j) => j.kind === 'train').length).toBe(trains);
    const entry = project.store.audit.list(1)[0];
    expect(entry).toMatchObject({ action: 'alerts.retrain_refused', target: `alert:${alert.id}` });
    expect((entry.details as { reason: string }).reason).toContain("'label'");
  }, 120_000);

  it('an alert whose rule does not retrain starts nothing', async () => {
    await call('alerts.addRule', { monitor: 'prod daily', metric: 'drift_share', op: '>=', threshold: 0 });
    const trains = project.jobs.list().filter((j) => j.kind === 'train').length;
    const result = await reportOf((await call('monitors.run', { monitor: 'prod daily' })).jobId);
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].retrainJobId).toBeNull();
    expect(project.jobs.list().filter((j) => j.kind === 'train').length).toBe(trains);
  }, 60_000);
});

describe('a one-shot command line', () => {
  it('closes only once the monitor run its import set off has ended, so no job is left interrupted', async () => {
    const cli = new Workbench({ appVersion: 'test', host: 'cli', dataDir: tempDir(), trackRecent: false });
    const dir = path.join(tempDir(), 'project');
    await cli.createProject(dir);
    const imported = async (csv: string): Promise<void> => {
      const file = path.join(tempDir(), 'v.csv');
      fs.writeFileSync(file, csv);
      const done = await cli.requireProject().jobs.wait(cli.requireProject().jobs.submit('dataset.import', 'import', { path: file, fileName: 'v.csv', name: 'prod' }).id);
      expect(done.state).toBe('succeeded');
    };
    await imported(driftCsv({ rows: 100, seed: 1 }));
    cli.requireProject().monitoring.createMonitor({ name: 'watch', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', driftShare: 0.5, multivariate: false });
    await imported(driftCsv({ rows: 100, seed: 2, shift: 1 }));
    await cli.closeProject();
    await cli.openProject(dir);
    const reopened = cli.requireProject();
    expect(reopened.jobs.list().filter((j) => j.kind === 'drift.report').map((j) => j.state)).toEqual(['succeeded']);
    expect(reopened.monitoring.reports('watch').map((r) => r.current)).toEqual(['prod@2']);
    await cli.closeProject();
  }, 60_000);
});

describe('the drift.report job handler', () => {
  /** The handler's context in this process, asking it to stop at its `cancelAt`-th look at Cancel. */
  function context(cancelAt: number): { ctx: WorkerJobContext; checks: () => number } {
    let checks = 0;
    const ctx: WorkerJobContext = {
      jobId: 'in-test',
      projectDir: project.store.dir,
      appVersion: 'test',
      actor: project.store.actor,
      progress: () => undefined,
      metric: () => undefined,
      stopReason: () => (checks >= cancelAt ? 'self' : null),
      cancelled: () => checks >= cancelAt,
      checkCancelled() {
        checks++;
        if (checks >= cancelAt) fail('JOB_CANCELLED', 'Cancelled by the user; nothing was stored.');
      },
      runChild: () => {
        throw new Error('the report job starts no sub-jobs');
      },
    };
    return { ctx, checks: () => checks };
  }

  it('stores no report, alert or audit entry when cancelled at its first look at Cancel, midway, or its last before storing', async () => {
    const monitor = await call('monitors.create', { name: 'cancel watch', reference: { dataset: 'prod', version: 1 }, dataset: 'prod', multivariate: false });
    await call('alerts.addRule', { monitor: monitor.id, metric: 'drift_share', op: '>=', threshold: 0 });
    const input = { request: { ...project.monitoring.requestFor(monitor), window: { kind: 'chunk' as const, size: 50 } }, monitorId: monitor.id };
    const state = () => ({ reports: project.monitoring.reports().length, alerts: project.monitoring.alerts().length, audit: project.store.audit.list(1)[0].seq });
    const uncancelled = context(Infinity);
    const before = state();
    const result = await driftReportJob(input, uncancelled.ctx);
    expect(result.alerts).toHaveLength(1);
    expect(state()).toEqual({ reports: before.reports + 1, alerts: before.alerts + 1, audit: before.audit + 1 });
    const looks = uncancelled.checks();
    expect(looks).toBeGreaterThan(3);
    for (const at of [1, Math.ceil(looks / 2), looks]) {
      const stored = state();
      expect(await rejectionOf(driftReportJob(input, context(at).ctx))).toMatchObject({ code: 'JOB_CANCELLED' });
      expect(state()).toEqual(stored);
    }
  }, 60_000);
});

describe('drift.export', () => {
  it('writes HTML and JSON whose sha256 the audit log records, and never replaces a file unasked', async () => {
    const [summary] = await call('drift.list', {});
    const out = tempDir();
    for (const format of ['html', 'json'] as const) {
      const file = path.join(out, `report.${format}`);
      const result = await call('drift.export', { id: summary.id, format, target: { kind: 'path', path: file } });
      const bytes = fs.readFileSync(file);
      expect(result).toEqual({ shown: file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), downloadId: null });
      expect(project.store.audit.list(1)[0]).toMatchObject({ action: 'drift.export', target: `drift_report:${summary.id}`, details: { format, sha256: result.sha256, bytes: bytes.length, destination: file } });
    }
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8'))).toMatchObject({ id: summary.id });

    const audits = project.store.audit.list(1)[0].seq;
    fs.writeFileSync(path.join(out, 'keep.html'), 'mine');
    expect(await refusal('drift.export', { id: summary.id, format: 'html', target: { kind: 'path', path: path.join(out, 'keep.html') } })).toMatchObject({ code: 'FILE_EXISTS' });
    expect(fs.readFileSync(path.join(out, 'keep.html'), 'utf8')).toBe('mine');
    expect(project.store.audit.list(1)[0].seq).toBe(audits);
    await call('drift.export', { id: summary.id, format: 'html', target: { kind: 'path', path: path.join(out, 'keep.html') }, overwrite: true });
    expect(fs.readFileSync(path.join(out, 'keep.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    // nothing but the three files: no temp file left beside them
    expect(fs.readdirSync(out).sort()).toEqual(['keep.html', 'report.html', 'report.json']);
  });

  it('browser mode: the report becomes a download named for it, and a path from the window is refused', async () => {
    const [summary] = await call('drift.list', {});
    const downloadsDir = tempDir();
    const browser: HandlerContext = { app, host: 'browser', ...windowPathResolvers({ uploads: new Uploads(tempDir()), roots: new WorkspaceRoots([]), recent: () => [], downloads: new Downloads(downloadsDir) }) };
    const r = await dispatch('drift.export', { id: summary.id, format: 'html', target: { kind: 'download' } }, browser);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const result = r.data as Output<'drift.export'>;
    expect(result).toMatchObject({ shown: `${summary.id}.html`, downloadId: expect.stringMatching(/^[a-f0-9]{32}$/) });
    // the only entry of its folder, so the host serves it (a dot-named temp file would hold it back)
    expect(fs.readdirSync(path.join(downloadsDir, result.downloadId!))).toEqual([`${summary.id}.html`]);
    const refused = await dispatch('drift.export', { id: summary.id, format: 'json', target: { kind: 'path', path: path.join(tempDir(), 'r.json') } }, browser);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('an unknown report is NOT_FOUND before any file is written', async () => {
    const out = tempDir();
    expect(await refusal('drift.export', { id: 'drift-00000000', format: 'json', target: { kind: 'path', path: path.join(out, 'r.json') } })).toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.readdirSync(out)).toEqual([]);
  });
});
