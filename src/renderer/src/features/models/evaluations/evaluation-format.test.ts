import { describe, expect, it } from 'vitest';
import { formatMetric, formatMs } from './evaluation-format';

describe('evaluation numbers in tables', () => {
  it('shows a metric to four significant digits, a tiny one in exponent form, and a missing one as a dash', () => {
    expect(formatMetric(0.912345)).toBe('0.9123');
    expect(formatMetric(1)).toBe('1');
    expect(formatMetric(0.000497)).toBe('4.97e-4');
    expect(formatMetric(0)).toBe('0');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
  });

  it('shows a latency in the unit that keeps it readable, down to nanoseconds', () => {
    expect(formatMs(250.4)).toBe('250 ms');
    expect(formatMs(3.14159)).toBe('3.14 ms');
    expect(formatMs(0.0612)).toBe('61.2 µs');
    expect(formatMs(0.00031)).toBe('310 ns');
  });
});
