// Runs browser mode for `airlock serve`: the loopback host until SIGINT or SIGTERM, one-time launch links on demand.
import path from 'node:path';
import { fail } from '../../shared/errors';
import type { Workbench } from '../app';
import { startHttpHost } from './http';
import { RELAUNCH_SIGNAL } from './launch-codes';
import { openInBrowser } from './open-browser';
import type { UploadLimits } from './uploads';

export interface ServeOptions {
  app: Workbench;
  rendererDir: string;
  port: number;
  /** start an installed Chromium or Chrome on a launch link of its own */
  open: boolean;
  /** --workspace folders: where the window creates and opens projects by name */
  workspaceRoots?: string[];
  out(line: string): void;
  err(line: string): void;
  env?: NodeJS.ProcessEnv;
}

/** AIRLOCK_MAX_UPLOAD_BYTES, when set, caps uploads (tests use a small one). */
export function uploadLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<UploadLimits> {
  const raw = env.AIRLOCK_MAX_UPLOAD_BYTES;
  if (raw === undefined || raw === '') return {};
  const maxBytes = Number(raw);
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) fail('BAD_INPUT', `AIRLOCK_MAX_UPLOAD_BYTES must be a whole number of bytes, not '${raw}'.`, { where: { field: 'AIRLOCK_MAX_UPLOAD_BYTES' } });
  return { maxBytes };
}

/** Serves until SIGINT or SIGTERM, then closes every connection and returns. */
export async function serve(options: ServeOptions): Promise<void> {
  const { app, out, err } = options;
  const host = await startHttpHost({ app, rendererDir: options.rendererDir, port: options.port, uploadLimits: uploadLimitsFromEnv(options.env ?? process.env), workspaceRoots: options.workspaceRoots });
  const relaunch = process.platform !== 'win32';
  // Each link signs one browser in, once, within a minute: one for the window we open, one printed for the person.
  out(`Airlock (browser mode) at ${host.launchUrl()}`);
  err(`That link works once, within a minute.${relaunch ? ` For a fresh one: kill -${RELAUNCH_SIGNAL.slice(3)} ${process.pid}` : ' For a fresh one, restart airlock serve.'}`);
  if (options.open) {
    const opened = openInBrowser(host.launchUrl(), path.join(app.dataDir, 'browser-profile'));
    err(opened ? `opened ${opened} in app mode` : 'no Chromium or Chrome found: open the link above in a browser on this machine');
  }
  const printLink = (): void => out(`Airlock launch link: ${host.launchUrl()}`);
  if (relaunch) process.on(RELAUNCH_SIGNAL, printLink);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (relaunch) process.off(RELAUNCH_SIGNAL, printLink);
  await host.close();
}
