// The CLI host: `airlock <command>` for scripts and pipelines. Every command goes through the same API contract
// and handlers as the UI; with --json it prints one JSON document on stdout; a failure is one line on stderr, exit 1.
import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, Input, Output } from '../../shared/api';
import type { ImportResult, JobInfo } from '../../shared/domain';
import type { StudyResult, TrainResult } from '../../shared/experiments';
import { AppFailure, fail, formatAppError, toAppError } from '../../shared/errors';
import { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from './dispatch';
import { startHttpHost } from './http';
import { guardNetwork } from './network-guard';
import { openInBrowser } from './open-browser';

const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
export const appVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

class CliSession {
  readonly app: Workbench;
  readonly ctx: HandlerContext;
  constructor(options: { dataDir?: string; trackRecent?: boolean }) {
    this.app = new Workbench({ appVersion, host: 'cli', dataDir: options.dataDir ?? process.env.AIRLOCK_DATA_DIR, trackRecent: options.trackRecent ?? false });
    this.ctx = {
      app: this.app,
      host: 'cli',
      resolveSource: (source) => {
        if (source.kind !== 'path') fail('BAD_INPUT', 'The CLI imports files by path.');
        return { path: path.resolve(source.path), fileName: path.basename(source.path) };
      },
    };
  }

  async call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await dispatch(channel, input, this.ctx);
    if (!result.ok) throw new AppFailure(result.error);
    return result.data as Output<C>;
  }

  async open(project: string): Promise<void> {
    await this.call('projects.open', { path: project });
  }

  async close(): Promise<void> {
    await this.app.closeProject();
  }
}

/** NAME@VERSION -> parts; the version is required where a command names one. */
function nameAtVersion(spec: string): { dataset: string; version: number } {
  const { dataset, version } = datasetSpec(spec);
  if (version === undefined) fail('BAD_INPUT', `'${spec}' is not NAME@VERSION (for example sales@2).`, { where: { field: 'dataset' } });
  return { dataset, version };
}

/** NAME or NAME@VERSION, for commands where the version is optional (latest). */
function datasetSpec(spec: string): { dataset: string; version?: number } {
  const m = /^(.+)@(\d+)$/.exec(spec);
  return m ? { dataset: m[1], version: Number(m[2]) } : { dataset: spec };
}

function intArg(value: string, field: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) fail('BAD_INPUT', `--${field} must be a whole number, got '${value}'.`, { where: { field } });
  return n;
}

/** KEY=VALUE pairs; numbers and true/false become typed values. */
function keyValues(pairs: string[]): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) fail('BAD_INPUT', `'${pair}' is not KEY=VALUE.`, { where: { field: 'param' } });
    const raw = pair.slice(i + 1);
    out[pair.slice(0, i)] = raw === 'true' ? true : raw === 'false' ? false : raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return out;
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    fail('FILE_NOT_FOUND', `Cannot read ${file}.`, { where: { file } });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    fail('BAD_INPUT', `${file} is not valid JSON: ${(e as Error).message}`, { where: { file } });
  }
}

function versionArg(value: string, field: string): number {
  const n = Number(value.replace(/^v/i, ''));
  if (!Number.isInteger(n) || n < 1) fail('BAD_INPUT', `'${value}' is not a version number.`, { where: { field } });
  return n;
}

