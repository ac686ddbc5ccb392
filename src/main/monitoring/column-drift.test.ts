import { describe, expect, it } from 'vitest';
import { errorOf } from '../test-support/app-error-of';
import { MAX_NEW_CATEGORIES } from '../../shared/monitoring';
import { andersonKSample } from './anderson-ksamp';
import { hellingerDistance, jensenShannonDistance, klDivergence, normalised, populationStabilityIndex } from './category-distances';
import { chiSquareTest } from './chi-square';
import { columnDrift, type ColumnSample } from './column-drift';
import { commonHistograms, countCategories } from './common-bins';
import { cramerVonMisesTwoSample } from './cramer-von-mises';
import { energyDistance } from './energy-distance';
import { ksTwoSample } from './ks-two-sample';
import { proportionZTest } from './proportion-z-test';
import { normedWassersteinDistance } from './wasserstein';

// Deterministic values (no RNG): a spread of n numbers from `start` with step `step`, scrambled by a fixed stride.
function spread(n: number, start = 0, step = 1): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => start + ((i * 7919) % n) * step);
}
const num = (values: Float64Array, nulls = 0): ColumnSample => ({ kind: 'numeric', values, nulls });
const cat = (values: string[], nulls = 0): ColumnSample => ({ kind: 'categorical', values, nulls });
const repeat = (counts: Record<string, number>): string[] => Object.entries(counts).flatMap(([k, n]) => Array<string>(n).fill(k));
const pick = (r: { statistic: number; pValue: number }) => ({ statistic: r.statistic, pValue: r.pValue });

describe('automatic test choice (Evidently defaults)', () => {
  it('uses KS at p < 0.05 for numbers with many values and at most 1,000 reference rows, with the figures ksTwoSample gives', () => {
    const ref = spread(200);
    const cur = spread(200, 30);
    const r = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(cur) });
    const ks = ksTwoSample(ref, cur);
    expect(r).toMatchObject({ test: 'ks', threshold: 0.05, statistic: ks.statistic, pValue: ks.pValue, drift: ks.pValue < 0.05, skipped: null });
    expect(r.drift).toBe(true);
    expect(r.outOfRange).toEqual({ below: 0, above: 30 });
    expect(columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(spread(200)) }).drift).toBe(false);
  });

  it('uses normed Wasserstein >= 0.1 for numbers with many values and more than 1,000 reference rows', () => {
    const ref = spread(1001);
    const cur = spread(500, 100);
    const r = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(cur) });
    expect(r).toMatchObject({ test: 'wasserstein', threshold: 0.1, pValue: null, statistic: normedWassersteinDistance(ref, cur), drift: true });
    const same = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(spread(1001)) });
    expect(same).toMatchObject({ test: 'wasserstein', statistic: 0, drift: false });
  });

  it('treats numbers with at most 5 distinct values as categories: chi-squared up to 1,000 rows, Jensen-Shannon beyond', () => {
    const ref = Float64Array.from({ length: 300 }, (_, i) => i % 3);
    const cur = Float64Array.from([...Array<number>(150).fill(0), ...Array<number>(75).fill(1), ...Array<number>(75).fill(2)]);
    const r = columnDrift({ column: 'x', type: 'integer', reference: num(ref), current: num(cur) });
    const chi = chiSquareTest([150, 75, 75], [100, 100, 100]);
    expect(r).toMatchObject({ test: 'chisquare', threshold: 0.05, statistic: chi.statistic, pValue: chi.pValue, drift: true });
    const big = Float64Array.from({ length: 3000 }, (_, i) => i % 3);
    expect(columnDrift({ column: 'x', type: 'integer', reference: num(big), current: num(cur) })).toMatchObject({ test: 'jensenshannon', threshold: 0.1, pValue: null });
  });

  it('uses chi-squared for categories up to 1,000 rows and Jensen-Shannon >= 0.1 beyond, equal to the underlying functions', () => {
    const ref = repeat({ a: 50, b: 30, c: 20 });
    const cur = repeat({ a: 20, b: 30, c: 50 });
    const small = columnDrift({ column: 'c', type: 'categorical', reference: cat(ref), current: cat(cur) });
    const chi = chiSquareTest([20, 30, 50], [50, 30, 20]);
    expect(small).toMatchObject({ test: 'chisquare', statistic: chi.statistic, pValue: chi.pValue, drift: true, newCategories: [], outOfRange: null });
    const bigRef = repeat({ a: 500, b: 300, c: 300 });
    const large = columnDrift({ column: 'c', type: 'categorical', reference: cat(bigRef), current: cat(cur) });
    expect(large).toMatchObject({ test: 'jensenshannon', statistic: jensenShannonDistance([500, 300, 300], [20, 30, 50]), drift: true });
  });

  it('uses the two-proportion Z-test for binary columns', () => {
    const ref = repeat({ yes: 60, no: 40 });
    const cur = repeat({ yes: 30, no: 70 });
    const r = columnDrift({ column: 'b', type: 'boolean', reference: cat(ref), current: cat(cur) });
    expect(r).toMatchObject({ test: 'z', pValue: proportionZTest(60, 100, 30, 100).pValue, drift: true });
  });
});

