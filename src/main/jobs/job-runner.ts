// Runs jobs in worker threads (or, for kinds that declare it, child processes): persists their state under this
// runner's owner id with a heartbeat, relays throttled progress with an ETA, honours Cancel, and on open marks
// interrupted only the jobs whose owner is gone, never those of another live process on the same project.
import { randomUUID } from 'node:crypto';
import { isEndedState, type JobInfo, type JobState } from '../../shared/domain';
import type { MetricPoint } from '../../shared/events';
import { fail, type AppError } from '../../shared/errors';
import { isJobKind, type JobInput, type JobKind } from '../../shared/jobs';
import { JobsRepo, type JobRow } from '../store/jobs-repo';
import type { ProjectStore } from '../store/project-store';
import { HEARTBEAT_MS, newJobOwner, ownerAlive, type JobOwner } from './job-owner';
import { startInProcess } from './process-executor';
import { processFor } from './process-job-kinds';
import type { ExecutionEvents, JobExecution, WorkerMessage, WorkerStart } from './protocol';
import { storedJobInfo, storedJobStart } from './stored-job';
import { startInThread } from './thread-executor';
import { workerResourceLimits } from './worker-script';

interface Live {
  execution?: JobExecution;
  cancelFlag: SharedArrayBuffer;
  startedMs: number;
  etaSeconds: number | null;
  lastPersistMs: number;
  fraction: number;
  message: string;
  /** the submitter's secret: kept here, in memory only, until the job starts */
  secret?: string;
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
  /** who this runner is in the jobs table (default: a fresh instance id for this process) */
  owner?: JobOwner;
}

/** What recovery found when the project opened. */
export interface Recovery {
  /** jobs of owners that are gone, now marked interrupted */
  interrupted: string[];
  /** another live process has queued or running jobs in this project */
  othersActive: boolean;
}


const INTERRUPTED: AppError = { code: 'JOB_INTERRUPTED', message: 'Airlock stopped while this job ran; nothing it was writing was kept.', hint: 'Start it again.' };

