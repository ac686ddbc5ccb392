// Runs jobs in worker_threads: persists their state, relays throttled progress with an ETA, honours Cancel,
// and marks jobs a crash left behind as interrupted.
import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { JobInfo, JobState } from '../../shared/domain';
import type { MetricPoint } from '../../shared/events';
import { fail, toAppError, type AppError } from '../../shared/errors';
import type { ProjectStore } from '../store/project-store';
import type { WorkerMessage, WorkerStart } from './protocol';
import { workerResourceLimits, workerScript } from './worker-script';

interface JobRow {
  id: string;
  kind: string;
  title: string;
  state: JobState;
  input: string;
  fraction: number;
  message: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  result: string | null;
}

interface Live {
  worker?: Worker;
  cancelFlag: SharedArrayBuffer;
  startedMs: number;
  etaSeconds: number | null;
  lastPersistMs: number;
  fraction: number;
  message: string;
}

export interface JobRunnerOptions {
  appVersion: string;
  concurrency?: number;
  /** called on every change a user should see (throttled progress included) */
  onUpdate?: (job: JobInfo) => void;
  /** called inside the runner once a job succeeded, before waiters resolve */
  onSucceeded?: (job: JobInfo) => void;
  /** live metric points a job reports (training curves) */
  onMetrics?: (jobId: string, points: MetricPoint[]) => void;
}

const ENDED: JobState[] = ['succeeded', 'failed', 'cancelled', 'interrupted'];

export class JobRunner {
  private readonly store: ProjectStore;
  private readonly options: JobRunnerOptions;
  private readonly live = new Map<string, Live>();
  private readonly queue: string[] = [];
  private readonly waiters = new Map<string, Set<(job: JobInfo) => void>>();
  private closed = false;

  constructor(store: ProjectStore, options: JobRunnerOptions) {
    this.store = store;
    this.options = options;
  }

  /** Jobs still queued or running in the store belong to a process that died: mark them interrupted. */
  recoverInterrupted(): number {
    const error: AppError = { code: 'JOB_INTERRUPTED', message: 'Airlock stopped while this job ran; nothing it was writing was kept.', hint: 'Start it again.' };
    const res = this.store.db
      .prepare("UPDATE jobs SET state = 'interrupted', finished_at = ?, error = ? WHERE state IN ('queued', 'running')")
      .run(this.store.now().toISOString(), JSON.stringify(error));
    return res.changes;
  }

  submit(kind: string, title: string, input: unknown): JobInfo {
    if (this.closed) fail('NO_PROJECT', 'The project is closing.');
    const id = randomUUID();
    this.store.db
      .prepare("INSERT INTO jobs (id, kind, title, state, input, created_at) VALUES (?, ?, ?, 'queued', ?, ?)")
      .run(id, kind, title, JSON.stringify(input ?? null), this.store.now().toISOString());
    this.live.set(id, { cancelFlag: new SharedArrayBuffer(4), startedMs: 0, etaSeconds: null, lastPersistMs: 0, fraction: 0, message: 'queued' });
    this.queue.push(id);
    this.emit(id);
    this.pump();
    return this.get(id);
  }

