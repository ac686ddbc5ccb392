// `airlock drift`, `airlock monitor ...` and `airlock alerts list`: drift reports between dataset versions, monitors
// that re-run them, alert rules. A report that finds drift is a result, not a failure: exit 0 either way.
import { Option, type Command } from 'commander';
import fs from 'node:fs';
import { fail } from '../../shared/errors';
import { ALERT_METRICS, ALERT_SCOPES, alertRuleInput, type AlertInfo, type DriftRequestInput } from '../../shared/monitoring';
import { choiceArg } from './args';
import { columnsArg, driftShareArg, modelArg, numberArg, testOverridesArg, versionRefArg, windowArg, type WindowFlags } from './drift-args';
import { driftJson, type DriftJson } from './drift-json';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { followJob, print, type CliSession } from './session';
import { cell, table } from './table';

/** The options `drift` and `monitor create` share, as commander parses them. */
interface CheckOptions extends ProjectOptions, WindowFlags {
  reference: string;
  model?: string;
  label?: string;
  test?: string[];
  columns?: string;
  driftShare?: string;
  multivariate: boolean;
}

interface OutputOptions {
  html?: string;
  jsonOut?: string;
  force?: boolean;
}

/** the comparisons a rule may use, as the contract lists them */
const OPS = alertRuleInput.shape.op.options;

function addCheckOptions(command: Command): Command {
  return command
    .addOption(projectOption())
    .requiredOption('--reference <name@version>', 'the reference dataset version (e.g. the training data)')
    .option('--model <name@version|name@alias>', 'score both sides with this model version: prediction drift, performance and CBPE')
    .option('--label <column>', "label column for realised performance (default: the model's target, when present)")
    .option('--window <column:unit>', 'windows over time on a datetime column: COLUMN:day | week | month | Nd (N days)')
    .option('--chunk <rows>', 'windows of this many rows, in stored order')
    .option('--versions [from]', 'one window per version of the current dataset (from version FROM)')
    .option('--test <spec...>', 'COLUMN=TEST[:THRESHOLD]: override a column\'s test, repeatable (e.g. --test income=psi:0.2)')
    .option('--columns <a,b>', 'only these columns (default: every column both sides share, but datetime columns)')
    .option('--drift-share <share>', 'dataset drift when at least this share of columns drift (default 0.5)')
    .option('--no-multivariate', 'skip the domain-classifier check');
}

function addOutputOptions(command: Command): Command {
  return command
    .option('--html <file>', 'also write the self-contained HTML report')
    .option('--json-out <file>', 'also write the full report (histograms included) as JSON')
    .option('--force', 'replace --html / --json-out files that exist')
    .addOption(jsonOption());
}

/** The request fields both commands take from their flags; parsed before the project opens, so a bad flag fails first. */
function checkFields(o: CheckOptions): Omit<DriftRequestInput, 'current' | 'name'> {
  return {
    reference: versionRefArg(o.reference, 'reference'),
    model: o.model === undefined ? undefined : modelArg(o.model),
    label: o.label,
    tests: o.test === undefined ? undefined : testOverridesArg(o.test),
    columns: columnsArg(o.columns),
    driftShare: driftShareArg(o.driftShare),
    window: windowArg(o),
    multivariate: o.multivariate,
  };
}

/**
 * An --html / --json-out file that exists, without --force, is refused before the report runs (a million-row report
 * takes a while; the export would refuse it at the end). The export checks again when it writes.
 */
function refuseExistingOutputs(o: OutputOptions): void {
  if (o.force === true) return;
  for (const [flag, file] of [['html', o.html], ['json-out', o.jsonOut]] as const) {
    if (file !== undefined && fs.existsSync(file)) {
      fail('FILE_EXISTS', `--${flag} ${JSON.stringify(file)} already exists; no report was run.`, { where: { file, field: flag }, hint: 'Choose another name, or pass --force to replace it.' });
    }
  }
}

/**
 * Waits for a drift.report job, reads the stored report and writes the requested exports. When the report fired alerts
 * whose rule retrains, the host has queued the retraining as the job ended: it is waited for too (the command would
 * otherwise wait for it on closing anyway), so the alerts printed name the retraining job and its candidate run.
 */
