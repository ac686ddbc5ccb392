import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from '../training/model-types';
import { takeLabels, takeRows } from './training-data';

describe('takeRows', () => {
  it('takes the given rows of a numeric column in the given order, repeats and missing values included, into a new column', () => {
    const col: FeatureColumn = { name: 'x', kind: 'numeric', values: Float64Array.from([0.5, NaN, -0, 3, 1e300]) };
    const taken = takeRows(col, Int32Array.from([4, 1, 1, 2, 0]));
    expect(taken.kind).toBe('numeric');
    expect(Array.from(taken.values as Float64Array)).toEqual([1e300, NaN, NaN, -0, 0.5]);
    expect(Object.is((taken.values as Float64Array)[3], -0)).toBe(true);
    (taken.values as Float64Array)[0] = 7;
    expect(col.values[4]).toBe(1e300);
  });

  it('takes the given rows of categorical and text columns, nulls included, keeping the kind and name', () => {
    for (const kind of ['categorical', 'text'] as const) {
      const col: FeatureColumn = { name: 'c', kind, values: ['a', null, 'b', 'c'] };
      expect(takeRows(col, Int32Array.from([3, 1, 0]))).toEqual({ name: 'c', kind, values: ['c', null, 'a'] });
      expect(takeRows(col, new Int32Array(0)).values).toEqual([]);
    }
  });
});

describe('takeLabels', () => {
  it('takes class indices and regression values at the given rows, keeping the array type', () => {
    const classes = takeLabels(Int32Array.from([2, 0, 1]), Int32Array.from([1, 2, 2]));
    expect(classes).toBeInstanceOf(Int32Array);
    expect(Array.from(classes)).toEqual([0, 1, 1]);
    const values = takeLabels(Float64Array.from([0.25, 1.5]), Int32Array.from([1, 0]));
    expect(values).toBeInstanceOf(Float64Array);
    expect(Array.from(values)).toEqual([1.5, 0.25]);
  });
});
