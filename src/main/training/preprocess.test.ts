import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from './model-types';
import { fitPreprocessor, transform } from './preprocess';

const num = (name: string, values: number[]): FeatureColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const cat = (name: string, values: (string | null)[]): FeatureColumn => ({ name, kind: 'categorical', values });

describe('fitPreprocessor and transform', () => {
  it('imputes the median, then standardises with the mean and population std of the imputed column', () => {
    const pre = fitPreprocessor([num('ph', [1, NaN, 3, 10])]);
    // median of 1, 3, 10 is 3; imputed column 1, 3, 3, 10 has mean 4.25 and std sqrt(11.6875)
    expect(pre.steps[0]).toEqual({ kind: 'numeric', column: 'ph', impute: 3, center: 4.25, scale: Math.sqrt(11.6875) });
    const { X } = transform(pre, [num('ph', [NaN, 4.25])]);
    expect(X[0]).toBeCloseTo((3 - 4.25) / Math.sqrt(11.6875), 12);
    expect(X[1]).toBe(0);
  });

  it('leaves a constant column unscaled and, for trees, leaves values raw and missing values missing', () => {
    expect(fitPreprocessor([num('k', [2, 2, 2])]).steps[0]).toMatchObject({ center: 2, scale: 1 });
    const pre = fitPreprocessor([num('x', [5, NaN, 1])], { impute: false, scale: false });
    const { X } = transform(pre, [num('x', [7, NaN])]);
    expect(Array.from(X)).toEqual([7, NaN]);
  });

  it('still leaves missing values missing after the model went through JSON, which stores NaN as null', () => {
    const pre = JSON.parse(JSON.stringify(fitPreprocessor([num('x', [5, NaN, 1])], { impute: false, scale: false })));
    expect(pre.steps[0].impute).toBeNull();
    expect(Number.isNaN(transform(pre, [num('x', [NaN])]).X[0])).toBe(true);
  });

  it('one-hot encodes the most frequent categories, and unseen or missing ones as all zeros', () => {
    const pre = fitPreprocessor([cat('site', ['north', 'south', 'north', 'east', null, 'south', 'north', 'west'])], { maxCategories: 2 });
    expect(pre.featureNames).toEqual(['site=north', 'site=south']);
    const { X, rows, features } = transform(pre, [cat('site', ['south', 'east', null, 'mars', 'north'])]);
    expect([rows, features]).toEqual([5, 2]);
    expect(Array.from(X)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('concatenates numeric, one-hot and TF-IDF features row by row, matching columns by name', () => {
    const train: FeatureColumn[] = [
      num('a', [1, 2, 3]),
      cat('c', ['x', 'y', 'x']),
      { name: 'note', kind: 'text', values: ['pump ok', 'pump leak', null] },
    ];
    const pre = fitPreprocessor(train, { scale: false, text: [{ analyzer: 'word', ngramRange: [1, 1] }] });
    expect(pre.featureNames).toEqual(['a', 'c=x', 'c=y', 'note:w:leak', 'note:w:ok', 'note:w:pump']);
    const { X, rows, features } = transform(pre, [{ name: 'note', kind: 'text', values: ['leak'] }, cat('c', ['y']), num('a', [9])]);
    expect([rows, features]).toEqual([1, 6]);
    expect(Array.from(X)).toEqual([9, 0, 1, 1, 0, 0]);
  });

  it('names a missing or mistyped column in its error', () => {
    const pre = fitPreprocessor([num('a', [1, 2]), cat('b', ['x', 'y'])]);
    expect(() => transform(pre, [num('a', [1])])).toThrow(/'b'.*missing/);
    expect(() => transform(pre, [num('a', [1]), num('b', [1])])).toThrow(/'b' is numeric.*categorical/);
  });
});
