import { describe, expect, it } from 'vitest';
import { FLOAT, INTEGER, isNullCell, NOT_A_NUMBER, parseBoolean, parseDatetime, parseNumber, parsed } from './cell-parsers';

const cell = (s: string): [Buffer, number, number] => {
  const b = Buffer.from(`,${s},`);
  return [b, 1, b.length - 1];
};

describe('cell parsers', () => {
  it.each([
    ['42', INTEGER, 42],
    ['-7', INTEGER, -7],
    ['+3', INTEGER, 3],
    ['1.5', FLOAT, 1.5],
    ['.25', FLOAT, 0.25],
    ['1e-7', FLOAT, 1e-7],
    ['6.02E+23', FLOAT, 6.02e23],
    ['0.1', FLOAT, 0.1],
    ['12345678901234567890', FLOAT, 12345678901234567890],
    ['3.141592653589793238', FLOAT, 3.141592653589793],
    // the edges of the short path for the usual cell (at most 15 digits, an optional point): past them, the full parser
    ['123456789012345', INTEGER, 123456789012345],
    ['1234567890123456', FLOAT, 1234567890123456],
    ['12345678.1234567', FLOAT, 12345678.1234567],
    ['12345678.12345678', FLOAT, 12345678.12345678],
    ['-6.35', FLOAT, -6.35],
    ['12.', FLOAT, 12],
    ['007', INTEGER, 7],
  ])('parses %s as the exact double', (text, kind, value) => {
    expect(parseNumber(...cell(text))).toBe(kind);
    expect(parsed[0]).toBe(value);
  });

  it.each(['', '-', '1.2.3', '12a', 'e5', '1e', '0x10', ' 1', '1 ', '-.', '--1', '1.-2'])('refuses %j as a number', (text) => {
    expect(parseNumber(...cell(text))).toBe(NOT_A_NUMBER);
  });

  it('keeps the sign of -0.0 but not of integer -0', () => {
    parseNumber(...cell('-0.0'));
    expect(Object.is(parsed[0], -0)).toBe(true);
    parseNumber(...cell('-0'));
    expect(Object.is(parsed[0], 0)).toBe(true);
  });

  it('parses ISO dates and date-times in UTC, with offsets, and refuses impossible dates', () => {
    expect(parseDatetime(...cell('2024-02-29'))).toBe(Date.UTC(2024, 1, 29));
    expect(parseDatetime(...cell('2024-01-03 10:00'))).toBe(Date.UTC(2024, 0, 3, 10));
    expect(parseDatetime(...cell('2024-01-03T10:00:00.123+02:00'))).toBe(Date.UTC(2024, 0, 3, 8, 0, 0, 123));
    expect(parseDatetime(...cell('0099-01-01'))).toBe(new Date('0099-01-01T00:00:00Z').getTime());
    for (const bad of ['2023-02-29', '2024-13-01', '2024-01-01T25:00', '2024/01/01', '2024-01-01Tx']) expect(parseDatetime(...cell(bad))).toBeNaN();
  });

  it('knows booleans and nulls in their usual spellings', () => {
    expect(['true', 'YES', 'False', 'no', 'maybe'].map((s) => parseBoolean(...cell(s)))).toEqual([1, 1, 0, 0, -1]);
    expect(['', 'NA', 'N/A', 'null', 'NaN', 'None', '#N/A', 'Nanette', '0'].map((s) => isNullCell(...cell(s)))).toEqual([true, true, true, true, true, true, true, false, false]);
  });
});
