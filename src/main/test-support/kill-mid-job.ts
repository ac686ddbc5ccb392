// Test support: crash a real process in the middle of a real job.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));

/** Starts a real child process running a job, waits until it reports progress, then kills it with SIGKILL. */
export async function killMidJob(projectDir: string, kind: string, input: unknown): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, projectDir, kind, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child never reported progress: ${stderr}`)), 30_000);
    proc.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('RUNNING')) {
        clearTimeout(timer);
        resolve();
      }
    });
    proc.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}

