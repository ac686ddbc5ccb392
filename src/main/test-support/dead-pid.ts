// Test support: the pid of a real process that has exited, so no process with it exists any more.
import { spawnSync } from 'node:child_process';

export function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}
