import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../shared/domain';
import { MAX_WINDOWS, type WindowSpec } from '../../shared/monitoring';
import type { DatasetColumns } from '../experiments/dataset-columns';
import { errorOf } from '../test-support/app-error-of';
import { splitWindows, type WindowSlice } from './windows';

/** An in-memory version: the windows read only its schema, row count and the time column (epoch ms, NaN = null). */
function version(stamps: (string | null)[], v = 1, extra: ColumnSchema[] = []): DatasetColumns {
  const values = Float64Array.from(stamps, (s) => (s === null ? NaN : Date.parse(s)));
  return {
    versionId: `prod@${v}`,
    dataset: 'prod',
    version: v,
    rows: stamps.length,
    schema: [{ name: 'at', type: 'datetime' }, ...extra],
    read: (name) => {
      if (name !== 'at') throw new Error(`unexpected read of ${name}`);
      return { name, kind: 'numeric', values };
    },
  };
}

const noVersions = (v: number): DatasetColumns => {
  throw new Error(`unexpected version ${v}`);
};

function summary(slices: WindowSlice[]): [string, string | null, string | null, number[]][] {
  return slices.map((s) => [s.label, s.start, s.end, Array.from(s.rows ?? [])]);
}

const time = (unit: 'day' | 'week' | 'month'): WindowSpec => ({ kind: 'time', column: 'at', unit });

describe('splitWindows by a datetime column (UTC)', () => {
  it('cuts calendar days at UTC midnight, keeps a day without rows as an empty window, and leaves null timestamps out', () => {
    const data = version(['2024-03-01T23:59:59.999Z', '2024-03-02T00:00:00Z', null, '2024-03-04T10:00:00+02:00', '2024-03-01T00:00:00Z']);
    expect(summary(splitWindows(time('day'), data, noVersions))).toEqual([
      ['2024-03-01', '2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z', [0, 4]],
      ['2024-03-02', '2024-03-02T00:00:00.000Z', '2024-03-03T00:00:00.000Z', [1]],
      ['2024-03-03', '2024-03-03T00:00:00.000Z', '2024-03-04T00:00:00.000Z', []],
      // 10:00 at +02:00 is 08:00 UTC
      ['2024-03-04', '2024-03-04T00:00:00.000Z', '2024-03-05T00:00:00.000Z', [3]],
    ]);
  });

  it('starts ISO weeks on Monday, Sunday 23:59 in the old week, and labels the week by the year its Thursday is in', () => {
    // 2024-12-29 is a Sunday; Monday 2024-12-30 opens ISO week 2025-W01; 2021-01-03 (Sunday) is in 2020-W53
    const data = version(['2024-12-29T23:59:00Z', '2024-12-30T00:00:00Z', '2025-01-05T23:59:59Z', '2025-01-06T00:00:00Z']);
    expect(summary(splitWindows(time('week'), data, noVersions))).toEqual([
      ['2024-W52', '2024-12-23T00:00:00.000Z', '2024-12-30T00:00:00.000Z', [0]],
      ['2025-W01', '2024-12-30T00:00:00.000Z', '2025-01-06T00:00:00.000Z', [1, 2]],
      ['2025-W02', '2025-01-06T00:00:00.000Z', '2025-01-13T00:00:00.000Z', [3]],
    ]);
    expect(splitWindows(time('week'), version(['2021-01-03T12:00:00Z', '2021-01-04T00:00:00Z']), noVersions).map((s) => s.label)).toEqual(['2020-W53', '2021-W01']);
  });

  it('cuts calendar months on their first day, across a leap February and a year end, with an empty month kept', () => {
    const data = version(['2024-02-29T23:00:00Z', '2024-03-01T00:00:00Z', '2024-01-31T23:59:59Z', '2024-05-10T00:00:00Z', '2023-12-31T23:59:59Z']);
    expect(summary(splitWindows(time('month'), data, noVersions))).toEqual([
      ['2023-12', '2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', [4]],
      ['2024-01', '2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z', [2]],
      ['2024-02', '2024-02-01T00:00:00.000Z', '2024-03-01T00:00:00.000Z', [0]],
      ['2024-03', '2024-03-01T00:00:00.000Z', '2024-04-01T00:00:00.000Z', [1]],
      ['2024-04', '2024-04-01T00:00:00.000Z', '2024-05-01T00:00:00.000Z', []],
      ['2024-05', '2024-05-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z', [3]],
    ]);
  });

  it('runs custom spans of N days from the first timestamp, not from a calendar boundary', () => {
    const data = version(['2024-01-01T06:00:00Z', '2024-01-03T05:59:59Z', '2024-01-03T06:00:00Z', '2024-01-08T00:00:00Z']);
    expect(summary(splitWindows({ kind: 'time', column: 'at', unit: 'custom', days: 2 }, data, noVersions))).toEqual([
      ['2024-01-01T06:00:00Z +2d', '2024-01-01T06:00:00.000Z', '2024-01-03T06:00:00.000Z', [0, 1]],
      ['2024-01-03T06:00:00Z +2d', '2024-01-03T06:00:00.000Z', '2024-01-05T06:00:00.000Z', [2]],
      ['2024-01-05T06:00:00Z +2d', '2024-01-05T06:00:00.000Z', '2024-01-07T06:00:00.000Z', []],
      ['2024-01-07T06:00:00Z +2d', '2024-01-07T06:00:00.000Z', '2024-01-09T06:00:00.000Z', [3]],
    ]);
  });

  it('gives no windows when every timestamp is null', () => {
    expect(splitWindows(time('day'), version([null, null]), noVersions)).toEqual([]);
  });

  it('refuses more than MAX_WINDOWS windows, a custom window without its length, a column that is not there, and one that holds no datetimes, naming the column', () => {
    const decade = version(['2010-01-01T00:00:00Z', '2020-01-01T00:00:00Z']);
    expect(errorOf(() => splitWindows(time('day'), decade, noVersions))).toMatchObject({ code: 'BAD_INPUT', message: `The window asks for 3653 windows of one day from 2010-01-01 to 2020-01-01; a report holds at most ${MAX_WINDOWS}.`, where: { field: 'window' } });
    expect(splitWindows(time('month'), decade, noVersions)).toHaveLength(121);
    expect(errorOf(() => splitWindows({ kind: 'time', column: 'at', unit: 'custom' }, decade, noVersions))).toMatchObject({ code: 'BAD_INPUT', message: 'A custom time window needs its length in days.' });
    expect(errorOf(() => splitWindows({ kind: 'time', column: 'when', unit: 'day' }, decade, noVersions))).toMatchObject({ code: 'BAD_INPUT', message: "The time window column 'when' is not in prod@1.", where: { field: 'when' } });
    const withName = version(['2024-01-01T00:00:00Z'], 1, [{ name: 'site', type: 'categorical' }]);
    expect(errorOf(() => splitWindows({ kind: 'time', column: 'site', unit: 'day' }, withName, noVersions))).toMatchObject({ code: 'BAD_INPUT', message: "The time window column 'site' holds categorical values, not datetimes.", where: { field: 'site' } });
  });
});

