import { describe, expect, it } from 'vitest';
import { toDense, type FeatureMatrix } from './feature-matrix';
import type { FeatureColumn } from './model-types';
import { fitPreprocessor, transform } from './preprocess';

const num = (name: string, values: number[]): FeatureColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
const cat = (name: string, values: (string | null)[]): FeatureColumn => ({ name, kind: 'categorical', values });

/** The values of a matrix that must be dense: without a text column there is nothing sparse to gain. */
function denseValues(m: FeatureMatrix): Float64Array {
  if (m.kind !== 'dense') throw new Error(`expected a dense matrix, got ${m.kind}`);
  return m.X;
}

describe('fitPreprocessor and transform', () => {
  it('imputes the median, then standardises with the mean and population std of the imputed column', () => {
    const pre = fitPreprocessor([num('ph', [1, NaN, 3, 10])]);
    // median of 1, 3, 10 is 3; imputed column 1, 3, 3, 10 has mean 4.25 and std sqrt(11.6875)
    expect(pre.steps[0]).toEqual({ kind: 'numeric', column: 'ph', impute: 3, center: 4.25, scale: Math.sqrt(11.6875) });
    const X = denseValues(transform(pre, [num('ph', [NaN, 4.25])]));
    expect(X[0]).toBeCloseTo((3 - 4.25) / Math.sqrt(11.6875), 12);
    expect(X[1]).toBe(0);
  });

  it('leaves a constant column unscaled and, for trees, leaves values raw and missing values missing', () => {
    expect(fitPreprocessor([num('k', [2, 2, 2])]).steps[0]).toMatchObject({ center: 2, scale: 1 });
    const pre = fitPreprocessor([num('x', [5, NaN, 1])], { impute: false, scale: false });
    const X = denseValues(transform(pre, [num('x', [7, NaN])]));
    expect(Array.from(X)).toEqual([7, NaN]);
  });

  it('gives trees the neutral step for any column, the one the statistics path gave before it was skipped', () => {
    // Expected: what fitPreprocessor returned for these columns before the shortcut (it sorted, then ignored, the values).
    for (const values of [[5, NaN, 1], [], [NaN, NaN], [-0, 0, Infinity, -Infinity], [2, 2, 2]]) {
      const pre = fitPreprocessor([num('x', values)], { impute: false, scale: false });
      expect(pre).toEqual({ steps: [{ kind: 'numeric', column: 'x', impute: NaN, center: 0, scale: 1 }], featureNames: ['x'] });
      expect(JSON.stringify(pre)).toBe('{"steps":[{"kind":"numeric","column":"x","impute":null,"center":0,"scale":1}],"featureNames":["x"]}');
      expect(Array.from(denseValues(transform(pre, [num('x', values)])))).toEqual(values);
    }
  });

  it('still leaves missing values missing after the model went through JSON, which stores NaN as null', () => {
    const pre = JSON.parse(JSON.stringify(fitPreprocessor([num('x', [5, NaN, 1])], { impute: false, scale: false })));
    expect(pre.steps[0].impute).toBeNull();
    expect(Number.isNaN(denseValues(transform(pre, [num('x', [NaN])]))[0])).toBe(true);
  });

  it('one-hot encodes the most frequent categories, and unseen or missing ones as all zeros', () => {
    const pre = fitPreprocessor([cat('site', ['north', 'south', 'north', 'east', null, 'south', 'north', 'west'])], { maxCategories: 2 });
    expect(pre.featureNames).toEqual(['site=north', 'site=south']);
    const m = transform(pre, [cat('site', ['south', 'east', null, 'mars', 'north'])]);
    expect([m.rows, m.features]).toEqual([5, 2]);
    expect(Array.from(denseValues(m))).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 1, 0]);
  });

  it('concatenates numeric, one-hot and TF-IDF features into sparse rows, zeros left out, matching columns by name', () => {
    const train: FeatureColumn[] = [
      num('a', [1, 2, 3]),
      cat('c', ['x', 'y', 'x']),
      { name: 'note', kind: 'text', values: ['pump ok', 'pump leak', null] },
    ];
    const pre = fitPreprocessor(train, { scale: false, text: [{ analyzer: 'word', ngramRange: [1, 1] }] });
    expect(pre.featureNames).toEqual(['a', 'c=x', 'c=y', 'note:w:leak', 'note:w:ok', 'note:w:pump']);
    const m = transform(pre, [{ name: 'note', kind: 'text', values: ['leak', null, 'ok pump'] }, cat('c', ['y', 'z', 'x']), num('a', [9, 0, NaN])]);
    if (m.kind !== 'csr') throw new Error('a TF-IDF step must give a CSR matrix');
    expect([m.rows, m.features]).toEqual([3, 6]);
    // Row 1 is all zeros (a = 0, an unseen category, no text); row 2's missing number is imputed with the median, 2.
    const step = pre.steps[2];
    if (step.kind !== 'tfidf') throw new Error('the third step must be TF-IDF');
    const [, idfOk, idfPump] = step.idf;
    const norm = Math.sqrt(idfOk * idfOk + idfPump * idfPump);
    expect(Array.from(m.indptr)).toEqual([0, 3, 3, 7]);
    expect(Array.from(m.indices)).toEqual([0, 2, 3, 0, 1, 4, 5]);
    expect(Array.from(m.values)).toEqual([9, 1, 1, 2, 1, idfOk / norm, idfPump / norm]);
    expect(Array.from(toDense(m).X)).toEqual([9, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1, 0, 0, idfOk / norm, idfPump / norm]);
  });

  it('names a missing or mistyped column in its error', () => {
    const pre = fitPreprocessor([num('a', [1, 2]), cat('b', ['x', 'y'])]);
    expect(() => transform(pre, [num('a', [1])])).toThrow(/'b'.*missing/);
    expect(() => transform(pre, [num('a', [1]), num('b', [1])])).toThrow(/'b' is numeric.*categorical/);
  });
});
