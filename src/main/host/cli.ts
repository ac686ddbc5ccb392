// The CLI host: `airlock <command>` for scripts and pipelines. Every command goes through the same API contract
// and handlers as the UI; with --json it prints one JSON document on stdout; a failure is one line on stderr, exit 1.
import { Command, CommanderError } from 'commander';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, Input, Output } from '../../shared/api';
import type { ImportResult, JobInfo } from '../../shared/domain';
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
  const m = /^(.+)@(\d+)$/.exec(spec);
  if (!m) fail('BAD_INPUT', `'${spec}' is not NAME@VERSION (for example sales@2).`, { where: { field: 'dataset' } });
  return { dataset: m[1], version: Number(m[2]) };
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