describe('splitWindows by rows and by version', () => {
  const rows = (n: number): DatasetColumns => ({ ...version(Array.from({ length: n }, () => null)), rows: n });

  it('cuts fixed-size chunks of rows in stored order, the last one shorter, and refuses more than MAX_WINDOWS chunks', () => {
    const slices = splitWindows({ kind: 'chunk', size: 4 }, rows(10), noVersions);
    expect(slices.map((s) => [s.label, Array.from(s.rows ?? [])])).toEqual([
      ['rows 1-4', [0, 1, 2, 3]],
      ['rows 5-8', [4, 5, 6, 7]],
      ['rows 9-10', [8, 9]],
    ]);
    expect(splitWindows({ kind: 'chunk', size: 4 }, rows(0), noVersions)).toEqual([]);
    expect(errorOf(() => splitWindows({ kind: 'chunk', size: 1 }, rows(MAX_WINDOWS + 1), noVersions))).toMatchObject({ code: 'BAD_INPUT', hint: 'Use chunks of at least 2 rows.' });
  });

  it('makes one window per version from `from` (default 1) to the current one, reusing the current version, and refuses a start after it', () => {
    const current = version([], 4);
    const opened: number[] = [];
    const slices = splitWindows({ kind: 'versions', from: 2 }, current, (v) => {
      opened.push(v);
      return version([], v);
    });
    expect(slices.map((s) => [s.label, s.version, s.rows])).toEqual([
      ['prod@2', 2, null],
      ['prod@3', 3, null],
      ['prod@4', 4, null],
    ]);
    expect(opened).toEqual([2, 3]);
    expect(slices[2].data).toBe(current);
    expect(splitWindows({ kind: 'versions' }, current, (v) => version([], v)).map((s) => s.version)).toEqual([1, 2, 3, 4]);
    expect(errorOf(() => splitWindows({ kind: 'versions', from: 5 }, current, noVersions))).toMatchObject({ code: 'BAD_INPUT', message: 'Version windows start at version 5, after the current data prod@4.' });
  });
});
