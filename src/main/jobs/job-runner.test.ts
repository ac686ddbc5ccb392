import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/domain';
import type { MetricPoint } from '../../shared/events';
import { tempProject } from '../test-support/temp-project';
import { JobRunner } from './job-runner';

function runner(updates: JobInfo[] = [], metrics: MetricPoint[] = []) {
  const store = tempProject();
  const jobs = new JobRunner(store, { appVersion: 'test', concurrency: 2, onUpdate: (j) => updates.push(j), onMetrics: (_id, p) => metrics.push(...p) });
  return { store, jobs };
}

describe('job runner', () => {
  it('runs a job in a worker thread, relays progress with an ETA, and persists the result', async () => {
    const updates: JobInfo[] = [];
    const { store, jobs } = runner(updates);
    const job = jobs.submit('test.sleep', 'sleep', { steps: 10, stepMs: 60 });
    expect(['queued', 'running']).toContain(job.state);
    const done = await jobs.wait(job.id);
    expect(done).toMatchObject({ state: 'succeeded', fraction: 1, result: { steps: 10 }, error: null });
    const running = updates.filter((u) => u.state === 'running' && u.fraction > 0);
    expect(running.length).toBeGreaterThan(2);
    expect(running.some((u) => u.etaSeconds !== null && u.etaSeconds > 0)).toBe(true);
    expect(running.at(-1)!.message).toMatch(/step \d+ of 10/);
    const row = store.db.prepare('SELECT state, result FROM jobs WHERE id = ?').get(job.id) as { state: string; result: string };
    expect(row).toEqual({ state: 'succeeded', result: '{"steps":10}' });
    await jobs.close();
  });

  it('cancels a running job', async () => {
    const { jobs } = runner();
    const job = jobs.submit('test.sleep', 'long', { steps: 500, stepMs: 20 });
    await new Promise((r) => setTimeout(r, 400));
    jobs.cancel(job.id);
    const done = await jobs.wait(job.id, 10_000);
    expect(done.state).toBe('cancelled');
    expect(done.error?.code).toBe('JOB_CANCELLED');
    await jobs.close();
  });

  it('records who cancelled which job in the audit log, once, and not for a job that had already ended', async () => {
    const { store, jobs } = runner();
    const job = jobs.submit('test.sleep', 'long', { steps: 500, stepMs: 20 });
    jobs.cancel(job.id);
    await jobs.wait(job.id, 10_000);
    jobs.cancel(job.id);
    const cancels = store.audit.list(50).filter((e) => e.action === 'job.cancel');
    expect(cancels).toHaveLength(1);
    expect(cancels[0]).toMatchObject({ actor: 'tester@lab', target: `job:${job.id}`, details: { kind: 'test.sleep', title: 'long' } });
    await jobs.close();
  });

  it('cancels a queued job before it starts', async () => {
    const { jobs } = runner();
    const a = jobs.submit('test.sleep', 'a', { steps: 50, stepMs: 20 });
    const b = jobs.submit('test.sleep', 'b', { steps: 50, stepMs: 20 });
    const c = jobs.submit('test.sleep', 'c', { steps: 1, stepMs: 1 });
    expect(jobs.get(c.id).state).toBe('queued');
    expect(jobs.cancel(c.id).state).toBe('cancelled');
    jobs.cancel(a.id);
    jobs.cancel(b.id);
    await Promise.all([jobs.wait(a.id), jobs.wait(b.id)]);
    await jobs.close();
  });

  it('fails a job whose handler throws, with the reason, and keeps running others', async () => {
    const { jobs } = runner();
    const bad = jobs.submit('test.sleep', 'bad', { steps: 5, stepMs: 5, failAt: 2 });
    const good = jobs.submit('test.sleep', 'good', { steps: 3, stepMs: 5 });
    expect(await jobs.wait(bad.id)).toMatchObject({ state: 'failed', error: { code: 'INTERNAL', message: expect.stringMatching(/step 2/) } });
    expect((await jobs.wait(good.id)).state).toBe('succeeded');
    await jobs.close();
  });

  it('refuses an unknown job kind with a typed error before storing anything', async () => {
    const { jobs } = runner();
    // @ts-expect-error the contract has no such kind; a caller the compiler cannot see still gets a typed refusal
    expect(() => jobs.submit('no.such.kind', 'x', {})).toThrow(expect.objectContaining({ error: expect.objectContaining({ code: 'BAD_INPUT' }) }));
    expect(jobs.list()).toEqual([]);
    await jobs.close();
  });

  it('runs no more jobs at once than its concurrency', async () => {
    const updates: JobInfo[] = [];
    const { jobs } = runner(updates);
    // each long enough that two overlap even when starting a worker takes seconds on a loaded machine
    const ids = [1, 2, 3, 4].map((i) => jobs.submit('test.sleep', `j${i}`, { steps: 10, stepMs: 150 }).id);
    await Promise.all(ids.map((id) => jobs.wait(id)));
    let running = 0;
    let peak = 0;
    const state = new Map<string, string>();
    for (const u of updates) {
      const before = state.get(u.id);
      if (before !== 'running' && u.state === 'running') running++;
      if (before === 'running' && u.state !== 'running') running--;
      state.set(u.id, u.state);
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(2);
    await jobs.close();
  });

  it('marks jobs left queued or running with no recorded owner (written before owners were) as interrupted', () => {
    const { store, jobs } = runner();
    store.db.prepare("INSERT INTO jobs (id, kind, title, state, input, created_at) VALUES ('j1', 'test.sleep', 't', 'running', '{}', '2026-01-01')").run();
    expect(jobs.recoverInterrupted()).toEqual({ interrupted: ['j1'], othersActive: false });
    expect(jobs.get('j1')).toMatchObject({ state: 'interrupted', error: { code: 'JOB_INTERRUPTED' } });
  });

  it('relays live metric points from the worker in order', async () => {
    const metrics: MetricPoint[] = [];
    const { jobs } = runner([], metrics);
    const j = jobs.submit('test.sleep', 'm', { steps: 8, stepMs: 30 });
    await jobs.wait(j.id);
    expect(metrics.map((m) => m.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(metrics.map((m) => m.value)).toEqual([0, 1, 4, 9, 16, 25, 36, 49]);
    await jobs.close();
  });

  it('runs child jobs in their own threads and cancels them with their parent', async () => {
    const metrics: MetricPoint[] = [];
    const { jobs } = runner([], metrics);
    const ok = jobs.submit('test.sleep', 'parent', { steps: 3, stepMs: 10, children: 2 });
    expect(await jobs.wait(ok.id)).toMatchObject({ state: 'succeeded', result: { steps: 6 } });
    expect(metrics.filter((m) => m.key === 'child.step')).toHaveLength(6);

    const long = jobs.submit('test.sleep', 'parent', { steps: 1000, stepMs: 10, children: 2 });
    await new Promise((r) => setTimeout(r, 600));
    jobs.cancel(long.id);
    expect(await jobs.wait(long.id, 10_000)).toMatchObject({ state: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    await jobs.close();
  });
});
