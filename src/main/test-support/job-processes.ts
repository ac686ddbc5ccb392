// Test support: the job processes a process has started, read from /proc (Linux only), for tests that kill one.
import fs from 'node:fs';

/** The pids of the job processes whose parent is `pid` (this process by default). */
export function jobProcessesOf(pid = process.pid): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        // the parent pid is the 2nd field after the parenthesised command name
        const parent = Number(fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
        return parent === pid && fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('job-process');
      } catch {
        // the process ended while it was read
        return false;
      }
    })
    .map(Number);
}