/** Waits for a job, drawing progress on stderr when it is a terminal; Ctrl-C cancels the job. */
async function followJob(session: CliSession, jobId: string, io: Io): Promise<JobInfo> {
  const interactive = process.stderr.isTTY === true;
  const unlisten = session.app.events.listen((e) => {
    if (!interactive || e.event !== 'job.updated' || e.payload.id !== jobId) return;
    const j = e.payload;
    const pct = Math.round(j.fraction * 100);
    const eta = j.etaSeconds !== null ? ` ETA ${Math.ceil(j.etaSeconds)}s` : '';
    process.stderr.write(`\r[${'#'.repeat(pct / 5).padEnd(20, '.')}] ${String(pct).padStart(3)}%${eta} ${j.message}`.slice(0, 100).padEnd(100));
  });
  const onSigint = (): void => {
    io.err('cancelling...');
    void session.call('jobs.cancel', { id: jobId });
  };
  process.on('SIGINT', onSigint);
  try {
    const job = await session.call('jobs.wait', { id: jobId });
    if (interactive) process.stderr.write('\n');
    if (job.state !== 'succeeded') throw new AppFailure(job.error ?? { code: 'INTERNAL', message: `job ended ${job.state}` });
    return job;
  } finally {
    process.off('SIGINT', onSigint);
    unlisten();
  }
}

