// A throwaway Airlock project for one bench run: its own data folder, `airlock init`, and the CLI's argv, removed after.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { failureReason } from './measure.mjs';

const root = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
const cli = path.join(root, 'bin', 'airlock.mjs');

/**
 * Creates and initialises the project; `initError` is set (and nothing else is usable) when `airlock init` failed.
 * The caller runs its commands with `{ cwd: root, env }` and calls dispose() in a finally.
 */
export function cliProject(name) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `airlock-bench-${name}-`));
  const project = path.join(work, 'project');
  const env = { ...process.env, AIRLOCK_DATA_DIR: path.join(work, 'data') };
  const init = spawnSync(process.execPath, [cli, 'init', project], { cwd: root, env, encoding: 'utf8' });
  return {
    cli,
    project,
    /** the options every command of this project runs with */
    spawn: { cwd: root, env },
    initError: init.status === 0 ? null : `airlock init failed: ${failureReason(init.stderr)}`,
    /** the argv of an `airlock` command */
    airlock: (...args) => [process.execPath, cli, ...args],
    dispose: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}
