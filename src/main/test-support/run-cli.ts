// Test support: runs the real airlock CLI in a child process, as a pipeline would, and returns its exit code and output.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { tempDir } from './temp-project';

/** bin/airlock.mjs, the command a user runs. */
export const AIRLOCK_BIN = fileURLToPath(new URL('../../../bin/airlock.mjs', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `airlock ...args` with exactly `env`; a non-zero exit is a result to check, not a throw. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [AIRLOCK_BIN, ...args], { env }, (error, stdout, stderr) => {
      // a spawn error has a string code, a signal kill a null one: neither is an exit status, so neither passes as 0 or 1
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * `airlock` calls that share one fresh data folder, as one user's pipeline would: this process's environment without
 * its AIRLOCK_ variables (so the CLI sees only those a test sets), plus `env`.
 */
export function sharedDataCli(env: NodeJS.ProcessEnv = {}): { dataDir: string; airlock(...args: string[]): Promise<CliRun> } {
  const dataDir = tempDir();
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AIRLOCK_')));
  return { dataDir, airlock: (...args) => runCli(args, { ...inherited, ...env, AIRLOCK_DATA_DIR: dataDir }) };
}

/** Runs `airlock ...args` with this process's environment and a fresh, empty data folder. */
export function airlock(...args: string[]): Promise<CliRun> {
  return runCli(args, { ...process.env, AIRLOCK_DATA_DIR: tempDir() });
}

/** Checks a failed run: exit 1, nothing on stdout, exactly one line on stderr; returns that line. */
export function oneLineFailure(r: CliRun): string {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

/** Checks a successful run: exit 0 and nothing on stderr (checked first, so a failure shows the CLI's message); returns stdout. */
export function cliOutput(r: CliRun): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** Checks a successful `--json` run as cliOutput does; returns the one JSON document it printed. */
export function cliJson<T>(r: CliRun): T {
  return JSON.parse(cliOutput(r)) as T;
}