function print(io: Io, json: boolean, data: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(data, null, 2) : human());
}

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('airlock')
    .description('Airlock: offline ML workbench. Every command works on a project folder.')
    .version(appVersion)
    .option('--data-dir <dir>', 'folder for recent projects, uploads and the sample project (default ~/.airlock)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const session = (): CliSession => new CliSession({ dataDir: program.opts<{ dataDir?: string }>().dataDir });
  const withProject = async <T>(project: string, fn: (s: CliSession) => Promise<T>): Promise<T> => {
    const s = session();
    try {
      await s.open(project);
      return await fn(s);
    } finally {
      await s.close();
    }
  };

  program
    .command('init <dir>')
    .description('create an empty project folder')
    .option('--json', 'print JSON')
    .action(async (dir: string, o: { json?: boolean }) => {
      const s = session();
      const info = await s.call('projects.create', { path: dir });
      await s.close();
      print(io, !!o.json, info, () => `created project ${info.name} in ${info.path}`);
    });

  program
    .command('sample <dir>')
    .description('create (or open) the generated sample project in <dir>')
    .option('--json', 'print JSON')
    .action(async (dir: string, o: { json?: boolean }) => {
      const s = session();
      const info = await s.call('projects.openSample', { path: dir });
      const datasets = await s.call('datasets.list', {});
      await s.close();
      print(io, !!o.json, { ...info, datasets }, () => `sample project in ${info.path}: ${datasets.map((d) => `${d.name} (${d.versionCount} versions)`).join(', ')}`);
    });

  const dataset = program.command('dataset').description('versioned datasets');
  dataset
    .command('import <file>')
    .description('import a CSV, TSV or Parquet file as a new version of a dataset')
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--name <name>', 'dataset name')
    .option('--json', 'print JSON')
    .action(async (file: string, o: { project: string; name: string; json?: boolean }) => {
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('datasets.import', { source: { kind: 'path', path: file }, name: o.name });
        return (await followJob(s, jobId, io)).result as ImportResult;
      });
      print(io, !!o.json, result, () =>
        `${result.reused ? 'unchanged: reused' : 'imported'} ${result.dataset}@${result.version} (${result.rows} rows x ${result.columns} columns, ${result.hash.slice(0, 12)})`);
    });
  dataset
    .command('list')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (o: { project: string; json?: boolean }) => {
      const list = await withProject(o.project, (s) => s.call('datasets.list', {}));
      print(io, !!o.json, list, () => list.map((d) => `${d.name}\tv${d.latestVersion}\t${d.rows} rows\t${d.columns} columns`).join('\n'));
    });
  dataset
    .command('versions <name>')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (name: string, o: { project: string; json?: boolean }) => {
      const versions = await withProject(o.project, (s) => s.call('datasets.versions', { dataset: name }));
      print(io, !!o.json, versions, () => versions.map((v) => `v${v.version}\t${v.createdAt}\t${v.rows} rows\t${v.hash.slice(0, 12)}\t${v.sourceName}`).join('\n'));
    });
  dataset
    .command('diff <name> <v1> <v2>')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (name: string, v1: string, v2: string, o: { project: string; json?: boolean }) => {
      const diff = await withProject(o.project, (s) =>
        s.call('datasets.diff', { dataset: name, from: versionArg(v1, 'v1'), to: versionArg(v2, 'v2') }));
      print(io, !!o.json, diff, () =>
        [`${name}: v${diff.from} -> v${diff.to}`, `rows: +${diff.rowsAdded} -${diff.rowsRemoved} (${diff.rowsFrom} -> ${diff.rowsTo})`,
          `columns added: ${diff.columnsAdded.map((c) => c.name).join(', ') || 'none'}`,
          `columns removed: ${diff.columnsRemoved.map((c) => c.name).join(', ') || 'none'}`,
          `columns retyped: ${diff.columnsRetyped.map((c) => `${c.name} ${c.from}->${c.to}`).join(', ') || 'none'}`].join('\n'));
    });
  dataset
    .command('profile <spec>')
    .description('the stored profile of NAME@VERSION')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (spec: string, o: { project: string; json?: boolean }) => {
      const profile = await withProject(o.project, (s) => s.call('datasets.profile', nameAtVersion(spec)));
      print(io, !!o.json, profile, () => profile.columns.map((c) => `${c.name}\t${c.type}\tnulls ${c.nulls}\tdistinct ${c.distinct}`).join('\n'));
    });
  dataset
    .command('export <spec> <out>')
    .description('write NAME@VERSION back out as CSV')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (spec: string, out: string, o: { project: string; json?: boolean }) => {
      const result = await withProject(o.project, (s) => s.call('datasets.export', { ...nameAtVersion(spec), path: path.resolve(out) }));
      print(io, !!o.json, result, () => `wrote ${result.rows} rows to ${result.path}`);
    });

  program
    .command('train')
    .description('train a model on a dataset version and record the run (its ONNX export is checked against it)')
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--dataset <name[@version]>', 'dataset, latest version unless @VERSION is given')
    .requiredOption('--target <column>', 'column to predict')
    .requiredOption('--model <kind>', 'logreg | linreg | gbdt | mlp')
    .option('--param <key=value...>', 'hyperparameter, repeatable (e.g. --param C=0.5)')
    .option('--features <columns>', 'comma-separated input columns (default: all but the target)')
    .option('--seed <n>', 'random seed', '42')
    .option('--cv <k>', 'also report k-fold cross-validation')
    .option('--experiment <name>', 'experiment to file the run under', 'Default')
    .option('--name <name>', 'run name')
    .option('--json', 'print JSON')
    .action(async (o: { project: string; dataset: string; target: string; model: string; param?: string[]; features?: string; seed: string; cv?: string; experiment: string; name?: string; json?: boolean }) => {
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('train.start', {
          ...datasetSpec(o.dataset),
          target: o.target,
          model: o.model as 'logreg',
          params: keyValues(o.param ?? []),
          seed: intArg(o.seed, 'seed'),
          features: o.features ? o.features.split(',').map((f) => f.trim()) : undefined,
          cvFolds: o.cv ? intArg(o.cv, 'cv') : undefined,
          experiment: o.experiment,
          name: o.name,
        });
        return (await followJob(s, jobId, io)).result as TrainResult;
      });
      print(io, !!o.json, result, () =>
        [`run ${result.run}${result.model ? ` -> model ${result.model}` : ''}`,
          ...Object.entries(result.metrics).filter(([k]) => k.startsWith('val_') || k.startsWith('test_')).map(([k, v]) => `  ${k.padEnd(24)} ${v.toPrecision(5)}`),
          result.onnx_parity ? `ONNX parity ${result.onnx_parity.ok ? 'passed' : 'FAILED'}: max |diff| ${result.onnx_parity.maxAbsDiff.toExponential(2)} on ${result.onnx_parity.rows} rows` : ''].join('\n'));
    });

  program
    .command('study')
    .description('tune hyperparameters: TPE (default), random or grid search with median pruning, trials in parallel')
    .requiredOption('--project <dir>', 'project folder')
    .requiredOption('--dataset <name[@version]>', 'dataset, latest version unless @VERSION is given')
    .requiredOption('--target <column>', 'column to predict')
    .requiredOption('--model <kind>', 'logreg | linreg | gbdt | mlp')
    .option('--trials <n>', 'number of trials', '20')
    .option('--space <file.json>', 'search space (default: one per model kind)')
    .option('--sampler <kind>', 'tpe | random | grid', 'tpe')
    .option('--metric <name>', 'metric to optimise (default val_log_loss, or val_rmse for regression)')
    .option('--direction <dir>', 'minimize | maximize (default from the metric)')
    .option('--no-prune', 'never prune trials')
    .option('--parallel <n>', 'trials at once (default: core count)')
    .option('--param <key=value...>', 'fixed hyperparameter, repeatable')
    .option('--seed <n>', 'random seed', '42')
    .option('--experiment <name>', 'experiment', 'Default')
    .option('--json', 'print JSON')
    .action(async (o: { project: string; dataset: string; target: string; model: string; trials: string; space?: string; sampler: string; metric?: string; direction?: string; prune: boolean; parallel?: string; param?: string[]; seed: string; experiment: string; json?: boolean }) => {
      const space = o.space ? readJsonFile(o.space) : undefined;
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('studies.start', {
          train: { ...datasetSpec(o.dataset), target: o.target, model: o.model as 'logreg', params: keyValues(o.param ?? []), seed: intArg(o.seed, 'seed'), experiment: o.experiment },
          space: space as Record<string, unknown> | undefined,
          trials: intArg(o.trials, 'trials'),
          sampler: o.sampler as 'tpe',
          metric: o.metric,
          direction: o.direction as 'minimize' | undefined,
          prune: o.prune,
          parallel: o.parallel ? intArg(o.parallel, 'parallel') : undefined,
        });
        return (await followJob(s, jobId, io)).result as StudyResult;
      });
      print(io, !!o.json, result, () => `study ${result.study}: best ${result.best_value} in run ${result.best_run} with ${JSON.stringify(result.best_params)}`);
    });

  const runs = program.command('runs').description('tracked runs');
  runs
    .command('list')
    .requiredOption('--project <dir>', 'project folder')
    .option('--experiment <name>', 'only this experiment')
    .option('--sort <column>', 'e.g. metric:val_accuracy', 'attr:seq')
    .option('--asc', 'ascending')
    .option('--limit <n>', 'rows', '100')
    .option('--json', 'print JSON')
    .action(async (o: { project: string; experiment?: string; sort: string; asc?: boolean; limit: string; json?: boolean }) => {
      const list = await withProject(o.project, async (s) => {
        const cols = await s.call('runs.columns', { experiment: o.experiment });
        const columns = cols.filter((c) => c.kind !== 'attr' || ['name', 'status', 'experiment', 'model_kind', 'dataset_version', 'started_at'].includes(c.key)).map((c) => c.ref);
        const page = await s.call('runs.query', { experiment: o.experiment, sort: { column: o.sort, desc: !o.asc }, offset: 0, limit: intArg(o.limit, 'limit'), columns });
        const rows: Record<string, string | number | null>[] = page.rows.map((r) => ({ id: r.id, ...Object.fromEntries(columns.map((c, i) => [c, r.values[i]])) }));
        return { total: page.total, runs: rows };
      });
      print(io, !!o.json, list, () => list.runs.map((r) => `${r.id}\t${r['attr:name']}\t${r['attr:status']}\t${r['attr:model_kind'] ?? ''}`).join('\n'));
    });
  runs
    .command('compare <runs...>')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (ids: string[], o: { project: string; json?: boolean }) => {
      const cmp = await withProject(o.project, (s) => s.call('runs.compare', { ids }));
      print(io, !!o.json, cmp, () =>
        [`runs: ${cmp.runs.map((r) => `${r.id.slice(0, 8)} (${r.name})`).join(', ')}`,
          ...cmp.differingParams.map((k) => `param ${k}: ${cmp.runs.map((r) => r.params[k] ?? '-').join(' | ')}`),
          ...cmp.differingMetrics.map((k) => `metric ${k}: ${cmp.runs.map((r) => r.metrics[k]?.toPrecision(5) ?? '-').join(' | ')}`)].join('\n'));
    });

  const mlflow = program.command('mlflow').description('MLflow interchange (file-store mlruns folders)');
  mlflow
    .command('import <mlruns>')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (dir: string, o: { project: string; json?: boolean }) => {
      const r = await withProject(o.project, (s) => s.call('mlflow.import', { path: dir }));
      print(io, !!o.json, r, () => `imported ${r.runs} runs from ${r.experiments} experiments (${r.skipped.length} skipped, ${r.artifacts} artifacts)`);
    });
  mlflow
    .command('export <out>')
    .requiredOption('--project <dir>', 'project folder')
    .option('--experiment <name>', 'only this experiment')
    .option('--json', 'print JSON')
    .action(async (out: string, o: { project: string; experiment?: string; json?: boolean }) => {
      const r = await withProject(o.project, (s) => s.call('mlflow.export', { path: out, experiment: o.experiment }));
      print(io, !!o.json, r, () => `exported ${r.runs} runs from ${r.experiments} experiments to ${out}`);
    });

  program
    .command('jobs')
    .description('jobs of a project, newest first')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (o: { project: string; json?: boolean }) => {
      const jobs = await withProject(o.project, (s) => s.call('jobs.list', {}));
      print(io, !!o.json, jobs, () => jobs.map((j) => `${j.createdAt}\t${j.state}\t${j.title}`).join('\n'));
    });

  program
    .command('verify-log')
    .description('check the audit log hash chain: exit 0 when intact, 1 and the first bad entry when not')
    .requiredOption('--project <dir>', 'project folder')
    .option('--json', 'print JSON')
    .action(async (o: { project: string; json?: boolean }) => {
      const v = await withProject(o.project, (s) => s.call('audit.verify', {}));
      print(io, !!o.json, v, () => (v.ok ? `audit log intact: ${v.entries} entries` : `audit log broken at entry ${v.firstBad!.seq}: ${v.firstBad!.reason}`));
      if (!v.ok) {
        if (o.json) io.err(`AUDIT_CHAIN_BROKEN: entry ${v.firstBad!.seq}: ${v.firstBad!.reason}`);
        setExit(1);
      }
    });

  program
    .command('serve')
    .description('browser mode: serve the app on 127.0.0.1 with a per-launch token')
    .option('--project <dir>', 'open this project folder')
    .option('--port <n>', 'port (default: any free port)', '0')
    .option('--no-open', 'print the URL only; do not open a browser window')
    .option('--renderer <dir>', 'built renderer folder', path.join(repoRoot, 'out', 'renderer'))
    .action(async (o: { project?: string; port: string; open: boolean; renderer: string }) => {
      guardNetwork();
      if (!fs.existsSync(path.join(o.renderer, 'index.html'))) {
        fail('NOT_FOUND', `The built app is missing (${o.renderer}).`, { hint: 'Run `npm run build` (npm start does it for you).' });
      }
      const s = new CliSession({ dataDir: program.opts<{ dataDir?: string }>().dataDir, trackRecent: true });
      if (o.project) await s.open(o.project);
      const host = await startHttpHost({ app: s.app, rendererDir: o.renderer, port: Number(o.port) });
      io.out(`Airlock (browser mode) at ${host.url}`);
      if (o.open) {
        const opened = openInBrowser(host.url, path.join(s.app.dataDir, 'browser-profile'));
        io.err(opened ? `opened ${opened} in app mode` : 'no Chromium or Chrome found: open the URL above in a browser on this machine');
      }
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await s.close();
    });

  return program;
}

export async function runCli(argv: string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.err(`airlock: ${formatAppError(toAppError(e))}`);
    return 1;
  }
}