async function finishReport(s: CliSession, jobId: string, o: OutputOptions, io: CliShared['io']): Promise<DriftJson> {
  const result = await followJob(s, jobId, 'drift.report', io);
  const report = await s.call('drift.get', { id: result.reportId });
  for (const [format, file] of [['html', o.html], ['json', o.jsonOut]] as const) {
    if (file === undefined) continue;
    const written = await s.call('drift.export', { id: report.id, format, target: { kind: 'path', path: file }, overwrite: o.force === true });
    io.err(`wrote ${format.toUpperCase()} report ${written.shown} (${written.bytes} bytes, sha256 ${written.sha256})`);
  }
  if (result.alerts.length === 0 || report.monitorId === null) return driftJson(report);
  const fired = new Set(result.alerts.map((a) => a.id));
  const ofReport = async (): Promise<AlertInfo[]> => (await s.call('alerts.list', { monitor: report.monitorId ?? undefined })).filter((a) => fired.has(a.id));
  for (const alert of await ofReport()) {
    if (alert.retrainJobId === null) continue;
    io.err(`alert ${alert.id}: waiting for retraining job ${alert.retrainJobId}`);
    // a failed retraining is the alert's to show (no candidate run), not a failure of the report
    const job = await s.call('jobs.wait', { id: alert.retrainJobId });
    if (job.state !== 'succeeded') io.err(`alert ${alert.id}: retraining job ${job.id} ended ${job.state}${job.error ? `: ${job.error.message}` : ''}`);
  }
  return driftJson(report, await ofReport());
}

function humanReport(json: DriftJson): string {
  const pct = (x: number | null): string => (x === null ? '' : `${(x * 100).toFixed(1)}%`);
  const num = (x: number | null): string => (x === null ? '' : x.toPrecision(4));
  const lines = [
    `report ${json.report}: ${json.reference} -> ${json.current}: ${json.dataset_drift ? 'DATASET DRIFT' : 'no dataset drift'} (${json.drifted_columns} of ${json.tested_columns} columns drift, ${pct(json.drift_share)}; threshold ${pct(json.drift_share_threshold)})`,
    table([
      ['column', 'type', 'test', 'statistic', 'p-value', 'threshold', 'drift', 'missing ref', 'missing cur', 'new categories', 'out of range'],
      // drifted columns first, as the report shows them
      ...[...json.columns].sort((a, b) => Number(b.drift) - Number(a.drift)).map((c) => [
        c.column, c.type, c.test ?? `skipped: ${c.skipped ?? ''}`, num(c.statistic), num(c.p_value), num(c.threshold), c.drift ? 'DRIFT' : 'ok',
        pct(c.missing_ref), pct(c.missing_cur), c.new_categories.length, c.out_of_range ? c.out_of_range.below + c.out_of_range.above : '',
      ]),
    ]),
  ];
  if (json.multivariate_skipped) lines.push(`multivariate: skipped: ${cell(json.multivariate_skipped)}`);
  if (json.windows) lines.push(`${json.windows.length} windows (see --json or --html)`);
  if (json.alerts) lines.push(`${json.alerts.length} alert(s) fired (see airlock alerts list)`);
  return lines.join('\n');
}

