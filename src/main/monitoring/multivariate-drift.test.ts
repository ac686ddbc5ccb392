import { describe, expect, it } from 'vitest';
import type { MultivariateDrift } from '../../shared/monitoring';
import { errorOf } from '../test-support/app-error-of';
import type { FeatureColumn } from '../training/model-types';
import { mulberry32 } from '../training/splits';
import { columnDrift, type ColumnSample } from './column-drift';
import { FOLDS, MIN_DRIFT_AUC, PERMUTATIONS, ROWS_PER_SIDE, multivariateDrift, type MultivariateOptions } from './multivariate-drift';

/** Standard normal draws from a seeded generator (Box-Muller). */
function normals(n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
}

/** x and y standard normal with correlation rho, plus an unrelated three-level category. */
function correlated(n: number, rho: number, seed: number): FeatureColumn[] {
  const x = normals(n, seed);
  const e = normals(n, seed + 1);
  const y = x.map((v, i) => rho * v + Math.sqrt(1 - rho * rho) * e[i]);
  const random = mulberry32(seed + 2);
  const site = Array.from({ length: n }, () => ['north', 'south', 'east'][Math.floor(random() * 3)]);
  return [
    { name: 'x', kind: 'numeric', values: x },
    { name: 'y', kind: 'numeric', values: y },
    { name: 'site', kind: 'categorical', values: site },
  ];
}

const options = (seed = 7, extra: Partial<MultivariateOptions> = {}): MultivariateOptions => ({ seed, checkCancelled: () => {}, ...extra });

function result(r: MultivariateDrift | { skipped: string }): MultivariateDrift {
  if ('skipped' in r) throw new Error(`expected a result, got skipped: ${r.skipped}`);
  return r;
}

function sample(c: FeatureColumn): ColumnSample {
  if (c.kind === 'numeric') return { kind: 'numeric', values: c.values, nulls: 0 };
  return { kind: 'categorical', values: c.values.filter((v): v is string => v !== null), nulls: 0 };
}

