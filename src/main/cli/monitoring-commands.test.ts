import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ksTwoSample } from '../monitoring/ks-two-sample';
import { MonitoringService } from '../monitoring/monitoring-service';
import { ProjectStore } from '../store/project-store';
import { oneLineFailure, sharedDataCli, type CliRun } from '../test-support/run-cli';
import { tempDir, testStoreOptions } from '../test-support/temp-project';

/** The real CLI in a child process, as a pipeline runs it; every call shares one data folder. */
const { airlock } = sharedDataCli();

const work = tempDir();
const project = path.join(work, 'proj');
const ROWS = 400;
const COLOURS = ['red', 'green', 'blue'];

/** sales@1, the reference: amounts 0-42, three colours, a binary flag, January days. */
function referenceRow(i: number): string[] {
  return [String(i % 40 + 0.5 * (i % 7)), String(((i * 37) % 100) / 10), COLOURS[i % 3], i % 4 === 0 ? 'yes' : 'no', isoDay(Date.UTC(2024, 0, 1), i % 28)];
}

/**
 * sales@2, the current data: amounts shifted by 12 with every 20th one missing, the same scores and flags, a colour the
 * reference never has in every 10th row, and 20 days from Monday 4 March 2024 in order (20 rows a day: ISO weeks of
 * 140, 140 and 120 rows).
 */
function currentRow(i: number): string[] {
  return [i % 20 === 0 ? '' : String(i % 40 + 0.5 * (i % 7) + 12), String(((i * 37) % 100) / 10), i % 10 === 0 ? 'purple' : COLOURS[i % 3], i % 4 === 0 ? 'yes' : 'no', isoDay(Date.UTC(2024, 2, 4), Math.floor(i / 20))];
}

function isoDay(start: number, days: number): string {
  return new Date(start + days * 86_400_000).toISOString().slice(0, 10);
}

