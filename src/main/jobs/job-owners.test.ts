import os from 'node:os';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/domain';
import { ProjectStore } from '../store/project-store';
import { deadPid } from '../test-support/dead-pid';
import { tempProject, testStoreOptions } from '../test-support/temp-project';
import { STALE_AFTER_MS } from './job-owner';
import { JobRunner } from './job-runner';

function insertJob(store: ProjectStore, id: string, owner: { instance: string; pid: number; host?: string; heartbeatMs: number }): void {
  store.db
    .prepare(
      `INSERT INTO jobs (id, kind, title, state, input, created_at, started_at, owner_instance, owner_pid, owner_host, heartbeat_ms)
       VALUES (?, 'test.sleep', 't', 'running', '{}', '2026-01-01', '2026-01-01', ?, ?, ?, ?)`,
    )
    .run(id, owner.instance, owner.pid, owner.host ?? os.hostname(), owner.heartbeatMs);
}

/** A second process's view of the same project: its own connection and its own runner. */
function secondRunner(store: ProjectStore): { other: ProjectStore; runner: JobRunner } {
  const other = ProjectStore.open(store.dir, testStoreOptions);
  return { other, runner: new JobRunner(other, { appVersion: 'test' }) };
}

describe('job owners', () => {
  it('leaves the running job of a live owner alone and interrupts only the jobs whose process is gone', async () => {
    const store = tempProject();
    const serving = new JobRunner(store, { appVersion: 'test' });
    const live = serving.submit('test.sleep', 'long import', { steps: 40, stepMs: 50 });
    insertJob(store, 'dead-job', { instance: 'dead-owner', pid: deadPid(), heartbeatMs: Date.now() });

    const { other, runner } = secondRunner(store);
    expect(runner.recoverInterrupted()).toEqual({ interrupted: ['dead-job'], othersActive: true });
    expect(runner.get('dead-job')).toMatchObject({ state: 'interrupted', error: { code: 'JOB_INTERRUPTED' } });
    expect(['queued', 'running']).toContain(runner.get(live.id).state);

    expect(await serving.wait(live.id)).toMatchObject({ state: 'succeeded', result: { steps: 40 } });
    await runner.close();
    other.close();
    await serving.close();
  });

  it('treats an owner whose heartbeat stopped over a minute ago as gone, even when a process has its pid', () => {
    const store = tempProject();
    insertJob(store, 'stale', { instance: 'hung-owner', pid: process.pid, heartbeatMs: Date.now() - STALE_AFTER_MS - 1000 });
    insertJob(store, 'fresh', { instance: 'busy-owner', pid: process.pid, heartbeatMs: Date.now() - 5000 });
    const runner = new JobRunner(store, { appVersion: 'test' });
    expect(runner.recoverInterrupted()).toEqual({ interrupted: ['stale'], othersActive: true });
    expect(runner.get('fresh').state).toBe('running');
  });

  it('trusts a fresh heartbeat from another host, whose processes it cannot see', () => {
    const store = tempProject();
    insertJob(store, 'remote', { instance: 'remote-owner', pid: deadPid(), host: 'some-other-host', heartbeatMs: Date.now() });
    const runner = new JobRunner(store, { appVersion: 'test' });
    expect(runner.recoverInterrupted()).toEqual({ interrupted: [], othersActive: true });
  });

  it('refreshes the heartbeat of its running jobs every few seconds', async () => {
    const store = tempProject();
    const runner = new JobRunner(store, { appVersion: 'test' });
    const job = runner.submit('test.sleep', 'long', { steps: 100, stepMs: 50 });
    const beat = (): number => (store.db.prepare('SELECT heartbeat_ms FROM jobs WHERE id = ?').pluck().get(job.id) as number);
    const first = beat();
    await new Promise((r) => setTimeout(r, 4500));
    expect(beat()).toBeGreaterThan(first + 1000);
    expect(store.db.prepare('SELECT owner_pid, owner_host, owner_instance FROM jobs WHERE id = ?').get(job.id)).toEqual({ owner_pid: process.pid, owner_host: os.hostname(), owner_instance: runner.owner.instance });
    await runner.close();
  });

  it('never turns a job another process declared interrupted into succeeded', async () => {
    const store = tempProject();
    const succeeded: JobInfo[] = [];
    const runner = new JobRunner(store, { appVersion: 'test', onSucceeded: (j) => succeeded.push(j) });
    const job = runner.submit('test.sleep', 'job', { steps: 10, stepMs: 50 });
    await new Promise((r) => setTimeout(r, 200));
    const { other } = secondRunner(store);
    other.db.prepare("UPDATE jobs SET state = 'interrupted', error = ? WHERE id = ?").run(JSON.stringify({ code: 'JOB_INTERRUPTED', message: 'gone' }), job.id);

    expect(await runner.wait(job.id)).toMatchObject({ state: 'interrupted', result: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(runner.get(job.id).state).toBe('interrupted');
    expect(succeeded).toEqual([]);
    // the same runner still reports a job of its own that succeeds, so the empty list above is not a silent hook
    const ok = runner.submit('test.sleep', 'ok', { steps: 2, stepMs: 1 });
    await runner.wait(ok.id);
    expect(succeeded.map((j) => [j.id, j.state])).toEqual([[ok.id, 'succeeded']]);
    other.close();
    await runner.close();
  });

  it('on close interrupts only its own jobs, not those of another runner on the same project', async () => {
    const store = tempProject();
    const serving = new JobRunner(store, { appVersion: 'test' });
    const theirs = serving.submit('test.sleep', 'theirs', { steps: 20, stepMs: 50 });
    const { other, runner } = secondRunner(store);
    const mine = runner.submit('test.sleep', 'mine', { steps: 1000, stepMs: 50 });
    await runner.close();
    expect(runner.get(mine.id).state).toBe('interrupted');
    expect(['queued', 'running']).toContain(serving.get(theirs.id).state);
    expect((await serving.wait(theirs.id)).state).toBe('succeeded');
    other.close();
    await serving.close();
  });

  it("refuses to cancel another process's job, naming its process, instead of marking it cancelled", async () => {
    const store = tempProject();
    const serving = new JobRunner(store, { appVersion: 'test' });
    const theirs = serving.submit('test.sleep', 'theirs', { steps: 20, stepMs: 50 });
    const { other, runner } = secondRunner(store);
    expect(() => runner.cancel(theirs.id)).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'JOB_ELSEWHERE', message: expect.stringContaining(`pid ${process.pid}`) }) }));
    expect((await serving.wait(theirs.id)).state).toBe('succeeded');
    other.close();
    await serving.close();
  });
});
