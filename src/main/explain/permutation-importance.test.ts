import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from '../training/model-types';
import type { ScoreFn } from './black-box';
import fixture from './fixtures/permutation-fixtures.json';
import { drawPermutations, IMPORTANCE_METRICS, permutationImportance } from './permutation-importance';

const columns: FeatureColumn[] = fixture.X[0].map((_, j) => ({ name: `x${j}`, kind: 'numeric', values: Float64Array.from(fixture.X, (row) => row[j]) }));
const permutations = fixture.permutations.map((p) => Int32Array.from(p));

/** The fixture's fitted sklearn model, scored here from its coefficients: identity for regression, sigmoid for logistic. */
function linearModel(coef: number[], intercept: number, link: (z: number) => number): ScoreFn {
  return async (cols) => {
    const out = new Float64Array(cols[0].values.length);
    for (let r = 0; r < out.length; r++) {
      let z = intercept;
      cols.forEach((c, j) => {
        if (c.kind !== 'numeric') throw new Error('numeric columns only');
        z += coef[j] * c.values[r];
      });
      out[r] = link(z);
    }
    return out;
  };
}

const metricNames = { r2: 'r2', neg_mean_squared_error: 'neg_mean_squared_error', roc_auc: 'roc_auc', neg_log_loss: 'neg_log_loss', accuracy: 'accuracy' } as const;

describe.each(fixture.cases)('permutationImportance on "$name"', (c) => {
  const logistic = c.name.startsWith('logistic');
  const y = Float64Array.from(logistic ? fixture.yBinary : fixture.yRegression);
  const model = linearModel(c.coef, c.intercept, logistic ? (z) => 1 / (1 + Math.exp(-z)) : (z) => z);
  const metric = IMPORTANCE_METRICS[metricNames[c.scoring as keyof typeof metricNames]];

  // 1e-12: the same model and the same shuffles; only the order of floating-point sums differs from numpy's
  it("matches scikit-learn 1.2's baseline, every repeat's drop, mean and std with sklearn's own row permutations", async () => {
    const result = await permutationImportance(columns, y, model, metric, { repeats: fixture.repeats, seed: 0, permutations });
    expect(Math.abs(result.baseline - c.baseline)).toBeLessThan(1e-12);
    result.columns.forEach((col, j) => {
      col.drops.forEach((d, r) => expect(Math.abs(d - c.importances[j][r]), `${col.name} repeat ${r}`).toBeLessThan(1e-12));
      expect(Math.abs(col.mean - c.importancesMean[j]), `${col.name} mean`).toBeLessThan(1e-12);
      expect(Math.abs(col.std - c.importancesStd[j]), `${col.name} std`).toBeLessThan(1e-12);
    });
  });
});

describe('permutationImportance', () => {
  const y = Float64Array.from(fixture.yRegression);
  const reg = fixture.cases[0];
  const model = linearModel(reg.coef, reg.intercept, (z) => z);

  it('gives a column the model ignores exactly zero importance, and ranks the heavy coefficient first', async () => {
    const ignoring = linearModel([reg.coef[0], reg.coef[1], 0, reg.coef[3]], reg.intercept, (z) => z);
    const result = await permutationImportance(columns, y, ignoring, IMPORTANCE_METRICS.r2, { repeats: 4, seed: 9 });
    expect(result.columns[2]).toMatchObject({ mean: 0, std: 0, drops: [0, 0, 0, 0] });
    const ranked = [...result.columns].sort((a, b) => b.mean - a.mean);
    expect(ranked[0].name).toBe('x0');
  });

  it('draws seeded permutations: the same seed gives the same result, another seed a different one, each a true permutation', async () => {
    const a = drawPermutations(80, 3, 5);
    expect(drawPermutations(80, 3, 5)).toEqual(a);
    expect(drawPermutations(80, 3, 6)).not.toEqual(a);
    for (const p of a) expect(Array.from(p).sort((u, v) => u - v)).toEqual(Array.from({ length: 80 }, (_, i) => i));
    const one = await permutationImportance(columns, y, model, IMPORTANCE_METRICS.r2, { repeats: 3, seed: 5 });
    const two = await permutationImportance(columns, y, model, IMPORTANCE_METRICS.r2, { repeats: 3, seed: 5, permutations: a });
    expect(one).toEqual(two);
  });

  it('scores repeats together within batchRows and gets the same drops as one call per repeat', async () => {
    const sizes: number[] = [];
    const counting: ScoreFn = async (c) => {
      sizes.push(c[0].values.length);
      return model(c);
    };
    const one = await permutationImportance(columns, y, model, IMPORTANCE_METRICS.r2, { repeats: 5, seed: 2, batchRows: 80 });
    const stacked = await permutationImportance(columns, y, counting, IMPORTANCE_METRICS.r2, { repeats: 5, seed: 2, batchRows: 160 });
    expect(stacked).toEqual(one);
    // the baseline, then per column two calls of 2 repeats and one of 1
    expect(sizes).toEqual([80, ...Array.from({ length: 4 }, () => [160, 160, 80]).flat()]);
  });

  it('shuffles categorical columns too, reports progress per model call and stops when cancelled', async () => {
    const cat: FeatureColumn = { name: 'site', kind: 'categorical', values: Array.from({ length: 80 }, (_, i) => (i < 40 ? 'a' : null)) };
    const bySite: ScoreFn = async (cols) => {
      const site = cols[1];
      if (site.kind === 'numeric') throw new Error('site must stay categorical');
      return Float64Array.from(site.values, (v) => (v === 'a' ? 1 : 0));
    };
    const yCat = Float64Array.from({ length: 80 }, (_, i) => (i < 40 ? 1 : 0));
    const fractions: number[] = [];
    const result = await permutationImportance([columns[0], cat], yCat, bySite, IMPORTANCE_METRICS.accuracy, { repeats: 2, seed: 1, batchRows: 80, progress: (f) => fractions.push(f) });
    expect(result.baseline).toBe(1);
    expect(result.columns[0].mean).toBe(0);
    expect(result.columns[1].mean).toBeGreaterThan(0.3);
    expect(fractions).toEqual([0.25, 0.5, 0.75, 1]);
    let calls = 0;
    const cancelAfterTwo = () => {
      if (++calls > 2) throw new Error('JOB_CANCELLED');
    };
    await expect(permutationImportance(columns, y, model, IMPORTANCE_METRICS.r2, { repeats: 2, seed: 1, batchRows: 80, checkCancelled: cancelAfterTwo })).rejects.toThrow('JOB_CANCELLED');
  });

  it('refuses a target of the wrong length, zero repeats, and a model that answers with too few scores', async () => {
    const opts = { repeats: 2, seed: 1 };
    await expect(permutationImportance(columns, y.subarray(1), model, IMPORTANCE_METRICS.r2, opts)).rejects.toThrow('target has 79 values but the columns have 80 rows');
    await expect(permutationImportance(columns, y, model, IMPORTANCE_METRICS.r2, { repeats: 0, seed: 1 })).rejects.toThrow('at least one repeat');
    await expect(permutationImportance(columns, y, async () => new Float64Array(3), IMPORTANCE_METRICS.r2, opts)).rejects.toThrow('returned 3 scores for 80 rows');
    await expect(permutationImportance(columns, new Float64Array(80), model, IMPORTANCE_METRICS.roc_auc, opts)).rejects.toThrow('both classes');
  });
});
