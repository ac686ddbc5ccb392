import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kFold, mulberry32, splitRows, type Fold, type RowSplit } from './splits';

function countBy(rows: Int32Array, labels: Int32Array): number[] {
  const counts = [0, 0, 0];
  for (const r of rows) counts[labels[r]]++;
  return counts;
}

/** 1000 rows: 700 of class 0, 250 of class 1, 50 of class 2, interleaved. */
const labels = Int32Array.from({ length: 1000 }, (_, i) => (i % 20 === 0 ? 2 : i % 20 <= 5 ? 1 : 0));

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(seqA);
    expect(Array.from({ length: 5 }, c)).not.toEqual(seqA);
    expect(seqA.every((v) => v >= 0 && v < 1)).toBe(true);
  });
});

describe('splitRows', () => {
  it('gives every row to exactly one part, in the requested proportions', () => {
    const { train, validation, test } = splitRows(1000, { validation: 0.15, test: 0.2 }, 1);
    expect([train.length, validation.length, test.length]).toEqual([650, 150, 200]);
    const all = [...train, ...validation, ...test].sort((x, y) => x - y);
    expect(all).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(test)).toEqual([...test].sort((x, y) => x - y));
  });

  it('returns the identical split for the same seed and a different one for another seed', () => {
    const a = splitRows(500, { validation: 0.1, test: 0.2 }, 7, labels.subarray(0, 500));
    const b = splitRows(500, { validation: 0.1, test: 0.2 }, 7, labels.subarray(0, 500));
    const c = splitRows(500, { validation: 0.1, test: 0.2 }, 8, labels.subarray(0, 500));
    expect(b).toEqual(a);
    expect(c.test).not.toEqual(a.test);
  });

  it('keeps each class in proportion in every part when stratified', () => {
    const counts = [700, 250, 50];
    expect(countBy(Int32Array.from({ length: 1000 }, (_, i) => i), labels)).toEqual(counts);
    const { train, validation, test } = splitRows(1000, { validation: 0.1, test: 0.2 }, 3, labels);
    counts.forEach((n, k) => {
      expect(Math.abs(countBy(test, labels)[k] - 0.2 * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(countBy(validation, labels)[k] - 0.1 * n)).toBeLessThanOrEqual(1);
      expect(Math.abs(countBy(train, labels)[k] - 0.7 * n)).toBeLessThanOrEqual(2);
    });
  });

  it('rejects fractions that leave nothing to train on', () => {
    expect(() => splitRows(10, { validation: 0.5, test: 0.5 }, 1)).toThrow(/leave rows to train on/);
    expect(() => splitRows(10, { validation: -0.1, test: 0.2 }, 1)).toThrow();
  });
});

describe('kFold', () => {
  it('tests every row exactly once across the folds and never trains on a fold it tests', () => {
    const folds = kFold(103, 5, 9);
    const tested = folds.flatMap((f) => [...f.test]).sort((x, y) => x - y);
    expect(tested).toEqual(Array.from({ length: 103 }, (_, i) => i));
    for (const f of folds) {
      expect(f.train.length + f.test.length).toBe(103);
      expect(f.test.length === 20 || f.test.length === 21).toBe(true);
      const inTest = new Set(f.test);
      expect([...f.train].some((r) => inTest.has(r))).toBe(false);
    }
  });

  it('gives each fold its share of every class when stratified, the same for the same seed', () => {
    const folds = kFold(1000, 10, 4, labels);
    for (const f of folds) {
      expect(countBy(f.test, labels).map((c, k) => Math.abs(c - [70, 25, 5][k]) <= 1)).toEqual([true, true, true]);
    }
    expect(kFold(1000, 10, 4, labels)).toEqual(folds);
  });

  it('rejects k below 2 or above the row count', () => {
    expect(() => kFold(10, 1, 1)).toThrow(/k-fold/);
    expect(() => kFold(3, 4, 1)).toThrow(/k-fold/);
  });
});

describe('splits as they stood', () => {
  /** SHA-256 of the parts' row indices, in order */
  const hash = (parts: Int32Array[]): string => {
    const h = createHash('sha256');
    for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength)).update('|');
    return h.digest('hex');
  };
  const ofSplit = (s: RowSplit) => hash([s.train, s.validation, s.test]);
  const ofFolds = (folds: Fold[]) => hash(folds.flatMap((f) => [f.train, f.test]));
  // 10,007 rows, classes that are neither 0..k-1 nor in order of first appearance, one of them with 3 rows
  const odd = Int32Array.from({ length: 10_007 }, (_, i) => (i % 3333 === 7 ? -4 : i % 7 === 0 ? 9 : i % 3 === 0 ? 2 : 5));

  it('deals exactly the rows it dealt before splitting was reworked, stratified or not (pinned at de6678f)', () => {
    expect({
      plain: ofSplit(splitRows(10_007, { validation: 0.2, test: 0.2 }, 42)),
      stratified: ofSplit(splitRows(10_007, { validation: 0.2, test: 0.2 }, 42, odd)),
      noTest: ofSplit(splitRows(10_007, { validation: 0.25, test: 0 }, 7, odd)),
      folds: ofFolds(kFold(10_007, 5, 3, odd)),
    }).toEqual({
      plain: '92df91272b530645678ea072828dc8d80b3a67ba419574f8ef4db1e668831099',
      stratified: 'd24b87923505dc0814f93b46d5750ad26c4123e8059e5ecef9bee6dfb488b231',
      noTest: 'e5f13927015a6d5ede6bbcc9c182c9cee3fc46982e57469b097088e21e53b41d',
      folds: '922f37fee6a799a8dee232c2697bb8974360702fa11cb335b562d4848638e0b2',
    });
  });
});
