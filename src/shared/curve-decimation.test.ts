import { describe, expect, it } from 'vitest';
import { decimateMinMax } from './curve-decimation';

describe('min/max curve decimation', () => {
  it('keeps a one-step spike and dip of a 10,000-step curve that every-k-th-point sampling would drop', () => {
    const steps = Array.from({ length: 10_000 }, (_, i) => i + 1);
    const values = steps.map((s) => 1 / s);
    values[4_321] = 5;
    values[7_777] = -3;
    const out = decimateMinMax({ steps, values }, 1000);
    expect(out.steps.length).toBeLessThanOrEqual(1000);
    expect(out.steps[0]).toBe(1);
    expect(out.steps.at(-1)).toBe(10_000);
    expect(Math.max(...(out.values as number[]))).toBe(5);
    expect(Math.min(...(out.values as number[]))).toBe(-3);
    expect(out.steps[out.values.indexOf(5)]).toBe(4_322);
    // steps stay in order, each from the curve with its own value
    expect(out.steps.every((s, i) => i === 0 || s > out.steps[i - 1])).toBe(true);
    expect(out.steps.every((s, i) => values[s - 1] === out.values[i])).toBe(true);
  });

  it('returns a short curve as it is, and keeps a gap of missing values as one null', () => {
    const short = { steps: [1, 2, 3], values: [0.3, null, 0.1] };
    expect(decimateMinMax(short, 10)).toBe(short);
    const steps = Array.from({ length: 100 }, (_, i) => i);
    const values = steps.map((s) => (s >= 40 && s < 60 ? null : s));
    const out = decimateMinMax({ steps, values }, 22);
    expect(out.values.filter((v) => v === null).length).toBeGreaterThan(0);
    expect(out.values.filter((v) => v === null).length).toBeLessThan(20);
  });
});