describe('multivariateDrift', () => {
  it('catches a flipped correlation that leaves every column, tested alone, without drift', () => {
    const reference = correlated(1500, 0.8, 1);
    const current = correlated(1500, -0.8, 100);
    for (let i = 0; i < reference.length; i++) {
      const verdict = columnDrift({ column: reference[i].name, type: reference[i].kind === 'numeric' ? 'numeric' : 'categorical', reference: sample(reference[i]), current: sample(current[i]) });
      expect(verdict.drift, `${reference[i].name} alone`).toBe(false);
    }
    const r = result(multivariateDrift(reference, current, options()));
    expect(r.auc).toBeGreaterThan(0.8);
    expect(r.auc).toBeGreaterThan(r.baselineUpper);
    expect(r.baselineMean).toBeGreaterThan(0.4);
    expect(r.baselineMean).toBeLessThan(0.6);
    // no permutation comes near, so the p-value is the smallest ten permutations allow
    expect(r.pValue).toBeCloseTo(1 / (PERMUTATIONS + 1), 12);
    expect(r.drift).toBe(true);
    expect(r.rowsPerSide).toBe(1500);
    expect(r.permutations).toBe(PERMUTATIONS);
    // the classifier leans on the two columns whose relation changed, not on the unrelated category
    expect(r.topFeatures.slice(0, 2).map((f) => f.feature).sort()).toEqual(['x', 'y']);
    expect(r.topFeatures.find((f) => f.feature === 'site')?.importance ?? 0).toBeLessThan(0.1);
    expect(r.topFeatures.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
  });

  it('does not flag two samples of the same distribution', () => {
    const r = result(multivariateDrift(correlated(1500, 0.8, 1), correlated(1500, 0.8, 100), options()));
    expect(r.auc).toBeLessThan(MIN_DRIFT_AUC);
    expect(r.drift).toBe(false);
    expect(r.pValue).toBeGreaterThan(0.05);
  });

  it('gives the identical result for the same seed, and another draw for another seed', () => {
    const reference = correlated(800, 0.5, 3);
    const current = correlated(800, 0.3, 300);
    const a = multivariateDrift(reference, current, options(42));
    const b = multivariateDrift(reference, current, options(42));
    const c = result(multivariateDrift(reference, current, options(43)));
    expect(b).toEqual(a);
    expect(c.baselineMean).not.toBe(result(a).baselineMean);
  });

  it('skips a side with fewer than 20 rows, naming the side, and runs at exactly 20', () => {
    expect(multivariateDrift(correlated(500, 0.5, 1), correlated(19, 0.5, 2), options())).toEqual({
      skipped: 'the current data has 19 rows; the domain classifier needs at least 20 on each side',
    });
    expect(multivariateDrift(correlated(1, 0.5, 1), correlated(500, 0.5, 2), options())).toEqual({
      skipped: 'the reference has 1 row; the domain classifier needs at least 20 on each side',
    });
    expect(result(multivariateDrift(correlated(20, 0.5, 1), correlated(500, 0.5, 2), options())).rowsPerSide).toBe(20);
  });

  it('ignores text columns, even one that tells the sides apart perfectly, and skips when only text is left', () => {
    const note = (n: number, word: string): FeatureColumn => ({ name: 'note', kind: 'text', values: Array.from({ length: n }, (_, i) => `${word} visit ${i}`) });
    const reference = [...correlated(600, 0.5, 1), note(600, 'routine')];
    const current = [...correlated(600, 0.5, 100), note(600, 'emergency')];
    const r = result(multivariateDrift(reference, current, options()));
    expect(r.drift).toBe(false);
    expect(r.topFeatures.map((f) => f.feature)).not.toContain('note');
    expect(multivariateDrift([note(600, 'routine')], [note(600, 'emergency')], options())).toEqual({
      skipped: 'no numeric or categorical column to compare (text columns are not used by the domain classifier)',
    });
  });

  it('draws the same number of rows from each side, at most ROWS_PER_SIDE', () => {
    const r = result(multivariateDrift(correlated(ROWS_PER_SIDE + 700, 0.5, 1), correlated(ROWS_PER_SIDE + 50, 0.5, 2), options()));
    expect(r.rowsPerSide).toBe(ROWS_PER_SIDE);
    expect(result(multivariateDrift(correlated(300, 0.5, 1), correlated(120, 0.5, 2), options())).rowsPerSide).toBe(120);
  });

  it('refuses columns that are not on both sides or differ in kind, naming the column', () => {
    const reference = correlated(100, 0.5, 1);
    const missing = errorOf(() => multivariateDrift(reference, correlated(100, 0.5, 2).slice(0, 2), options()));
    expect(missing).toMatchObject({ code: 'BAD_INPUT', where: { field: 'site' } });
    expect(missing.message).toContain("'site'");
    const extra = [...correlated(100, 0.5, 2), { name: 'z', kind: 'numeric' as const, values: new Float64Array(100) }];
    expect(errorOf(() => multivariateDrift(reference, extra, options()))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'z' } });
    const retyped = correlated(100, 0.5, 2).map((c): FeatureColumn => (c.name === 'x' ? { name: 'x', kind: 'categorical', values: Array(100).fill('a') } : c));
    expect(errorOf(() => multivariateDrift(reference, retyped, options()))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'x' } });
  });

  it('reports progress up to 1 and stops at the first cancellation check that throws', () => {
    const fractions: number[] = [];
    const r = multivariateDrift(correlated(300, 0.5, 1), correlated(300, 0.5, 2), options(7, { progress: (f) => fractions.push(f) }));
    expect('skipped' in r).toBe(false);
    expect(fractions).toHaveLength(FOLDS * (PERMUTATIONS + 1));
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1])).toBe(true);
    expect(fractions[fractions.length - 1]).toBe(1);

    let checks = 0;
    const cancelled = new Error('cancelled');
    const steps: number[] = [];
    const cancel = () => {
      if (++checks > 30) throw cancelled;
    };
    expect(() => multivariateDrift(correlated(300, 0.5, 1), correlated(300, 0.5, 2), options(7, { checkCancelled: cancel, progress: (f) => steps.push(f) }))).toThrow(cancelled);
    expect(steps.length).toBeLessThan(FOLDS);
  });
});