  get(id: string): JobInfo {
    const row = this.store.db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!row) fail('NOT_FOUND', `no job ${id}`);
    return this.toInfo(row);
  }

  list(limit = 200): JobInfo[] {
    const rows = this.store.db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[];
    return rows.map((r) => this.toInfo(r));
  }

  cancel(id: string): JobInfo {
    const job = this.get(id);
    if (ENDED.includes(job.state)) return job;
    const live = this.live.get(id);
    if (!live || !live.worker) {
      this.queue.splice(this.queue.indexOf(id), 1);
      this.finish(id, 'cancelled', null, { code: 'JOB_CANCELLED', message: 'Cancelled before it started.' });
      return this.get(id);
    }
    Atomics.store(new Int32Array(live.cancelFlag), 0, 1);
    // A job that does not look at the flag within 5 s is stopped outright; it commits nothing half-way either way.
    const w = live.worker;
    setTimeout(() => {
      if (this.live.get(id)?.worker === w) void w.terminate();
    }, 5000).unref();
    return this.get(id);
  }

  wait(id: string, timeoutMs = 3_600_000): Promise<JobInfo> {
    const job = this.get(id);
    if (ENDED.includes(job.state)) return Promise.resolve(job);
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set();
      this.waiters.set(id, set);
      const done = (j: JobInfo): void => {
        clearTimeout(timer);
        set.delete(done);
        resolve(j);
      };
      const timer = setTimeout(() => done(this.get(id)), timeoutMs);
      set.add(done);
    });
  }

  /** Stops every worker; their jobs end as interrupted. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    const workers = [...this.live.entries()].filter(([, l]) => l.worker);
    await Promise.all(workers.map(([, l]) => l.worker!.terminate()));
    this.recoverInterrupted();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (this.queue.length > 0 && this.running() < limit) this.start(this.queue.shift()!);
  }

  private running(): number {
    let n = 0;
    for (const l of this.live.values()) if (l.worker) n++;
    return n;
  }

  private start(id: string): void {
    const live = this.live.get(id)!;
    const row = this.store.db.prepare('SELECT kind, input FROM jobs WHERE id = ?').get(id) as { kind: string; input: string };
    const startedAt = this.store.now().toISOString();
    this.store.db.prepare("UPDATE jobs SET state = 'running', started_at = ?, message = 'starting' WHERE id = ?").run(startedAt, id);
    live.startedMs = Date.now();
    live.message = 'starting';
    const data: WorkerStart = {
      jobId: id,
      kind: row.kind,
      input: JSON.parse(row.input) as unknown,
      projectDir: this.store.dir,
      appVersion: this.options.appVersion,
      actor: this.store.actor,
      cancelFlag: live.cancelFlag,
    };
    const script = workerScript();
    const worker = new Worker(script.file, { workerData: data, execArgv: script.execArgv, resourceLimits: workerResourceLimits() });
    live.worker = worker;
    let settled = false;
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') this.onProgress(id, m.fraction, m.message);
      else if (m.type === 'metrics') this.options.onMetrics?.(id, m.points);
      else if (m.type === 'done') {
        settled = true;
        this.finish(id, 'succeeded', m.result, null);
      } else {
        settled = true;
        this.finish(id, m.error.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed', null, m.error);
      }
    });
    worker.on('error', (e) => {
      if (settled) return;
      settled = true;
      if ((e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        this.finish(id, 'failed', null, { code: 'OUT_OF_MEMORY', message: 'The job ran out of memory and was stopped; Airlock kept running.', hint: 'Use fewer rows or features, or a smaller model.' });
        return;
      }
      const err = toAppError(e);
      this.finish(id, 'failed', null, err.code === 'INTERNAL' ? { ...err, message: `The job crashed: ${err.message}` } : err);
    });
    worker.on('exit', () => {
      if (this.live.get(id)?.worker === worker) {
        if (!settled && !this.closed) {
          const cancelled = Atomics.load(new Int32Array(live.cancelFlag), 0) === 1;
          this.finish(id, cancelled ? 'cancelled' : 'failed', null, cancelled
            ? { code: 'JOB_CANCELLED', message: 'Cancelled by the user; nothing was stored.' }
            : { code: 'INTERNAL', message: 'The job stopped without a result (out of memory?).' });
        }
      }
    });
  }

  private onProgress(id: string, fraction: number, message: string): void {
    const live = this.live.get(id);
    if (!live) return;
    live.fraction = fraction;
    live.message = message;
    const elapsed = (Date.now() - live.startedMs) / 1000;
    live.etaSeconds = fraction > 0.01 && elapsed > 0.2 ? Math.max(0, (elapsed * (1 - fraction)) / fraction) : null;
    // Progress reaches the UI at the worker's pace (<= 10/s) but the store only once a second.
    if (Date.now() - live.lastPersistMs > 1000) {
      live.lastPersistMs = Date.now();
      this.store.db.prepare('UPDATE jobs SET fraction = ?, message = ? WHERE id = ?').run(fraction, message, id);
    }
    this.emit(id);
  }

  private finish(id: string, state: JobState, result: unknown, error: AppError | null): void {
    const live = this.live.get(id);
    this.store.db
      .prepare('UPDATE jobs SET state = ?, finished_at = ?, fraction = ?, message = ?, result = ?, error = ? WHERE id = ?')
      .run(
        state,
        this.store.now().toISOString(),
        state === 'succeeded' ? 1 : (live?.fraction ?? 0),
        state === 'succeeded' ? 'done' : (error?.message ?? state),
        result === null || result === undefined ? null : JSON.stringify(result),
        error ? JSON.stringify(error) : null,
        id,
      );
    this.live.delete(id);
    const job = this.get(id);
    if (state === 'succeeded') this.options.onSucceeded?.(job);
    this.options.onUpdate?.(job);
    for (const w of [...(this.waiters.get(id) ?? [])]) w(job);
    this.waiters.delete(id);
    if (live?.worker) void live.worker.terminate();
    this.pump();
  }

  private emit(id: string): void {
    this.options.onUpdate?.(this.get(id));
  }

  private toInfo(row: JobRow): JobInfo {
    const live = this.live.get(row.id);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      state: row.state,
      fraction: live && row.state === 'running' ? live.fraction : row.fraction,
      message: live && row.state === 'running' ? live.message : row.message,
      etaSeconds: live && row.state === 'running' ? live.etaSeconds : null,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      error: row.error ? (JSON.parse(row.error) as AppError) : null,
      result: row.result ? (JSON.parse(row.result) as unknown) : null,
    };
  }
}
