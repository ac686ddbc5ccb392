import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './progress-throttle';

let sent: [number, string][];
let throttle: ProgressThrottle;
beforeEach(() => {
  vi.useFakeTimers();
  sent = [];
  throttle = new ProgressThrottle((fraction, message) => sent.push([fraction, message]));
});
afterEach(() => {
  throttle.close();
  vi.useRealTimers();
});

describe('ProgressThrottle', () => {
  it('holds messages that come within a tenth of a second, then sends the latest of them when the window ends', () => {
    throttle.report(0.05, 'trial 1 of 20');
    vi.advanceTimersByTime(10);
    throttle.report(0.1, 'trial 2 of 20');
    throttle.report(0.12, 'trial 2 of 20, best 0.48');
    expect(sent).toEqual([[0.05, 'trial 1 of 20']]);
    vi.advanceTimersByTime(89);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[0.05, 'trial 1 of 20'], [0.12, 'trial 2 of 20, best 0.48']]);
    // nothing more is held
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('sends a step of a tenth or more, and the end, at once, clamped to [0, 1], and drops nothing it held before them', () => {
    throttle.report(0.2, 'a');
    throttle.report(0.25, 'held');
    throttle.report(0.35, 'a tenth on');
    throttle.report(1.5, 'done');
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([[0.2, 'a'], [0.35, 'a tenth on'], [1, 'done']]);
  });

  it('sends nothing it held once closed: the job has ended', () => {
    throttle.report(0.5, 'half');
    throttle.report(0.55, 'held');
    throttle.close();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([[0.5, 'half']]);
  });
});
