// How run values read on screen: column widths and labels, params that are numbers in text, statuses and their colours.
import type { RunColumnRef, RunStatus } from '../../../../shared/experiments';
import { formatInstant, formatNumber } from '../../components/format';

export const STATUS_COLORS: Record<RunStatus, string> = { finished: 'teal', failed: 'red', killed: 'gray', pruned: 'orange' };
export const STUDY_STATE_COLORS: Record<string, string> = { finished: 'teal', running: 'blue', cancelled: 'orange', failed: 'red', interrupted: 'gray' };
export const STATUS_DOTS: Record<string, string> = { finished: '#12b886', failed: '#fa5252', killed: '#868e96', pruned: '#fd7e14' };

const ATTR_WIDTHS: Record<string, number> = {
  seq: 64,
  name: 210,
  status: 90,
  experiment: 120,
  model_kind: 100,
  task: 90,
  dataset_version: 170,
  study: 110,
  trial: 64,
  started_at: 156,
  duration_s: 84,
  source: 84,
};

export function columnKind(ref: RunColumnRef): 'attr' | 'param' | 'metric' {
  return ref.slice(0, ref.indexOf(':')) as 'attr' | 'param' | 'metric';
}

export function columnKey(ref: RunColumnRef): string {
  return ref.slice(ref.indexOf(':') + 1);
}

export function columnWidth(ref: RunColumnRef): number {
  const kind = columnKind(ref);
  if (kind === 'attr') return ATTR_WIDTHS[columnKey(ref)] ?? 110;
  return Math.min(170, Math.max(96, columnKey(ref).length * 6.6 + 22));
}

/** columns whose values align right: metrics, numeric attributes, and params (mostly numbers) */
export function isNumericColumn(ref: RunColumnRef): boolean {
  const kind = columnKind(ref);
  return kind !== 'attr' || ['seq', 'trial', 'duration_s'].includes(columnKey(ref));
}

/** a param stored as text: a number when it reads as one */
export function asNumber(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return value;
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** a metric or numeric param: 4 significant digits, scientific where that would read as a row of zeros */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value !== 0 && Number.isFinite(value) && (Math.abs(value) < 1e-4 || Math.abs(value) >= 1e9)) return value.toExponential(2);
  return formatNumber(value);
}

export function formatRunValue(ref: RunColumnRef, value: string | number | null): string {
  if (value === null) return '—';
  const key = columnKey(ref);
  if (ref === 'attr:started_at' && typeof value === 'string') return formatInstant(value);
  if (ref === 'attr:duration_s' && typeof value === 'number') return `${formatNumber(value)} s`;
  if (ref === 'attr:study' && typeof value === 'string') return value.slice(0, 8);
  if (typeof value === 'number') return formatMetric(value);
  if (columnKind(ref) === 'param' && key !== 'features') {
    const n = asNumber(value);
    if (n !== null) return formatMetric(n);
  }
  return value;
}

export function formatParam(value: string): string {
  const n = asNumber(value);
  return n === null ? value : formatMetric(n);
}
