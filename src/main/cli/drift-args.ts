// The drift and monitor commands' flags as request fields: NAME@VERSION, --test COLUMN=TEST[:THRESHOLD],
// --window COLUMN:UNIT / --chunk N / --versions, --columns and --drift-share; a bad one is BAD_INPUT naming its flag.
import { fail } from '../../shared/errors';
import { modelRef } from '../../shared/model-ref';
import { DRIFT_TESTS, type ColumnTestOverride, type DatasetVersionRef, type WindowSpec } from '../../shared/monitoring';
import { datasetSpec } from './args';

/** `--reference sales@2`: both parts required, the flag named when it is not NAME@VERSION. */
export function versionRefArg(spec: string, flag: string): DatasetVersionRef {
  const { dataset, version } = datasetSpec(spec.trim());
  if (version === undefined || version < 1 || dataset.trim() === '') {
    fail('BAD_INPUT', `--${flag} '${spec}' is not NAME@VERSION (for example sales@2).`, { where: { field: flag } });
  }
  return { dataset, version };
}

/** `--model churn@3` or `--model churn@champion`: a model version, or the one an alias points at. */
export function modelArg(spec: string): string {
  if (!modelRef.safeParse(spec).success) fail('BAD_INPUT', `--model '${spec}' is not NAME@VERSION or NAME@ALIAS (for example churn@1 or churn@champion).`, { where: { field: 'model' } });
  return spec;
}

/**
 * `--test COLUMN=TEST[:THRESHOLD]`, repeatable. The column is everything before the last '=' (a column name may hold
 * '='; a test name never does), so `--test 'a=b=psi:0.2'` sets psi on column `a=b`.
 */
export function testOverridesArg(specs: readonly string[]): Record<string, ColumnTestOverride> {
  const out: Record<string, ColumnTestOverride> = {};
  for (const spec of specs) {
    const eq = spec.lastIndexOf('=');
    const bad: (why: string) => never = (why) =>
      fail('BAD_INPUT', `--test '${spec}' ${why}.`, { where: { field: 'test' }, hint: `Write COLUMN=TEST or COLUMN=TEST:THRESHOLD with TEST one of ${DRIFT_TESTS.join(', ')}, e.g. --test income=psi:0.2.` });
    if (eq <= 0) bad('is not COLUMN=TEST[:THRESHOLD]');
    const column = spec.slice(0, eq);
    const [name, threshold, ...extra] = spec.slice(eq + 1).split(':');
    const test = DRIFT_TESTS.find((t) => t === name.trim().toLowerCase());
    if (test === undefined) bad(`names no drift test ('${name}')`);
    if (extra.length > 0) bad('has more than one threshold');
    if (Object.hasOwn(out, column)) bad(`sets column '${column}' a second time`);
    if (threshold === undefined) {
      out[column] = { test };
      continue;
    }
    const t = Number(threshold);
    if (threshold.trim() === '' || !Number.isFinite(t) || t <= 0) bad(`has threshold '${threshold}', which is not a positive number`);
    out[column] = { test, threshold: t };
  }
  return out;
}

export interface WindowFlags {
  window?: string;
  chunk?: string;
  versions?: boolean | string;
}

/**
 * At most one of `--window COLUMN:day|week|month|Nd`, `--chunk N` and `--versions [FROM]`. The column is everything
 * before the last ':' (a column name may hold ':'). `Nd` is a custom window of N days (a decimal is allowed: 0.5d).
 */
export function windowArg(flags: WindowFlags): WindowSpec | undefined {
  const given = [flags.window !== undefined && '--window', flags.chunk !== undefined && '--chunk', flags.versions !== undefined && flags.versions !== false && '--versions'].filter((f) => f !== false);
  if (given.length > 1) fail('BAD_INPUT', `${given.join(' and ')} both cut the current data into windows: give one.`, { where: { field: 'window' } });
  if (flags.window !== undefined) return timeWindow(flags.window);
  if (flags.chunk !== undefined) {
    const size = Number(flags.chunk);
    if (!Number.isInteger(size) || size < 1) fail('BAD_INPUT', `--chunk '${flags.chunk}' is not a whole number of rows >= 1.`, { where: { field: 'chunk' } });
    return { kind: 'chunk', size };
  }
  if (flags.versions === true) return { kind: 'versions' };
  if (typeof flags.versions === 'string') {
    const from = Number(flags.versions.replace(/^v/i, ''));
    if (!Number.isInteger(from) || from < 1) fail('BAD_INPUT', `--versions '${flags.versions}' is not a version number to start from.`, { where: { field: 'versions' } });
    return { kind: 'versions', from };
  }
  return undefined;
}

function timeWindow(spec: string): WindowSpec {
  const colon = spec.lastIndexOf(':');
  const bad: (why: string) => never = (why) =>
    fail('BAD_INPUT', `--window '${spec}' ${why}.`, { where: { field: 'window' }, hint: 'Write COLUMN:day, COLUMN:week, COLUMN:month or COLUMN:Nd (N days), e.g. --window ordered_at:week.' });
  if (colon <= 0) bad('is not COLUMN:UNIT');
  const column = spec.slice(0, colon);
  const unit = spec.slice(colon + 1).trim().toLowerCase();
  if (unit === 'day' || unit === 'week' || unit === 'month') return { kind: 'time', column, unit };
  const days = /^(\d+(?:\.\d+)?)d$/.exec(unit);
  if (!days) bad(`has unit '${spec.slice(colon + 1)}', not day, week, month or Nd`);
  const n = Number(days[1]);
  if (!(n > 0 && n <= 3660)) bad(`asks for ${days[1]} days: a custom window is more than 0 and at most 3660 days`);
  return { kind: 'time', column, unit: 'custom', days: n };
}

/** `--columns a,b`: names trimmed, empty entries refused. */
export function columnsArg(spec: string | undefined): string[] | undefined {
  if (spec === undefined) return undefined;
  const names = spec.split(',').map((c) => c.trim());
  if (names.some((c) => c === '')) fail('BAD_INPUT', `--columns '${spec}' has an empty column name.`, { where: { field: 'columns' } });
  return names;
}

/** `--drift-share 0.5`: dataset drift when at least this share of tested columns drift. */
export function driftShareArg(spec: string | undefined): number | undefined {
  if (spec === undefined) return undefined;
  const share = Number(spec);
  if (spec.trim() === '' || !(share > 0 && share <= 1)) fail('BAD_INPUT', `--drift-share '${spec}' is not a share in (0, 1].`, { where: { field: 'drift-share' } });
  return share;
}

/** A finite number for --threshold. */
export function numberArg(spec: string, flag: string): number {
  const n = Number(spec);
  if (spec.trim() === '' || !Number.isFinite(n)) fail('BAD_INPUT', `--${flag} '${spec}' is not a number.`, { where: { field: flag } });
  return n;
}
