import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import type { JobInfo } from '../../shared/domain';
import type { MetricPoint } from '../../shared/events';
import { pidAlive } from '../store/pid-alive';
import { jobProcessesOf } from '../test-support/job-processes';
import { tempDir, tempProject, testStoreOptions } from '../test-support/temp-project';
import { ProjectStore } from '../store/project-store';
import { JobRunner } from './job-runner';
import { CANCEL_GRACE_MS } from './thread-executor';

function runner(updates: JobInfo[] = [], metrics: MetricPoint[] = []) {
  return new JobRunner(tempProject(), { appVersion: 'test', concurrency: 3, onUpdate: (j) => updates.push(j), onMetrics: (_id, p) => metrics.push(...p) });
}

/** The child's pid, which the crash job reports in its first progress message. */
function childPid(updates: JobInfo[], id: string): number | null {
  const m = updates.find((u) => u.id === id && /^pid \d+$/.test(u.message))?.message;
  return m ? Number(m.slice(4)) : null;
}

describe('process executor', () => {
  it('runs a process job in a child process with progress, live metrics and its result', async () => {
    const updates: JobInfo[] = [];
    const metrics: MetricPoint[] = [];
    const jobs = runner(updates, metrics);
    const job = jobs.submit('test.crash', 'sleep', { mode: 'sleep', steps: 6, stepMs: 40 });
    const done = await jobs.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', fraction: 1, result: { steps: 6 } });
    const pid = done.kind === 'test.crash' && done.state === 'succeeded' ? done.result.pid : 0;
    expect(pid).not.toBe(process.pid);
    expect(updates.some((u) => u.id === job.id && u.state === 'running' && /step \d of 6/.test(u.message))).toBe(true);
    expect(metrics.map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5]);
    await vi.waitUntil(() => !pidAlive(pid), 5000);
    await jobs.close();
  });

  it('cancels a process job by message, well inside the grace period', async () => {
    const jobs = runner();
    const job = jobs.submit('test.crash', 'long', { mode: 'sleep', steps: 10_000, stepMs: 20 });
    await vi.waitUntil(() => jobs.get(job.id).fraction > 0.001, 30_000);
    const asked = Date.now();
    jobs.cancel(job.id);
    expect(await jobs.wait(job.id, 20_000)).toMatchObject({ state: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    expect(Date.now() - asked).toBeLessThan(CANCEL_GRACE_MS);
    await jobs.close();
  });

  it('kills a process job that ignores Cancel once the grace period is over', async () => {
    const updates: JobInfo[] = [];
    const jobs = runner(updates);
    const job = jobs.submit('test.crash', 'spins', { mode: 'busy' });
    await vi.waitUntil(() => childPid(updates, job.id) !== null, 30_000);
    jobs.cancel(job.id);
    expect(await jobs.wait(job.id, 30_000)).toMatchObject({ state: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    expect(pidAlive(childPid(updates, job.id)!)).toBe(false);
    await jobs.close();
  });

  it('fails a job whose process aborts or segfaults with one line, while the runner keeps serving other jobs', async () => {
    const jobs = runner();
    const steady = jobs.submit('test.crash', 'steady', { mode: 'sleep', steps: 40, stepMs: 50 });
    const aborts = jobs.submit('test.crash', 'abort', { mode: 'abort' });
    const segfaults = jobs.submit('test.crash', 'segfault', { mode: 'segfault' });
    const aborted = await jobs.wait(aborts.id, 30_000);
    const faulted = await jobs.wait(segfaults.id, 30_000);
    expect(aborted).toMatchObject({ state: 'failed', error: { code: 'JOB_CRASHED', message: expect.stringContaining('SIGABRT') } });
    expect(faulted).toMatchObject({ state: 'failed', error: { code: 'JOB_CRASHED', message: expect.stringContaining('SIGSEGV') } });
    for (const j of [aborted, faulted]) expect(j.error?.message).not.toMatch(/\n/);
    expect(['queued', 'running']).toContain(jobs.get(steady.id).state);
    expect(await jobs.wait(steady.id)).toMatchObject({ state: 'succeeded' });
    const after = jobs.submit('test.crash', 'after', { mode: 'sleep', steps: 2, stepMs: 10 });
    expect((await jobs.wait(after.id)).state).toBe('succeeded');
    await jobs.close();
  });

  it('stops a job whose heap outgrows its limit, and one whose native memory does, as out of memory', async () => {
    const jobs = runner();
    const heap = jobs.submit('test.crash', 'heap hog', { mode: 'heap' });
    const native = jobs.submit('test.crash', 'buffer hog', { mode: 'native-memory' });
    expect(await jobs.wait(heap.id, 60_000)).toMatchObject({ state: 'failed', error: { code: 'OUT_OF_MEMORY', message: expect.stringContaining('256 MB') } });
    expect(await jobs.wait(native.id, 60_000)).toMatchObject({ state: 'failed', error: { code: 'OUT_OF_MEMORY' } });
    await jobs.close();
  });

  it('reports a failure the job raises as that error, not as a crash', async () => {
    const jobs = runner();
    const job = jobs.submit('test.crash', 'refuses', { mode: 'throw' });
    expect(await jobs.wait(job.id)).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', message: 'crash job refused its input on purpose' } });
    await jobs.close();
  });

  it('takes its running process jobs down when the runner closes', async () => {
    const updates: JobInfo[] = [];
    const jobs = runner(updates);
    const job = jobs.submit('test.crash', 'long', { mode: 'sleep', steps: 10_000, stepMs: 20 });
    await vi.waitUntil(() => childPid(updates, job.id) !== null, 30_000);
    await jobs.close();
    expect(jobs.get(job.id).state).toBe('interrupted');
    expect(pidAlive(childPid(updates, job.id)!)).toBe(false);
  });

  it.skipIf(process.platform !== 'linux')('ends a job process, even one spinning in a loop, when the process that runs its runner is killed', async () => {
    const dir = path.join(tempDir(), 'project');
    ProjectStore.create(dir, testStoreOptions).close();
    const fixture = fileURLToPath(new URL('../test-support/crash-child.fixture.ts', import.meta.url));
    const runnerProc = spawn(process.execPath, ['--import', 'tsx', fixture, dir, 'test.crash', JSON.stringify({ mode: 'busy' })], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      runnerProc.stdout.on('data', (d: Buffer) => d.toString().includes('RUNNING') && resolve());
      runnerProc.on('exit', (code) => reject(new Error(`runner exited early (${code})`)));
    });
    const jobProcesses = jobProcessesOf(runnerProc.pid!);
    const exited = new Promise((r) => runnerProc.once('exit', r));
    runnerProc.kill('SIGKILL');
    await exited;
    try {
      expect(jobProcesses).toHaveLength(1);
      await vi.waitUntil(() => !pidAlive(jobProcesses[0]), 10_000);
    } finally {
      // a failed run must not leave a spinning process behind
      for (const pid of jobProcesses.filter(pidAlive)) process.kill(pid, 'SIGKILL');
    }
  }, 60_000);
});