describe('per-column overrides', () => {
  it('runs the requested test with its threshold and direction: p-values drift below it, distances at or above it', () => {
    const ref = spread(200);
    const cur = spread(200, 5);
    const psi = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(cur), override: { test: 'psi', threshold: 0.2 } });
    expect(psi).toMatchObject({ test: 'psi', threshold: 0.2, pValue: null });
    expect(psi.drift).toBe(psi.statistic! >= 0.2);
    for (const test of ['anderson', 'cvm', 'energy', 'kl', 'hellinger', 'jensenshannon', 'chisquare', 'ks', 'wasserstein'] as const) {
      const r = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(cur), override: { test } });
      expect(r.test).toBe(test);
      // chi-squared on numbers counts each value as a category, so values new in the current data make it infinite
      expect(r.statistic === null || Number.isNaN(r.statistic), test).toBe(false);
      expect(r.drift).toBe(r.pValue !== null ? r.pValue < r.threshold! : r.statistic! >= r.threshold!);
    }
    const loose = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(spread(200, 40)), override: { test: 'energy', threshold: 1e6 } });
    expect(loose.drift).toBe(false);
  });

  it('runs each overridden numeric test through its own function: binned distances on 30 common equal-width bins, Hellinger on Sturges bins', () => {
    const ref = spread(200);
    const cur = spread(200, 5);
    const equalWidth = commonHistograms(ref, cur, 30);
    const sturges = commonHistograms(ref, cur, 'sturges');
    const [r30, c30] = [normalised(equalWidth.reference), normalised(equalWidth.current)];
    const expected = {
      ks: pick(ksTwoSample(ref, cur)),
      anderson: pick(andersonKSample([ref, cur])),
      cvm: pick(cramerVonMisesTwoSample(ref, cur)),
      wasserstein: { statistic: normedWassersteinDistance(ref, cur), pValue: null },
      energy: { statistic: energyDistance(ref, cur), pValue: null },
      jensenshannon: { statistic: jensenShannonDistance(r30, c30), pValue: null },
      psi: { statistic: populationStabilityIndex(r30, c30), pValue: null },
      kl: { statistic: klDivergence(r30, c30), pValue: null },
      hellinger: { statistic: hellingerDistance(normalised(sturges.reference), normalised(sturges.current)), pValue: null },
    };
    for (const [test, figures] of Object.entries(expected) as [keyof typeof expected, { statistic: number; pValue: number | null }][]) {
      const r = columnDrift({ column: 'x', type: 'numeric', reference: num(ref), current: num(cur), override: { test } });
      expect({ statistic: r.statistic, pValue: r.pValue }, test).toEqual(figures);
    }
  });

  it('refuses numeric-only tests on categories and the Z-test on a non-binary column, in one line naming the column', () => {
    const c = cat(repeat({ a: 5, b: 5, c: 5 }));
    expect(errorOf(() => columnDrift({ column: 'colour', type: 'categorical', reference: c, current: c, override: { test: 'ks' } }))).toMatchObject({
      code: 'BAD_INPUT',
      message: "The ks test needs numbers, but column 'colour' is categorical.",
    });
    expect(errorOf(() => columnDrift({ column: 'colour', type: 'categorical', reference: c, current: c, override: { test: 'z' } }))).toMatchObject({
      code: 'BAD_INPUT',
      message: "The z test needs a binary column, but column 'colour' has 3 distinct values.",
    });
    expect(errorOf(() => columnDrift({ column: 'colour', type: 'categorical', reference: c, current: c, override: { test: 'chisquare', threshold: 2 } }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/^Threshold 2 /) });
  });
});

