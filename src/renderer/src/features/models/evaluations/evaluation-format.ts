// How evaluation numbers read in tables: metrics to 4 significant digits, intervals in brackets, missing as a dash.
import type { MetricWithInterval } from '../../../../../shared/evaluations';

export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** `0.912 [0.894, 0.93]`, or the value alone when no interval was computed */
export function formatInterval(m: MetricWithInterval): string {
  if (m.low === null || m.high === null) return formatMetric(m.value);
  return `${formatMetric(m.value)} [${formatMetric(m.low)}, ${formatMetric(m.high)}]`;
}

export function formatMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(0)} µs`;
}
