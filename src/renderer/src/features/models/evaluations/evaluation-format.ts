// How evaluation numbers read in tables: metrics to 4 significant digits, missing as a dash, durations in a fitting unit.

export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value !== 0 && Math.abs(value) < 1e-3) return value.toExponential(2);
  return Number(value.toPrecision(4)).toString();
}

/** a duration in ms, in the unit that keeps three significant digits readable (a tiny model answers in µs or ns) */
export function formatMs(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 1e-3) return `${Number((ms * 1e3).toPrecision(3))} µs`;
  return `${Number((ms * 1e6).toPrecision(3))} ns`;
}
