// A throwaway Airlock project for one bench run: its own data folder, `airlock init`, and the CLI's argv, removed after.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale } from './app-build.mjs';
import { buildIsFresh } from '../../scripts/build-freshness.mjs';
import { failureReason } from './measure.mjs';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = path.join(root, 'bin', 'airlock.mjs');

/**
 * Builds out/ when stale (bin/airlock.mjs runs the built CLI then, as a user's install does), creates and initialises
 * the project; `initError` is set (and nothing else is usable) when `airlock init` failed. `cliFrom` says which CLI
 * ran: 'source' means the sources changed after the build (another edit during the bench), so its start-up includes tsx.
 * The caller runs its commands with `{ cwd: root, env }` and calls dispose() in a finally.
 */
export function cliProject(name) {
  buildIfStale(root);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `airlock-bench-${name}-`));
  const project = path.join(work, 'project');
  const env = { ...process.env, AIRLOCK_DATA_DIR: path.join(work, 'data') };
  const init = spawnSync(process.execPath, [cli, 'init', project], { cwd: root, env, encoding: 'utf8' });
  return {
    cli,
    cliFrom: buildIsFresh(root, ['out/main/cli.js']) ? 'bundle' : 'source',
    project,
    /** the options every command of this project runs with */
    spawn: { cwd: root, env },
    initError: init.status === 0 ? null : `airlock init failed: ${failureReason(init.stderr)}`,
    /** the argv of an `airlock` command */
    airlock: (...args) => [process.execPath, cli, ...args],
    dispose: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}
