// Cuts the current data of a drift report into windows over time: calendar days, ISO weeks, months or custom spans of a datetime column (UTC), fixed-size row chunks, or one window per dataset version.
import { fail } from '../../shared/errors';
import { MAX_WINDOWS, windowProblem, type WindowSpec } from '../../shared/monitoring';
import type { DatasetColumns } from '../experiments/dataset-columns';

/** One window: which rows of which dataset version it holds. */
export interface WindowSlice {
  label: string;
  /** ISO instants for time windows (end exclusive), null otherwise */
  start: string | null;
  end: string | null;
  /** the version a per-version window is, null otherwise */
  version: number | null;
  data: DatasetColumns;
  /** row indices into `data` in stored order; null = all of its rows */
  rows: Int32Array | null;
}

const DAY_MS = 86_400_000;

/**
 * The windows of `current` the spec asks for, in time (or row, or version) order. Calendar windows run from the
 * first timestamp's window to the last one's; windows in between that hold no rows are kept (their rows are empty),
 * so a gap in production data shows as a gap. Rows whose timestamp is null fall in no window (the caller counts them).
 */
export function splitWindows(spec: WindowSpec, current: DatasetColumns, versions: (v: number) => DatasetColumns): WindowSlice[] {
  const problem = windowProblem(spec);
  if (problem) fail('BAD_INPUT', `${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`, { where: { field: 'window' } });
  if (spec.kind === 'chunk') return chunkWindows(spec.size, current);
  if (spec.kind === 'versions') return versionWindows(spec.from ?? 1, current, versions);
  return timeWindows(spec, current);
}

function tooMany(count: number, what: string, hint: string): never {
  fail('BAD_INPUT', `The window asks for ${count} windows ${what}; a report holds at most ${MAX_WINDOWS}.`, { where: { field: 'window' }, hint });
}

function chunkWindows(size: number, current: DatasetColumns): WindowSlice[] {
  const count = Math.ceil(current.rows / size);
  if (count > MAX_WINDOWS) tooMany(count, `of ${size} rows over ${current.rows} rows`, `Use chunks of at least ${Math.ceil(current.rows / MAX_WINDOWS)} rows.`);
  const slices: WindowSlice[] = [];
  for (let k = 0; k < count; k++) {
    const from = k * size;
    const to = Math.min(current.rows, from + size);
    const rows = new Int32Array(to - from);
    for (let i = 0; i < rows.length; i++) rows[i] = from + i;
    slices.push({ label: `rows ${from + 1}-${to}`, start: null, end: null, version: null, data: current, rows });
  }
  return slices;
}

function versionWindows(from: number, current: DatasetColumns, versions: (v: number) => DatasetColumns): WindowSlice[] {
  if (from > current.version) fail('BAD_INPUT', `Version windows start at version ${from}, after the current data ${current.versionId}.`, { where: { field: 'window' } });
  const count = current.version - from + 1;
  if (count > MAX_WINDOWS) tooMany(count, `(versions ${from} to ${current.version} of ${current.dataset})`, `Start the windows at version ${current.version - MAX_WINDOWS + 1} or later.`);
  const slices: WindowSlice[] = [];
  for (let v = from; v <= current.version; v++) {
    const data = v === current.version ? current : versions(v);
    slices.push({ label: data.versionId, start: null, end: null, version: v, data, rows: null });
  }
  return slices;
}

type TimeSpec = Extract<WindowSpec, { kind: 'time' }>;

/** A calendar (or custom-span) window index for a timestamp, and the window's first instant for an index. */
interface Calendar {
  index(ms: number): number;
  startOf(index: number): number;
  label(index: number): string;
}

function timeWindows(spec: TimeSpec, current: DatasetColumns): WindowSlice[] {
  const schema = current.schema.find((c) => c.name === spec.column);
  if (!schema) fail('BAD_INPUT', `The time window column '${spec.column}' is not in ${current.versionId}.`, { where: { field: spec.column } });
  if (schema.type !== 'datetime') fail('BAD_INPUT', `The time window column '${spec.column}' holds ${schema.type} values, not datetimes.`, { where: { field: spec.column }, hint: 'Pick a datetime column, or cut the data into row chunks.' });
  const column = current.read(spec.column);
  if (column.kind !== 'numeric') fail('BAD_INPUT', `The time window column '${spec.column}' is not stored as timestamps.`, { where: { field: spec.column } });
  const stamps = column.values;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < stamps.length; i++) {
    const t = stamps[i];
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (first === Infinity) return [];
  const calendar = calendarFor(spec.unit, spec.days ?? 0, first);
  const base = calendar.index(first);
  const count = calendar.index(last) - base + 1;
  if (count > MAX_WINDOWS) tooMany(count, `of one ${spec.unit === 'custom' ? `${spec.days}-day span` : spec.unit} from ${isoDate(first)} to ${isoDate(last)}`, 'Use a longer window.');
  // two passes (count, then fill) so each window's rows are one typed array, with no per-row allocation
  const sizes = new Int32Array(count);
  for (let i = 0; i < stamps.length; i++) if (!Number.isNaN(stamps[i])) sizes[calendar.index(stamps[i]) - base]++;
  const rows = Array.from(sizes, (n) => new Int32Array(n));
  const filled = new Int32Array(count);
  for (let i = 0; i < stamps.length; i++) {
    if (Number.isNaN(stamps[i])) continue;
    const k = calendar.index(stamps[i]) - base;
    rows[k][filled[k]++] = i;
  }
  return rows.map((r, k) => ({
    label: calendar.label(base + k),
    start: new Date(calendar.startOf(base + k)).toISOString(),
    end: new Date(calendar.startOf(base + k + 1)).toISOString(),
    version: null,
    data: current,
    rows: r,
  }));
}

/** `days` is the custom span's length (splitWindows has checked a custom window has one). */
function calendarFor(unit: TimeSpec['unit'], days: number, first: number): Calendar {
  switch (unit) {
    case 'day':
      return { index: (ms) => Math.floor(ms / DAY_MS), startOf: (k) => k * DAY_MS, label: (k) => isoDate(k * DAY_MS) };
    case 'week':
      // epoch day 0 (1970-01-01) is a Thursday, so days since Monday 1969-12-29 count whole ISO weeks
      return { index: (ms) => Math.floor((Math.floor(ms / DAY_MS) + 3) / 7), startOf: (k) => (k * 7 - 3) * DAY_MS, label: (k) => isoWeekLabel((k * 7 - 3) * DAY_MS) };
    case 'month':
      return { index: monthIndex, startOf: (k) => Date.UTC(Math.floor(k / 12), k % 12, 1), label: (k) => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}` };
    case 'custom': {
      // spans run from the first timestamp, not from a calendar boundary
      const span = days * DAY_MS;
      return { index: (ms) => Math.floor((ms - first) / span), startOf: (k) => first + k * span, label: (k) => `${isoInstant(first + k * span)} +${days}d` };
    }
  }
}

/** Months since year 0 from the civil date of a UTC instant (Hinnant's days-to-civil: arithmetic only, no Date per row). */
function monthIndex(ms: number): number {
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return year * 12 + month - 1;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The date alone when the instant is a UTC midnight, else the instant to the second. */
function isoInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** ISO 8601 week label of the week starting on this Monday: its Thursday's year, and the week of that year. */
function isoWeekLabel(monday: number): string {
  const thursday = new Date(monday + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
