// Test support: runs the airlock CLI inside this process (a child process costs seconds a call) with its own data folder,
// and returns its exit code and output as run-cli's child process runs do.
import { runCli } from '../cli/program';
import type { CliRun } from './run-cli';
import { tempDir } from './temp-project';

/** `airlock ...args` calls in this process that share one fresh data folder; each line printed ends in a newline, as on a terminal. */
export function inProcessCli(dataDir: string = tempDir()): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--data-dir', dataDir, ...args], { out: (t) => out.push(t), err: (t) => err.push(t) });
    return { code, stdout: out.map((t) => `${t}\n`).join(''), stderr: err.map((t) => `${t}\n`).join('') };
  };
}