function writeCsv(file: string, row: (i: number) => string[]): void {
  const lines = ['amount,score,colour,flag,day', ...Array.from({ length: ROWS }, (_, i) => row(i).join(','))];
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

interface ColumnJson {
  column: string;
  test: string | null;
  statistic: number | null;
  p_value: number | null;
  threshold: number | null;
  drift: boolean;
  missing_ref: number | null;
  missing_cur: number | null;
  new_categories: string[];
  out_of_range: { below: number; above: number } | null;
}

/** A successful --json run: exit 0, nothing on stderr but progress, one JSON document on stdout. */
function report<T = { columns: ColumnJson[]; [key: string]: unknown }>(r: CliRun): T {
  expect(r.stderr.split('\n').filter((l) => l.startsWith('airlock:'))).toEqual([]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

function column(json: { columns: ColumnJson[] }, name: string): ColumnJson {
  const found = json.columns.find((c) => c.column === name);
  if (!found) throw new Error(`no column ${name} in ${json.columns.map((c) => c.column).join(', ')}`);
  return found;
}

/** How many drift reports the project holds, read from its storage. */
function storedReports(): number {
  const store = ProjectStore.open(project, testStoreOptions);
  try {
    return new MonitoringService(store).reports().length;
  } finally {
    store.close();
  }
}

beforeAll(async () => {
  writeCsv(path.join(work, 'january.csv'), referenceRow);
  writeCsv(path.join(work, 'march.csv'), currentRow);
  expect((await airlock('init', project)).code).toBe(0);
  expect((await airlock('dataset', 'import', path.join(work, 'january.csv'), '--project', project, '--name', 'sales')).code).toBe(0);
  expect((await airlock('dataset', 'import', path.join(work, 'march.csv'), '--project', project, '--name', 'sales')).code).toBe(0);
}, 120_000);

describe('airlock drift', () => {
  it('prints each column\'s test, statistic, p-value, missing rates and new categories as snake_case JSON, the figures the tests compute, and exits 0 on drift', async () => {
    const json = report(await airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--json'));
    expect(json).toMatchObject({ report: expect.stringMatching(/^drift-[0-9a-f]+$/), reference: 'sales@1', current: 'sales@2', reference_rows: ROWS, current_rows: ROWS });

    const amount = column(json, 'amount');
    const refAmounts = Array.from({ length: ROWS }, (_, i) => Number(referenceRow(i)[0]));
    const curAmounts = Array.from({ length: ROWS }, (_, i) => currentRow(i)[0]).filter((v) => v !== '').map(Number);
    const ks = ksTwoSample(refAmounts, curAmounts);
    // KS on <= 1,000 reference rows (Evidently's choice); the CLI passes on the figures the report stored
    expect(amount).toMatchObject({ test: 'ks', statistic: ks.statistic, p_value: ks.pValue, threshold: 0.05, drift: true, missing_ref: 0, missing_cur: 20 / ROWS, new_categories: [] });
    expect(amount.out_of_range).toEqual({ below: 0, above: curAmounts.filter((v) => v > Math.max(...refAmounts)).length });

    expect(column(json, 'score')).toMatchObject({ test: 'ks', statistic: 0, p_value: 1, drift: false, missing_cur: 0 });
    // a category the reference never has: chi-squared's statistic is infinite (JSON null) and p = 0
    expect(column(json, 'colour')).toMatchObject({ test: 'chisquare', statistic: null, p_value: 0, drift: true, new_categories: ['purple'], out_of_range: null });
    expect(column(json, 'flag')).toMatchObject({ test: 'z', drift: false, p_value: 1 });

    const tested = json.columns.filter((c) => c.statistic !== null || c.p_value !== null).length;
    const drifted = json.columns.filter((c) => c.drift).length;
    expect(json).toMatchObject({ tested_columns: tested, drifted_columns: drifted, drift_share: drifted / tested, drift_share_threshold: 0.5, dataset_drift: drifted / tested >= 0.5 });
    // the domain classifier runs by default and tells 400 shifted rows from the reference
    expect(json.multivariate).toMatchObject({ auc: expect.any(Number), drift: true });
  }, 120_000);

  it('exits 0 and reports no drift when a version is compared with itself', async () => {
    const json = report(await airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@1', '--no-multivariate', '--json'));
    expect(json).toMatchObject({ dataset_drift: false, drift_share: 0, drifted_columns: 0 });
    expect(json.columns.every((c) => !c.drift && c.new_categories.length === 0)).toBe(true);
    expect(json).not.toHaveProperty('multivariate');
  }, 60_000);

  it('runs the test a --test override names, with its threshold, on only the --columns asked for', async () => {
    const json = report(await airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--test', 'amount=psi:0.2', 'colour=jensenshannon', '--columns', 'amount,colour', '--no-multivariate', '--json'));
    expect(json.columns.map((c) => c.column)).toEqual(['amount', 'colour']);
    expect(column(json, 'amount')).toMatchObject({ test: 'psi', threshold: 0.2, p_value: null, drift: true });
    expect(column(json, 'colour')).toMatchObject({ test: 'jensenshannon', threshold: 0.1 });
  }, 60_000);

  it('cuts the current data into ISO weeks with --window COLUMN:week, into row chunks with --chunk and into versions with --versions', async () => {
    const [weeks, chunks, versions] = await Promise.all([
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--window', 'day:week', '--no-multivariate', '--json'),
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--chunk', '150', '--no-multivariate', '--json'),
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--versions', '--no-multivariate', '--json'),
    ]);
    // sales@1 against itself, then the shifted sales@2
    const byVersion = report(versions).windows as { version: number; rows: number; dataset_drift: boolean; drift_share: number }[];
    expect(byVersion.map((w) => [w.version, w.rows, w.drift_share])).toEqual([[1, ROWS, 0], [2, ROWS, expect.any(Number)]]);
    expect(byVersion[1].drift_share).toBeGreaterThan(0);
    const byWeek = report(weeks).windows as { rows: number; start: string; drift_share: number; columns: ColumnJson[] }[];
    expect(byWeek.map((w) => w.rows)).toEqual([140, 140, 120]);
    expect(byWeek.map((w) => w.start.slice(0, 10))).toEqual(['2024-03-04', '2024-03-11', '2024-03-18']);
    expect(byWeek.every((w) => column(w, 'amount').drift)).toBe(true);
    expect((report(chunks).windows as { rows: number }[]).map((w) => w.rows)).toEqual([150, 150, 100]);
  }, 60_000);

  it('writes the HTML report and the full JSON report, and replaces neither without --force', async () => {
    const html = path.join(work, 'report.html');
    const full = path.join(work, 'report.json');
    const first = report(await airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--no-multivariate', '--html', html, '--json-out', full, '--json'));
    expect(fs.readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/i);
    const stored = JSON.parse(fs.readFileSync(full, 'utf8'));
    expect(stored.id).toBe(first.report);
    expect(stored.columns.find((c: { column: string }) => c.column === 'amount').histogram.kind).toBe('numeric');

    const reportsBefore = storedReports();
    const again = await airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--no-multivariate', '--html', html, '--json');
    expect(oneLineFailure(again)).toMatch(/^airlock: FILE_EXISTS: --html ".*report\.html" already exists; no report was run/);
    expect(storedReports()).toBe(reportsBefore);
    expect(JSON.parse(fs.readFileSync(full, 'utf8')).id).toBe(first.report);
    // without --json: the verdict line, then a tab-separated table, drifted columns first
    const human = await airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--no-multivariate', '--html', html, '--force');
    expect(human.code).toBe(0);
    expect(storedReports()).toBe(reportsBefore + 1);
    const [verdict, header, ...rows] = human.stdout.trim().split('\n');
    expect(verdict).toMatch(/^report drift-[0-9a-f]+: sales@1 -> sales@2: (DATASET DRIFT|no dataset drift) \(\d+ of \d+ columns drift/);
    expect(header.split('\t').slice(0, 7)).toEqual(['column', 'type', 'test', 'statistic', 'p-value', 'threshold', 'drift']);
    const drifts = rows.map((r) => r.split('\t')[6]);
    expect(drifts.slice(0, 2)).toEqual(['DRIFT', 'DRIFT']);
    expect(drifts.lastIndexOf('DRIFT')).toBeLessThan(drifts.indexOf('ok'));
    // --force replaced the file with the new report
    const replaced = fs.readFileSync(html, 'utf8');
    expect(replaced).toContain(/^report (drift-[0-9a-f]+)/.exec(verdict)?.[1]);
    expect(replaced).not.toContain(first.report);
  }, 90_000);

  it('scores both versions with --model and prints prediction drift, performance against --label and the CBPE estimate with its assumptions', async () => {
    const trained = await airlock('train', '--project', project, '--dataset', 'sales@1', '--target', 'flag', '--model', 'logreg', '--features', 'amount,score,colour', '--register', 'sales-flag', '--json');
    expect(trained.code).toBe(0);
    const model: string = JSON.parse(trained.stdout).model;
    const [scored, unknown] = await Promise.all([
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--model', model, '--label', 'flag', '--no-multivariate', '--json'),
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--model', 'nobody@1', '--no-multivariate', '--json'),
    ]);
    const json = report(scored);
    expect(json).toMatchObject({ model });
    expect(json.prediction).toMatchObject({
      model,
      output: 'label',
      label: 'flag',
      drift: { column: expect.any(String), test: expect.any(String), drift: expect.any(Boolean), missing_ref: 0 },
      performance: { metric: 'accuracy', reference: expect.any(Number), current: expect.any(Number), lower_bound: expect.any(Number) },
      cbpe: { metric: 'accuracy', estimated: expect.any(Number), realised: expect.any(Number), assumptions: expect.stringMatching(/calibrated/), calibration_error: expect.any(Number) },
    });
    expect(oneLineFailure(unknown)).toMatch(/^airlock: NOT_FOUND: .*nobody@1/);
  }, 120_000);

  it('refuses a malformed flag in one line naming the flag, exit 1, before it opens the project', async () => {
    const missing = path.join(work, 'no-such-project');
    const runs = await Promise.all([
      airlock('drift', '--project', missing, '--reference', 'sales', '--current', 'sales@2'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--test', 'amount=fancy'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--test', 'amount=psi:-1'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--window', 'day:fortnight'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--window', 'day:week', '--chunk', '10'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--chunk', '0'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--drift-share', '1.5'),
      airlock('drift', '--project', missing, '--reference', 'sales@1', '--current', 'sales@2', '--model', 'churn'),
    ]);
    const lines = runs.map(oneLineFailure);
    expect(lines[0]).toMatch(/^airlock: BAD_INPUT: --reference 'sales' is not NAME@VERSION/);
    expect(lines[1]).toMatch(/^airlock: BAD_INPUT: --test 'amount=fancy' names no drift test/);
    expect(lines[2]).toMatch(/^airlock: BAD_INPUT: --test 'amount=psi:-1' has threshold '-1'/);
    expect(lines[3]).toMatch(/^airlock: BAD_INPUT: --window 'day:fortnight' has unit 'fortnight'/);
    expect(lines[4]).toMatch(/^airlock: BAD_INPUT: --window and --chunk both cut/);
    expect(lines[5]).toMatch(/^airlock: BAD_INPUT: --chunk '0'/);
    expect(lines[6]).toMatch(/^airlock: BAD_INPUT: --drift-share '1.5'/);
    expect(lines[7]).toMatch(/^airlock: BAD_INPUT: --model 'churn' is not NAME@VERSION or NAME@ALIAS/);
  }, 60_000);

  it('names a --test column that the versions do not have, and a version that does not exist, in one line', async () => {
    const [noColumn, noVersion] = await Promise.all([
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@2', '--test', 'price=ks', '--json'),
      airlock('drift', '--project', project, '--reference', 'sales@1', '--current', 'sales@9', '--json'),
    ]);
    expect(oneLineFailure(noColumn)).toMatch(/^airlock: BAD_INPUT: .*column 'price'/);
    expect(oneLineFailure(noVersion)).toMatch(/^airlock: NOT_FOUND: .*sales@9/);
  }, 60_000);
});

describe('airlock monitor and alerts', () => {
  it('creates a monitor, adds a rule, runs it on the newest version, records the alert the report fires, and lists all three', async () => {
    const created = report<{ id: string }>(await airlock('monitor', 'create', '--project', project, '--name', 'sales watch', '--reference', 'sales@1', '--dataset', 'sales', '--test', 'amount=psi:0.2', '--chunk', '200', '--no-multivariate', '--json'));
    expect(created).toMatchObject({
      id: expect.stringMatching(/^mon-[0-9a-f]{8}$/),
      definition: { name: 'sales watch', dataset: 'sales', reference: { dataset: 'sales', version: 1 }, tests: { amount: { test: 'psi', threshold: 0.2 } }, window: { kind: 'chunk', size: 200 }, multivariate: false },
    });

    const rule = report(await airlock('monitor', 'rule', 'sales watch', '--project', project, '--metric', 'drift_share', '--op', '>=', '--threshold', '0.25', '--json'));
    expect(rule).toMatchObject({ id: expect.stringMatching(/^rule-[0-9a-f]{8}$/), monitorId: created.id, metric: 'drift_share', op: '>=', threshold: 0.25, scope: 'report', retrain: false });

    const run = report(await airlock('monitor', 'run', 'sales watch', '--project', project, '--json'));
    expect(run).toMatchObject({ reference: 'sales@1', current: 'sales@2', monitor: created.id });
    // the monitor's saved test and windows are what the run used
    expect(column(run, 'amount')).toMatchObject({ test: 'psi', threshold: 0.2 });
    expect((run.windows as { rows: number }[]).map((w) => w.rows)).toEqual([200, 200]);
    expect(run.drift_share).toBeGreaterThanOrEqual(0.25);
    expect(run.alerts).toEqual([expect.objectContaining({ rule_id: rule.id, report_id: run.report, value: run.drift_share, window: null })]);

    const [alerts, monitors, shown] = await Promise.all([
      airlock('alerts', 'list', '--project', project, '--monitor', 'sales watch', '--json'),
      airlock('monitor', 'list', '--project', project, '--json'),
      airlock('monitor', 'show', created.id, '--project', project, '--json'),
    ]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: created.id, rules: [expect.objectContaining({ id: rule.id })], reports: 1 });
    expect(JSON.parse(alerts.stdout)).toEqual([expect.objectContaining({ ruleId: rule.id, monitorId: created.id, reportId: run.report })]);
    expect(JSON.parse(monitors.stdout)).toEqual([expect.objectContaining({ id: created.id, reports: 1, lastReport: expect.objectContaining({ id: run.report }) })]);
  }, 120_000);

  it('prints the retraining job and candidate run that a --retrain rule started, once that run is recorded', async () => {
    const trained = await airlock('train', '--project', project, '--dataset', 'sales@1', '--target', 'flag', '--model', 'logreg', '--features', 'amount,score,colour', '--register', 'sales-flag-watch', '--json');
    expect(trained.code).toBe(0);
    const model: string = JSON.parse(trained.stdout).model;
    expect((await airlock('monitor', 'create', '--project', project, '--name', 'retrain watch', '--reference', 'sales@1', '--dataset', 'sales', '--model', model, '--no-multivariate')).code).toBe(0);
    expect((await airlock('monitor', 'rule', 'retrain watch', '--project', project, '--metric', 'drift_share', '--op', '>=', '--threshold', '0.1', '--retrain')).code).toBe(0);

    const run = report(await airlock('monitor', 'run', 'retrain watch', '--project', project, '--json'));
    const [alert] = run.alerts as { retrain_job_id: string | null; retrain_run_id: string | null }[];
    expect(alert).toMatchObject({ retrain_job_id: expect.any(String), retrain_run_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const runs = JSON.parse((await airlock('runs', 'list', '--project', project, '--json')).stdout) as { runs: { id: string; 'attr:status': string }[] };
    expect(runs.runs).toContainEqual(expect.objectContaining({ id: alert.retrain_run_id, 'attr:status': 'finished' }));
  }, 120_000);

  it('refuses a rule with an unknown metric or operator in one line naming the flag', async () => {
    const [metric, op] = await Promise.all([
      airlock('monitor', 'rule', 'sales watch', '--project', project, '--metric', 'vibes', '--op', '>=', '--threshold', '1'),
      airlock('monitor', 'rule', 'sales watch', '--project', project, '--metric', 'drift_share', '--op', '=>', '--threshold', '1'),
    ]);
    expect(oneLineFailure(metric)).toMatch(/^airlock: BAD_INPUT: --metric must be one of drift_share, .*got 'vibes'/);
    expect(oneLineFailure(op)).toMatch(/^airlock: BAD_INPUT: --op must be one of >, >=, <, <=, got '=>'/);
  }, 60_000);
});
