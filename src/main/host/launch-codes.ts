// One-time launch codes: what `serve` prints and hands its browser instead of the session token.
// A code works once and only for a short while, so one that leaked (through /proc, a terminal log, a shell history)
// after the browser used it, or after it expired, opens nothing.
import { randomBytes } from 'node:crypto';

/** How long a code is valid: enough for the browser `serve` starts, or for a person to paste a freshly printed URL. */
export const LAUNCH_CODE_TTL_MS = 60_000;

/** What asks a running `serve` for a fresh link, as `kill -USR2 PID` (SIGUSR1 would start Node's debugger). */
export const RELAUNCH_SIGNAL = 'SIGUSR2';

export class LaunchCodes {
  private readonly pending = new Map<string, number>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: { ttlMs?: number; now?: () => number } = {}) {
    this.ttlMs = options.ttlMs ?? LAUNCH_CODE_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  issue(): string {
    const code = randomBytes(16).toString('hex');
    this.pending.set(code, this.now() + this.ttlMs);
    return code;
  }

  /** Spends a code: true only the first time, within its lifetime. Expired codes are dropped as they are met. */
  redeem(code: string): boolean {
    const now = this.now();
    for (const [c, expires] of this.pending) if (expires < now) this.pending.delete(c);
    return this.pending.delete(code);
  }
}
