// A job's progress, passed on about ten times a second: a message held back goes out when its window ends, so the
// last thing a job said is never lost (a study whose two trials ended 20 ms apart kept saying "trial 1 of 20" while
// its chart showed both).

/** Where a passed-on message goes: the job's 'progress' post. */
export type ProgressPost = (fraction: number, message: string) => void;

export class ProgressThrottle {
  private lastSentAt = -Infinity;
  private lastSentFraction = 0;
  private held: { fraction: number; message: string } | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly post: ProgressPost, private readonly windowMs = 100) {}

  /**
   * Passes the message on now, or holds it (replacing any held one) until the window since the last one ends. A step
   * of a tenth or more, and the end, always go through at once, so a job that is over in a blink still shows the bar
   * moving rather than jumping from 0 to done.
   */
  report(fraction: number, message: string): void {
    const clamped = Math.min(1, Math.max(0, fraction));
    const waited = Date.now() - this.lastSentAt;
    if (waited >= this.windowMs || clamped >= 1 || Math.abs(clamped - this.lastSentFraction) >= 0.1) {
      this.send(clamped, message);
      return;
    }
    this.held = { fraction: clamped, message };
    // A job that computes synchronously holds the event loop: the held message then goes out with its next await.
    this.timer ??= setTimeout(() => this.flush(), this.windowMs - waited);
  }

  /** Drops a held message: the job ended, and its outcome says more than its last progress. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.held = null;
  }

  private flush(): void {
    this.timer = null;
    const held = this.held;
    if (held) this.send(held.fraction, held.message);
  }

  private send(fraction: number, message: string): void {
    this.close();
    this.lastSentAt = Date.now();
    this.lastSentFraction = fraction;
    this.post(fraction, message);
  }
}