export function register(program: Command, { io, withProject }: CliShared): void {
  addOutputOptions(
    addCheckOptions(program.command('drift').description('drift report: per-column tests, windows over time, multivariate and prediction drift; exit 0 whether or not it drifts'))
      .requiredOption('--current <name@version>', 'the current dataset version (e.g. production data)')
      .option('--name <name>', 'report name'),
  ).action(async (o: CheckOptions & OutputOptions & { current: string; name?: string }) => {
    const request = { ...checkFields(o), current: versionRefArg(o.current, 'current'), name: o.name };
    refuseExistingOutputs(o);
    const json = await withProject(o.project, async (s) => {
      const { jobId } = await s.call('drift.run', request);
      return finishReport(s, jobId, o, io);
    });
    print(io, !!o.json, json, () => humanReport(json));
  });

  const monitor = program.command('monitor').description('saved drift checks, re-run on each new version of their dataset');
  addCheckOptions(monitor.command('create').description('save a monitor: a reference version against the newest version of a dataset'))
    .requiredOption('--name <name>', 'monitor name')
    .requiredOption('--dataset <name>', 'the monitored dataset: each run compares its newest version')
    .addOption(jsonOption())
    .action(async (o: CheckOptions & { name: string; dataset: string }) => {
      const definition = { ...checkFields(o), name: o.name, dataset: o.dataset };
      const info = await withProject(o.project, (s) => s.call('monitors.create', definition));
      print(io, !!o.json, info, () => `monitor ${info.id} '${cell(info.definition.name)}': ${info.definition.reference.dataset}@${info.definition.reference.version} vs newest ${cell(info.definition.dataset)}`);
    });
  addOutputOptions(monitor.command('run <name>').description("run a monitor now on its dataset's newest version (its alert rules are checked)").addOption(projectOption()))
    .action(async (name: string, o: ProjectOptions & OutputOptions) => {
      refuseExistingOutputs(o);
      const json = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('monitors.run', { monitor: name });
        return finishReport(s, jobId, o, io);
      });
      print(io, !!o.json, json, () => humanReport(json));
    });
  monitor
    .command('list')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const list = await withProject(o.project, (s) => s.call('monitors.list', {}));
      print(io, !!o.json, list, () =>
        table(list.map((m) => [m.id, m.definition.name, m.definition.dataset, `${m.reports} reports`, m.lastReport ? (m.lastReport.datasetDrift ? 'DRIFT' : 'ok') : 'never run', `${m.openAlerts} alerts`])));
    });
  monitor
    .command('show <name>')
    .description('a monitor by name or id: definition, rules, last report')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (name: string, o: ProjectOptions) => {
      const m = await withProject(o.project, (s) => s.call('monitors.get', { monitor: name }));
      print(io, !!o.json, m, () =>
        [`monitor ${m.id} '${cell(m.definition.name)}' on ${cell(m.definition.dataset)}: ${m.reports} reports, ${m.openAlerts} alerts`,
          table(m.rules.map((r) => [r.id, r.name, r.metric, r.column, r.op, r.threshold, r.scope, r.retrain ? 'retrain' : '']))].join('\n'));
    });
  monitor
    .command('rule <monitor>')
    .description('add an alert rule: it fires when METRIC OP THRESHOLD holds on a report of the monitor')
    .addOption(projectOption())
    .addOption(new Option('--metric <metric>', ALERT_METRICS.join(' | ')).makeOptionMandatory())
    .addOption(new Option('--op <op>', OPS.join(' | ')).makeOptionMandatory())
    .requiredOption('--threshold <number>', 'the threshold')
    .option('--column <column>', 'the column, for column_severity and missing_rate')
    .option('--scope <scope>', ALERT_SCOPES.join(' | '), 'report')
    .option('--retrain', "start a retraining run of the monitored model's run when it fires")
    .option('--name <name>', 'rule name')
    .addOption(jsonOption())
    .action(async (name: string, o: ProjectOptions & { metric: string; op: string; threshold: string; column?: string; scope: string; retrain?: boolean; name?: string }) => {
      const input = {
        monitor: name,
        metric: choiceArg(o.metric, ALERT_METRICS, 'metric'),
        op: choiceArg(o.op, OPS, 'op'),
        threshold: numberArg(o.threshold, 'threshold'),
        column: o.column,
        scope: choiceArg(o.scope, ALERT_SCOPES, 'scope'),
        retrain: o.retrain === true,
        name: o.name,
      };
      const rule = await withProject(o.project, (s) => s.call('alerts.addRule', input));
      print(io, !!o.json, rule, () => `rule ${rule.id} '${cell(rule.name)}': ${rule.metric}${rule.column ? `(${cell(rule.column)})` : ''} ${rule.op} ${rule.threshold} on ${rule.scope}${rule.retrain ? ', retrains' : ''}`);
    });

  program
    .command('alerts')
    .description('alerts fired by monitors\' rules')
    .command('list')
    .addOption(projectOption())
    .option('--monitor <name>', 'only this monitor\'s alerts (name or id)')
    .addOption(jsonOption())
    .action(async (o: ProjectOptions & { monitor?: string }) => {
      const list = await withProject(o.project, (s) => s.call('alerts.list', { monitor: o.monitor }));
      print(io, !!o.json, list, () => table(list.map((a) => [a.id, a.firedAt, a.ruleName, a.window ?? 'report', a.message, a.retrainRunId ?? a.retrainJobId ?? ''])));
    });
}
