// One CLI invocation's hold on the app: a Workbench on the data folder, the CLI host's handler context, typed calls
// through the shared dispatch, and waiting on a job with progress on the terminal (Ctrl-C cancels it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, Input, Output } from '../../shared/api';
import { AppFailure, fail } from '../../shared/errors';
import { succeededAs, type JobKind, type JobResult } from '../../shared/jobs';
import { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from '../host/dispatch';
import { cliPathResolvers } from '../host/path-refs';

/** The checkout (or installed app) folder: the nearest above this module with a package.json (src/main/cli/ from source, out/main/ or out/main/chunks/ bundled). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export const repoRoot = packageRoot();
export const appVersion = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;

/** Where a command writes: stdout for results, stderr for progress and errors (tests pass their own). */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

export class CliSession {
  readonly app: Workbench;
  readonly ctx: HandlerContext;
  constructor(options: { dataDir?: string; trackRecent?: boolean }) {
    this.app = new Workbench({ appVersion, host: 'cli', dataDir: options.dataDir ?? process.env.AIRLOCK_DATA_DIR, trackRecent: options.trackRecent ?? false });
    // the CLI keeps its paths: whoever types one can already reach that file (src/main/host/path-refs.ts)
    this.ctx = { app: this.app, host: 'cli', ...cliPathResolvers({ recent: () => this.app.recent() }) };
  }

  async call<C extends Channel>(channel: C, input: Input<C>): Promise<Output<C>> {
    const result = await dispatch(channel, input, this.ctx);
    if (!result.ok) throw new AppFailure(result.error);
    return result.data as Output<C>;
  }

  async open(project: string): Promise<void> {
    await this.call('projects.open', { location: { kind: 'path', path: project } });
  }

  async close(): Promise<void> {
    await this.app.closeProject();
  }
}

/** Waits for a job of `kind` and returns its typed result, drawing progress and ETA on stderr when it is a terminal;
 *  Ctrl-C cancels the job. A job that did not succeed is thrown as its error. */
export async function followJob<K extends JobKind>(session: CliSession, jobId: string, kind: K, io: Io): Promise<JobResult<K>> {
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
    if (!succeededAs(job, kind)) fail('INTERNAL', `Job ${jobId} is a '${job.kind}' job, not '${kind}'.`);
    return job.result;
  } finally {
    process.off('SIGINT', onSigint);
    unlisten();
  }
}

/** One JSON document with --json, the human text otherwise. */
export function print(io: Io, json: boolean, data: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(data, null, 2) : human());
}
