// Who runs a job: a random instance id per job runner, with the process id and host name, and the test that tells a
// live owner from one a crash left behind (its process is gone from this host, or its heartbeat stopped).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { pidAlive } from '../store/pid-alive';

export interface JobOwner {
  /** random per runner, so a reused pid never passes for the owner it replaced */
  instance: string;
  pid: number;
  host: string;
}

/** The owner refreshes its heartbeat this often while it has queued or running jobs. */
export const HEARTBEAT_MS = 2_000;

/**
 * An owner whose heartbeat is older than this is gone even if a process with its pid exists (a reused pid, or an
 * owner on another host we cannot probe). Generous, because a busy machine can delay a timer by many seconds and
 * wrongly interrupting a live job is worse than showing a dead one as running for a minute.
 */
export const STALE_AFTER_MS = 60_000;

export function newJobOwner(): JobOwner {
  return { instance: randomUUID(), pid: process.pid, host: os.hostname() };
}

export interface OwnerSighting {
  pid: number | null;
  host: string | null;
  heartbeatMs: number | null;
}

/** A job's owner is alive while its heartbeat is fresh and, on this host, its process still exists. */
export function ownerAlive(owner: OwnerSighting, nowMs: number): boolean {
  if (owner.pid === null || owner.heartbeatMs === null) return false;
  if (nowMs - owner.heartbeatMs > STALE_AFTER_MS) return false;
  return owner.host !== os.hostname() || pidAlive(owner.pid);
}