describe('edge cases', () => {
  it('a constant column shows no drift against itself and drifts when the constant changes', () => {
    const five = new Float64Array(50).fill(5);
    expect(columnDrift({ column: 'k', type: 'numeric', reference: num(five), current: num(five) })).toMatchObject({ test: 'z', pValue: 1, drift: false });
    const six = new Float64Array(50).fill(6);
    expect(columnDrift({ column: 'k', type: 'numeric', reference: num(five), current: num(six) })).toMatchObject({ test: 'z', drift: true, outOfRange: { below: 0, above: 50 } });
    const a = columnDrift({ column: 'k', type: 'numeric', reference: num(five), current: num(five), override: { test: 'anderson' } });
    expect(a).toMatchObject({ test: 'anderson', statistic: null, drift: false });
    expect(a.skipped).toMatch(/^anderson cannot run on this data/);
  });

  it('an all-null column reports that no test is possible, with its missing rates, instead of failing', () => {
    const r = columnDrift({ column: 'n', type: 'numeric', reference: num(new Float64Array(0), 40), current: num(spread(40), 0) });
    expect(r).toMatchObject({ test: null, statistic: null, pValue: null, drift: false, missingRef: 1, missingCur: 0, missingDrift: true, outOfRange: null });
    expect(r.skipped).toBe('no non-null values in the reference: no test possible');
  });

  it('one row on each side still gets a verdict', () => {
    const r = columnDrift({ column: 'x', type: 'numeric', reference: num(Float64Array.of(1)), current: num(Float64Array.of(2)) });
    expect(r).toMatchObject({ test: 'z', drift: false, skipped: null });
    const ks = columnDrift({ column: 'x', type: 'numeric', reference: num(Float64Array.of(1)), current: num(Float64Array.of(2)), override: { test: 'ks' } });
    expect(ks).toMatchObject({ test: 'ks', statistic: 1, pValue: 1, drift: false });
  });

  it('categories only in the current data are named and drive chi-squared to drift', () => {
    const r = columnDrift({ column: 'c', type: 'categorical', reference: cat(repeat({ a: 40, b: 40, c: 20 })), current: cat(repeat({ a: 40, b: 40, c: 10, d: 10 })) });
    expect(r).toMatchObject({ test: 'chisquare', statistic: Infinity, pValue: 0, drift: true, newCategories: ['d'], newCategoryCount: 1 });
  });

  it('an id-like column names its MAX_NEW_CATEGORIES most frequent new categories, most frequent first, and counts them all', () => {
    const current = [...Array.from({ length: 5000 }, (_, i) => `id-${i}`), ...Array(7).fill('id-4999'), ...Array(3).fill('id-17'), 'a'];
    const r = columnDrift({ column: 'c', type: 'categorical', reference: cat(repeat({ a: 40, b: 40 })), current: cat(current) });
    expect(r.newCategoryCount).toBe(5000);
    expect(r.newCategories).toHaveLength(MAX_NEW_CATEGORIES);
    expect(r.newCategories.slice(0, 3)).toEqual(['id-4999', 'id-17', 'id-0']);
  });

  it('a rise in nulls is flagged as missing-value drift even when the values themselves do not drift', () => {
    const r = columnDrift({ column: 'x', type: 'numeric', reference: num(spread(100), 2), current: num(spread(100), 40) });
    expect(r).toMatchObject({ drift: false, missingDrift: true });
    expect(r.missingRef).toBeCloseTo(2 / 102, 15);
    expect(r.missingPValue).toBe(proportionZTest(2, 102, 40, 140).pValue);
  });
});

describe('samples prepared once for many tests', () => {
  it('gives the same verdict, new categories included, from a categorical sample that carries its counts as from its values alone', () => {
    const reference = repeat({ a: 40, b: 30, c: 20, d: 5, e: 3, f: 2 });
    const current = repeat({ b: 35, a: 30, c: 20, g: 10, d: 5 });
    for (const test of ['chisquare', 'jensenshannon', 'psi', 'kl', 'hellinger'] as const) {
      const plain = columnDrift({ column: 'c', type: 'categorical', reference: cat(reference), current: cat(current), override: { test } });
      const counted = columnDrift({ column: 'c', type: 'categorical', reference: { kind: 'categorical', values: reference, nulls: 0, counts: countCategories(reference) }, current: { kind: 'categorical', values: current, nulls: 0, counts: countCategories(current) }, override: { test } });
      expect(counted, test).toEqual(plain);
      expect(counted.newCategories).toEqual(['g']);
    }
  });

  it('gives the same verdict and out-of-range counts from a numeric reference marked ascending as from it unsorted', () => {
    const reference = spread(400, -50, 0.25);
    const current = spread(300, -80, 0.5);
    const plain = columnDrift({ column: 'x', type: 'numeric', reference: num(reference), current: num(current) });
    const marked = columnDrift({ column: 'x', type: 'numeric', reference: { kind: 'numeric', values: Float64Array.from(reference).sort(), nulls: 0, ascending: true }, current: num(current) });
    expect(marked).toEqual(plain);
    expect(plain.outOfRange).toEqual({ below: 60, above: 40 });
  });

  it('says "more than 5" distinct values when refusing the Z-test on a column with many (it stops counting past what any choice needs)', () => {
    const many = num(spread(100));
    expect(errorOf(() => columnDrift({ column: 'x', type: 'numeric', reference: many, current: many, override: { test: 'z' } }))).toMatchObject({
      code: 'BAD_INPUT',
      message: "The z test needs a binary column, but column 'x' has more than 5 distinct values.",
    });
  });
});
