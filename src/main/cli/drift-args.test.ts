import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { columnsArg, driftShareArg, testOverridesArg, versionRefArg, windowArg } from './drift-args';

/** The AppError a parser throws, so a test can check its code and the field it names. */
function failure(fn: () => unknown): { code: string; message: string; field: string | undefined } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppFailure) return { code: e.error.code, message: e.error.message, field: e.error.where?.field };
    throw e;
  }
  throw new Error('expected a failure');
}

describe('drift command flags', () => {
  it('reads --test COLUMN=TEST[:THRESHOLD], splitting at the last = so a column name may hold one', () => {
    expect(testOverridesArg(['income=psi:0.2', 'a=b=KS', 'region=jensenshannon:0.15'])).toEqual({
      income: { test: 'psi', threshold: 0.2 },
      'a=b': { test: 'ks' },
      region: { test: 'jensenshannon', threshold: 0.15 },
    });
  });

  it('refuses a --test with no column, an unknown test, a threshold that is not positive, two thresholds or a column set twice', () => {
    for (const spec of [['=ks'], ['x=t-test'], ['x=psi:0'], ['x=psi:abc'], ['x=psi:'], ['x=psi:0.1:0.2'], ['x=ks', 'x=psi']]) {
      expect(failure(() => testOverridesArg(spec))).toMatchObject({ code: 'BAD_INPUT', field: 'test', message: expect.stringMatching(/^--test '/) });
    }
  });

  it('reads --window COLUMN:UNIT, splitting at the last : so a column name may hold one, and Nd as a custom span', () => {
    expect(windowArg({ window: 'event:time:week' })).toEqual({ kind: 'time', column: 'event:time', unit: 'week' });
    expect(windowArg({ window: 'day:Month' })).toEqual({ kind: 'time', column: 'day', unit: 'month' });
    expect(windowArg({ window: 'day:2.5d' })).toEqual({ kind: 'time', column: 'day', unit: 'custom', days: 2.5 });
    expect(windowArg({ chunk: '500' })).toEqual({ kind: 'chunk', size: 500 });
    expect(windowArg({ versions: true })).toEqual({ kind: 'versions' });
    expect(windowArg({ versions: 'v3' })).toEqual({ kind: 'versions', from: 3 });
    expect(windowArg({ versions: false })).toBeUndefined();
    expect(windowArg({})).toBeUndefined();
  });

  it('refuses a bad --window, --chunk or --versions and more than one of them, naming the flag', () => {
    expect(failure(() => windowArg({ window: 'week' }))).toMatchObject({ field: 'window', message: expect.stringMatching(/^--window 'week' is not COLUMN:UNIT/) });
    expect(failure(() => windowArg({ window: 'day:0d' }))).toMatchObject({ field: 'window' });
    expect(failure(() => windowArg({ window: 'day:4000d' }))).toMatchObject({ field: 'window' });
    expect(failure(() => windowArg({ chunk: '2.5' }))).toMatchObject({ field: 'chunk' });
    expect(failure(() => windowArg({ versions: 'latest' }))).toMatchObject({ field: 'versions' });
    expect(failure(() => windowArg({ window: 'day:week', versions: true }))).toMatchObject({ message: expect.stringMatching(/^--window and --versions both/) });
  });

  it('reads NAME@VERSION, --columns and --drift-share, and refuses what is not one', () => {
    expect(versionRefArg('sales@2', 'reference')).toEqual({ dataset: 'sales', version: 2 });
    expect(versionRefArg('a@b@12', 'current')).toEqual({ dataset: 'a@b', version: 12 });
    expect(failure(() => versionRefArg('sales@0', 'reference'))).toMatchObject({ field: 'reference' });
    expect(failure(() => versionRefArg('@3', 'current'))).toMatchObject({ field: 'current' });
    expect(columnsArg(' a, b ')).toEqual(['a', 'b']);
    expect(failure(() => columnsArg('a,,b'))).toMatchObject({ field: 'columns' });
    expect(driftShareArg('1')).toBe(1);
    for (const bad of ['0', '1.01', '', 'half']) expect(failure(() => driftShareArg(bad))).toMatchObject({ field: 'drift-share' });
  });
});
