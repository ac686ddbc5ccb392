// One CLI invocation's hold on the app: a Workbench on the data folder, the CLI host's handler context, typed calls
// through the shared dispatch, and waiting on a job with progress on the terminal (Ctrl-C cancels it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Channel, Input, Output } from '../../shared/api';
import type { JobInfo } from '../../shared/domain';
import { AppFailure, fail } from '../../shared/errors';
import { Workbench } from '../app';
import type { HandlerContext } from '../handler-types';
import { dispatch } from '../host/dispatch';

export const repoRoot = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
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

/** Waits for a job, drawing progress and ETA on stderr when it is a terminal; Ctrl-C cancels the job. */
export async function followJob(session: CliSession, jobId: string, io: Io): Promise<JobInfo> {
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

/** One JSON document with --json, the human text otherwise. */
export function print(io: Io, json: boolean, data: unknown, human: () => string): void {
  io.out(json ? JSON.stringify(data, null, 2) : human());
}
