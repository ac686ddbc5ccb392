// How numbers, sizes, times and cell values read on screen: one place so every table agrees.
import type { CellValue, ColumnType, StatChange } from '../../../shared/domain';

const compact = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const integer = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return integer.format(n);
}

/** a number: integers in full, others to 4 significant digits */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? integer.format(value) : compact.format(value);
}

/** an instant (ISO string or epoch ms) in UTC: the date alone at midnight (or when asked), else date and time */
export function formatInstant(value: string | number, dateOnly = false): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return String(value);
  const iso = d.toISOString();
  if (dateOnly || iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith(':00.000Z') ? iso.slice(0, 16).replace('T', ' ') : iso.slice(0, 19).replace('T', ' ');
}

/** a span of milliseconds in the largest unit that keeps it above 1 */
export function formatSpan(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, unit] of units) if (Math.abs(ms) >= size) return `${compact.format(ms / size)} ${unit}`;
  return `${compact.format(ms)} ms`;
}

/** a column statistic as a person reads it: datetimes as dates, their spread as a span, numbers compact */
export function formatStat(value: number | string | null | undefined, type?: ColumnType, stat?: StatChange['stat']): string {
  if (value === null || value === undefined) return '—';
  if (type === 'datetime' && (stat === 'min' || stat === 'max')) return formatInstant(value);
  if (type === 'datetime' && stat === 'mean') return formatInstant(value, true);
  if (type === 'datetime' && stat === 'std' && typeof value === 'number') return formatSpan(value);
  return typeof value === 'number' ? formatNumber(value) : value;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return 'estimating…';
  if (seconds < 1) return '<1 s left';
  if (seconds < 60) return `${Math.round(seconds)} s left`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds % 60)} s left` : `${Math.floor(m / 60)} h ${m % 60} min left`;
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatCell(value: CellValue | undefined, type: ColumnType): string {
  if (value === null || value === undefined) return '';
  if (type === 'datetime' && (typeof value === 'string' || typeof value === 'number')) return formatInstant(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(8)));
  return String(value);
}
