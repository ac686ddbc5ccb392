// Test support: crash a real process in the middle of a real job, or inside the transaction that commits its work.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = fileURLToPath(new URL('./crash-child.fixture.ts', import.meta.url));
const pausePreload = fileURLToPath(new URL('./commit-pause.preload.mjs', import.meta.url));

async function killWhen(proc: ChildProcess, ready: (resolve: () => void) => void, timeoutMs: number): Promise<void> {
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`child never reached the kill point: ${stderr}`));
    }, timeoutMs);
    ready(() => {
      clearTimeout(timer);
      resolve();
    });
    proc.on('exit', (code) => reject(new Error(`child exited early (${code}): ${stderr}`)));
  });
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGKILL');
  await exited;
}

/** Starts a real child process running a job, waits until it reports progress, then kills it with SIGKILL. */
export async function killMidJob(projectDir: string, kind: string, input: unknown): Promise<void> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, projectDir, kind, JSON.stringify(input)], { stdio: ['ignore', 'pipe', 'pipe'] });
  await killWhen(
    proc,
    (resolve) =>
      proc.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('RUNNING')) resolve();
      }),
    30_000,
  );
}

/**
 * Starts a real child process running a job and kills it with SIGKILL while a job thread sits inside the transaction
 * that commits `action` (its blobs written, its rows inserted, nothing committed).
 */
export async function killInCommit(projectDir: string, kind: string, input: unknown, action: string): Promise<void> {
  const marker = path.join(path.dirname(projectDir), `pause-${process.pid}-${Date.now()}.marker`);
  const proc = spawn(process.execPath, ['--import', 'tsx', '--import', pausePreload, child, projectDir, kind, JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AIRLOCK_TEST_PAUSE_COMMIT: action, AIRLOCK_TEST_PAUSE_MARKER: marker },
  });
  await killWhen(
    proc,
    (resolve) => {
      const poll = setInterval(() => {
        if (!fs.existsSync(marker)) return;
        clearInterval(poll);
        resolve();
      }, 50);
      proc.once('exit', () => clearInterval(poll));
    },
    180_000,
  );
}