export class JobRunner {
  readonly owner: JobOwner;
  private readonly store: ProjectStore;
  private readonly repo: JobsRepo;
  private readonly options: JobRunnerOptions;
  private readonly live = new Map<string, Live>();
  private readonly queue: string[] = [];
  private readonly waiters = new Map<string, Set<(job: JobInfo) => void>>();
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(store: ProjectStore, options: JobRunnerOptions) {
    this.store = store;
    this.repo = new JobsRepo(store.db);
    this.options = options;
    this.owner = options.owner ?? newJobOwner();
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Marks interrupted the queued and running jobs whose owner is gone: its process no longer exists on this host, or
   * its heartbeat stopped. Jobs of a live owner (another process serving or importing) are left alone.
   */
  recoverInterrupted(): Recovery {
    const now = Date.now();
    const interrupted: string[] = [];
    let othersActive = false;
    for (const owner of this.repo.activeOwners()) {
      if (owner.instance === this.owner.instance) continue;
      if (ownerAlive(owner, now)) {
        othersActive = true;
        continue;
      }
      interrupted.push(...this.repo.interrupt(owner.instance, this.store.now().toISOString(), JSON.stringify(INTERRUPTED)));
    }
    return { interrupted, othersActive };
  }

  /**
   * Queues a job. `secret` (an unlocked signing key) reaches the job as ctx.secret with its start message and is never
   * written to the jobs table, so a key unlocked for one export lives no longer than the job that uses it.
   */
  submit<K extends JobKind>(kind: K, title: string, input: JobInput<K>, options: { secret?: string } = {}): JobInfo {
    if (this.closed) fail('NO_PROJECT', 'The project is closing.');
    if (!isJobKind(kind)) fail('BAD_INPUT', `unknown job kind '${String(kind)}'`);
    this.store.assertWritable();
    const id = randomUUID();
    this.repo.insert({ id, kind, title, input: JSON.stringify(input ?? null), createdAt: this.store.now().toISOString() }, this.owner, Date.now());
    this.live.set(id, { cancelFlag: new SharedArrayBuffer(4), startedMs: 0, etaSeconds: null, lastPersistMs: 0, fraction: 0, message: 'queued', secret: options.secret });
    this.queue.push(id);
    this.emit(id);
    this.pump();
    return this.get(id);
  }

  get(id: string): JobInfo {
    const row = this.repo.get(id);
    if (!row) fail('NOT_FOUND', `no job ${id}`);
    return this.toInfo(row);
  }

  list(limit = 200): JobInfo[] {
    return this.repo.list(limit).map((r) => this.toInfo(r));
  }

  cancel(id: string): JobInfo {
    const job = this.get(id);
    if (isEndedState(job.state)) return job;
    const live = this.live.get(id);
    if (!live) {
      const row = this.repo.get(id)!;
      fail('JOB_ELSEWHERE', `Job ${id} runs in another Airlock process (pid ${row.owner_pid ?? '?'} on ${row.owner_host ?? '?'}); cancel it there.`);
    }
    // a person stopping work is a decision the audit trail keeps, whatever the job then manages to undo
    this.store.mutate({ action: 'job.cancel', target: `job:${id}`, details: { kind: job.kind, title: job.title, state: job.state } }, () => undefined);
    if (!live.execution) {
      this.queue.splice(this.queue.indexOf(id), 1);
      this.finish(id, 'cancelled', null, { code: 'JOB_CANCELLED', message: 'Cancelled before it started.' });
      return this.get(id);
    }
    live.execution.cancel();
    return this.get(id);
  }

  wait(id: string, timeoutMs = 3_600_000): Promise<JobInfo> {
    const job = this.get(id);
    if (isEndedState(job.state)) return Promise.resolve(job);
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

  /** Stops every job of this runner; they end as interrupted. Jobs of other processes are not touched. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.queue.length = 0;
    if (this.live.size === 0) return; // nothing to write, which also keeps a read-only project untouched
    await Promise.all([...this.live.values()].map((l) => l.execution?.stop()));
    this.repo.interrupt(this.owner.instance, this.store.now().toISOString(), JSON.stringify(INTERRUPTED));
  }

  private beat(): void {
    if (this.live.size === 0) return;
    try {
      this.repo.heartbeat(this.owner, Date.now());
    } catch {
      // The database was busy past its timeout (a long commit elsewhere): the next beat, 2 s on, tries again, well
      // inside the minute after which other processes would think this owner gone.
    }
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 2;
    while (this.queue.length > 0 && this.running() < limit) this.start(this.queue.shift()!);
  }

  private running(): number {
    let n = 0;
    for (const l of this.live.values()) if (l.execution) n++;
    return n;
  }

  private start(id: string): void {
    const live = this.live.get(id)!;
    if (!this.repo.markRunning(id, this.owner, this.store.now().toISOString())) {
      // Another process declared this runner gone and interrupted the job while it waited: it is not ours to run.
      this.settle(id);
      return;
    }
    const row = this.repo.get(id)!;
    live.startedMs = Date.now();
    live.message = 'starting';
    const start: WorkerStart = {
      jobId: id,
      ...storedJobStart(row),
      projectDir: this.store.dir,
      appVersion: this.options.appVersion,
      actor: this.store.actor,
      cancelFlag: live.cancelFlag,
      secret: live.secret,
    };
    live.secret = undefined;
    const events: ExecutionEvents = {
      message: (m: WorkerMessage) => {
        if (this.live.get(id) !== live || this.closed) return;
        if (m.type === 'progress') this.onProgress(id, m.fraction, m.message);
        else if (m.type === 'metrics') this.options.onMetrics?.(id, m.points);
        else if (m.type === 'done') this.finish(id, 'succeeded', m.result, null);
        else this.finish(id, m.error.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed', null, m.error);
      },
      ended: (error) => {
        if (this.live.get(id) !== live || this.closed) return;
        this.finish(id, error.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed', null, error);
      },
    };
    const processKind = processFor(start);
    live.execution = processKind
      ? startInProcess(start, { memoryMb: processKind.memoryMb ?? workerResourceLimits().maxOldGenerationSizeMb }, events)
      : startInThread(start, events);
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
      this.repo.saveProgress(id, this.owner, fraction, message);
    }
    this.emit(id);
  }

  private finish(id: string, state: JobState, result: unknown, error: AppError | null): void {
    const live = this.live.get(id);
    // Only a job this runner still holds changes: one another process declared interrupted stays interrupted,
    // never turning into 'succeeded' behind the user's back.
    const ended = this.repo.finish(id, this.owner, {
      state,
      finishedAt: this.store.now().toISOString(),
      fraction: state === 'succeeded' ? 1 : (live?.fraction ?? 0),
      message: state === 'succeeded' ? 'done' : (error?.message ?? state),
      result: result === null || result === undefined ? null : JSON.stringify(result),
      error: error ? JSON.stringify(error) : null,
    });
    this.settle(id, ended && state === 'succeeded');
  }

  /**
   * Forgets a job that has ended, tells listeners and waiters its stored state (onSucceeded first, when this runner's
   * own finish made it succeed), and starts the next.
   */
  private settle(id: string, succeeded = false): void {
    const live = this.live.get(id);
    this.live.delete(id);
    const job = this.get(id);
    if (succeeded) this.options.onSucceeded?.(job);
    this.options.onUpdate?.(job);
    for (const w of [...(this.waiters.get(id) ?? [])]) w(job);
    this.waiters.delete(id);
    void live?.execution?.stop();
    this.pump();
  }

  private emit(id: string): void {
    this.options.onUpdate?.(this.get(id));
  }

  private toInfo(row: JobRow): JobInfo {
    const live = this.live.get(row.id);
    return storedJobInfo(row, {
      id: row.id,
      title: row.title,
      fraction: live && row.state === 'running' ? live.fraction : row.fraction,
      message: live && row.state === 'running' ? live.message : row.message,
      etaSeconds: live && row.state === 'running' ? live.etaSeconds : null,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    });
  }
}
