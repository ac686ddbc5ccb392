import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/app-error-of';
import { thresholdsOf } from './fairness-thresholds';
import { positiveLabel } from './fairness.worker';

describe('the fairness job reads its request', () => {
  it('takes the second of two sorted labels as positive by default: 1 of a 0/1 column by value, yes of no/yes', () => {
    expect(positiveLabel({ name: 'y', kind: 'numeric', values: Float64Array.from([1, 0, NaN, 10 / 10]) }, undefined)).toBe('1');
    expect(positiveLabel({ name: 'y', kind: 'numeric', values: Float64Array.from([10, 9]) }, undefined)).toBe('10');
    expect(positiveLabel({ name: 'y', kind: 'categorical', values: ['yes', null, 'no'] }, undefined)).toBe('yes');
  });

  it("writes a numeric target's positive label as its shortest number, so 1.0 matches a predicted '1'", () => {
    expect(positiveLabel({ name: 'y', kind: 'numeric', values: Float64Array.from([0, 1]) }, '1.0')).toBe('1');
    expect(positiveLabel({ name: 'y', kind: 'categorical', values: ['1.0', '0'] }, '1.0')).toBe('1.0');
  });

  it('refuses to guess the positive label of a target with three labels, naming the field and some labels', () => {
    const error = errorOf(() => positiveLabel({ name: 'grade', kind: 'categorical', values: ['a', 'b', 'c'] }, undefined));
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'positive' } });
    expect(error.hint).toContain('a, b, c');
  });

  it("takes thresholds by the report's names or Fairlearn's, and refuses any other name listing those there are", () => {
    expect(thresholdsOf({ demographic_parity_ratio: 0.8, equalizedOddsDifference: 0.1 })).toEqual({ demographicParityRatio: 0.8, equalizedOddsDifference: 0.1 });
    const error = errorOf(() => thresholdsOf({ parity: 0.1 }));
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'thresholds.parity' } });
    expect(error.message).toContain('demographicParityDifference');
  });
});
