// SQL for persisted jobs: every statement the job runner needs, prepared once. Writes that change a job's state
// name its owner, so a runner never overwrites a job it no longer owns (one another process marked interrupted).
import type { JobState } from '../../shared/domain';
import type { JobOwner, OwnerSighting } from '../jobs/job-owner';
import type { Db } from './db';

export interface JobRow {
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
  owner_instance: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  heartbeat_ms: number | null;
}

/** The owner of some queued or running jobs, as last seen in the store. */
export interface ActiveOwner extends OwnerSighting {
  instance: string | null;
}

export interface JobEnd {
  state: JobState;
  finishedAt: string;
  fraction: number;
  message: string;
  /** JSON, or null */
  result: string | null;
  /** JSON of the AppError, or null */
  error: string | null;
}

export class JobsRepo {
  private readonly insertStmt;
  private readonly getStmt;
  private readonly listStmt;
  private readonly startStmt;
  private readonly progressStmt;
  private readonly finishStmt;
  private readonly heartbeatStmt;
  private readonly ownersStmt;
  private readonly interruptStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO jobs (id, kind, title, state, input, created_at, owner_instance, owner_pid, owner_host, heartbeat_ms)
       VALUES (@id, @kind, @title, 'queued', @input, @createdAt, @instance, @pid, @host, @heartbeatMs)`,
    );
    this.getStmt = db.prepare('SELECT * FROM jobs WHERE id = ?');
    this.listStmt = db.prepare('SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?');
    this.startStmt = db.prepare("UPDATE jobs SET state = 'running', started_at = ?, message = 'starting' WHERE id = ? AND owner_instance = ? AND state = 'queued'");
    this.progressStmt = db.prepare("UPDATE jobs SET fraction = ?, message = ? WHERE id = ? AND owner_instance = ? AND state = 'running'");
    this.finishStmt = db.prepare(
      `UPDATE jobs SET state = @state, finished_at = @finishedAt, fraction = @fraction, message = @message, result = @result, error = @error
       WHERE id = @id AND owner_instance = @instance AND state IN ('queued', 'running')`,
    );
    this.heartbeatStmt = db.prepare("UPDATE jobs SET heartbeat_ms = ? WHERE owner_instance = ? AND state IN ('queued', 'running')");
    this.ownersStmt = db.prepare(
      `SELECT owner_instance AS instance, owner_pid AS pid, owner_host AS host, MAX(heartbeat_ms) AS heartbeatMs
       FROM jobs WHERE state IN ('queued', 'running') GROUP BY owner_instance`,
    );
    // IS, not =, so that null selects the jobs of no recorded owner
    this.interruptStmt = db.prepare("UPDATE jobs SET state = 'interrupted', finished_at = ?, error = ? WHERE owner_instance IS ? AND state IN ('queued', 'running') RETURNING id");
  }

  insert(job: { id: string; kind: string; title: string; input: string; createdAt: string }, owner: JobOwner, heartbeatMs: number): void {
    this.insertStmt.run({ ...job, instance: owner.instance, pid: owner.pid, host: owner.host, heartbeatMs });
  }

  get(id: string): JobRow | undefined {
    return this.getStmt.get(id) as JobRow | undefined;
  }

  list(limit: number): JobRow[] {
    return this.listStmt.all(limit) as JobRow[];
  }

  /** Moves a queued job of this owner to running; false when it is no longer this owner's queued job. */
  markRunning(id: string, owner: JobOwner, startedAt: string): boolean {
    return this.startStmt.run(startedAt, id, owner.instance).changes === 1;
  }

  saveProgress(id: string, owner: JobOwner, fraction: number, message: string): void {
    this.progressStmt.run(fraction, message, id, owner.instance);
  }

  /** Ends a job this owner still holds; false when it does not (another process declared it interrupted). */
  finish(id: string, owner: JobOwner, end: JobEnd): boolean {
    return this.finishStmt.run({ id, instance: owner.instance, ...end }).changes === 1;
  }

  /** One statement refreshes the heartbeat of every queued or running job of this owner. */
  heartbeat(owner: JobOwner, nowMs: number): void {
    this.heartbeatStmt.run(nowMs, owner.instance);
  }

  /** Every owner that has queued or running jobs (instance null: jobs written before owners were recorded). */
  activeOwners(): ActiveOwner[] {
    return this.ownersStmt.all() as ActiveOwner[];
  }

  /** Marks the queued and running jobs of one owner (null: of no recorded owner) interrupted; returns their ids. */
  interrupt(instance: string | null, finishedAt: string, errorJson: string): string[] {
    return (this.interruptStmt.all(finishedAt, errorJson, instance) as { id: string }[]).map((r) => r.id);
  }
}
