import { describe, expect, it } from 'vitest';
import fixture from './fixtures/linear-sklearn.json';
import { toDense } from './feature-matrix';
import { analyze, compareCodePoints, fitTfidf, tfidfMatrix, type TfidfStep } from './tfidf';

const transformTfidf = (step: TfidfStep, docs: (string | null)[]): Float64Array => toDense(tfidfMatrix(step, docs)).X;

function expectMatrix(actual: Float64Array, expected: number[][], tolerance: number): void {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  flat.forEach((v, i) => {
    if (Math.abs(actual[i] - v) > tolerance) throw new Error(`entry ${i}: ${actual[i]} differs from ${v}`);
  });
}

describe('TF-IDF', () => {
  for (const ref of fixture.tfidf) {
    const label = `${ref.analyzer} ${ref.ngramRange.join('-')}-grams${ref.sublinearTf ? ', sublinear tf' : ''}${ref.maxFeatures ? `, at most ${ref.maxFeatures} terms` : ''}, norm ${ref.norm}`;
    it(`matches sklearn's TfidfVectorizer vocabulary, idf and rows for ${label}`, () => {
      const step = fitTfidf('note', fixture.texts, {
        analyzer: ref.analyzer as 'word' | 'char',
        ngramRange: ref.ngramRange as [number, number],
        sublinearTf: ref.sublinearTf,
        norm: ref.norm as 'l2' | 'none',
        maxFeatures: ref.maxFeatures ?? undefined,
      });
      expect(step.vocabulary).toEqual(ref.vocabulary);
      expectMatrix(Float64Array.from(step.idf), [ref.idf], 1e-12);
      expectMatrix(transformTfidf(step, fixture.texts), ref.train, 1e-9);
      expectMatrix(transformTfidf(step, fixture.unseen), ref.unseen, 1e-9);
    });
  }

  it('tokenises like sklearn: 2+ word characters, underscores kept, combining accents and punctuation split', () => {
    expect(analyze('A_12 x cafe\u0301 ÉTÉ-2024', 'word', [1, 1])).toEqual(['a_12', 'cafe', 'été', '2024']);
  });

  it('builds word n-grams from consecutive tokens and char n-grams over collapsed whitespace', () => {
    expect(analyze('Red  green blue', 'word', [1, 2])).toEqual(['red', 'green', 'blue', 'red green', 'green blue']);
    expect(analyze('a  b', 'char', [2, 3])).toEqual(['a ', ' b', 'a b']);
    expect(analyze('🙂x', 'char', [2, 2])).toEqual(['🙂x']);
  });

  it('keeps the most frequent terms under max features, the alphabetically first on a tie', () => {
    const step = fitTfidf('t', ['beta alpha gamma gamma', 'delta beta'], { analyzer: 'word', ngramRange: [1, 1], maxFeatures: 2 });
    expect(step.vocabulary).toEqual(['beta', 'gamma']);
    const tie = fitTfidf('t', ['dd cc bb aa'], { analyzer: 'word', ngramRange: [1, 1], maxFeatures: 2 });
    expect(tie.vocabulary).toEqual(['aa', 'bb']);
  });

  it('gives a missing text an all-zero row', () => {
    const step = fitTfidf('t', ['one two', null], { analyzer: 'word', ngramRange: [1, 1] });
    expect(Array.from(transformTfidf(step, [null, 'three']))).toEqual([0, 0, 0, 0]);
  });

  it('orders terms by code point as Python does, astral characters after the rest of the BMP', () => {
    expect(['\uffe0', '🙂', 'z'].sort(compareCodePoints)).toEqual(['z', '\uffe0', '🙂']);
  });

  it('rejects an n-gram range that starts at zero or runs backwards', () => {
    expect(() => fitTfidf('t', ['x'], { analyzer: 'char', ngramRange: [0, 2] })).toThrow(/n-gram range/);
    expect(() => fitTfidf('t', ['x'], { analyzer: 'char', ngramRange: [3, 2] })).toThrow(/n-gram range/);
  });
});
