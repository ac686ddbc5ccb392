import { describe, expect, it } from 'vitest';
import type { FeatureColumn } from '../training/model-types';
import type { ScoreFn } from './black-box';
import fixture from './fixtures/partial-dependence-fixtures.json';
import { mquantile, partialDependence } from './partial-dependence';

const columns: FeatureColumn[] = fixture.X[0].map((_, j) => ({ name: `x${j}`, kind: 'numeric', values: Float64Array.from(fixture.X, (row) => row[j]) }));

function numeric(c: FeatureColumn): Float64Array {
  if (c.kind !== 'numeric') throw new Error(`expected a numeric column, got ${c.kind}`);
  return c.values;
}

/** The fixture's fitted sklearn models, scored from their coefficients. */
const models: Record<string, ScoreFn> = {
  polynomial: async (cols) => {
    const { powers, coef, intercept } = fixture.polynomial;
    return Float64Array.from({ length: cols[0].values.length }, (_, r) =>
      powers.reduce((z, p, i) => z + coef[i] * p.reduce((term, power, j) => term * numeric(cols[j])[r] ** power, 1), intercept),
    );
  },
  logistic: async (cols) => {
    const { coef, intercept } = fixture.logistic;
    return Float64Array.from({ length: cols[0].values.length }, (_, r) => 1 / (1 + Math.exp(-cols.reduce((z, c, j) => z + coef[j] * numeric(c)[r], intercept))));
  },
};

describe.each(fixture.cases)('partialDependence on "$name"', (c) => {
  // 1e-12: the same models on the same grid; only the order of floating-point sums differs from numpy's
  it("matches scikit-learn 1.2's brute-force grid, average and every row's ICE line", async () => {
    const all = Array.from({ length: fixture.X.length }, (_, i) => i);
    const result = await partialDependence(columns, `x${c.feature}`, models[c.model], { grid: c.resolution, percentiles: [c.percentiles[0], c.percentiles[1]], iceRows: all, batchRows: 500 });
    expect(result.grid).toHaveLength(c.grid.length);
    result.grid.forEach((g, i) => expect(Math.abs(Number(g) - c.grid[i]), `grid ${i}`).toBeLessThan(1e-12));
    result.average.forEach((a, i) => expect(Math.abs(a - c.average[i]), `average ${i}`).toBeLessThan(1e-12));
    result.ice.forEach((line) => line.values.forEach((v, i) => expect(Math.abs(v - c.individual[line.row][i]), `row ${line.row} at ${i}`).toBeLessThan(1e-12)));
  });
});

describe('partialDependence', () => {
  it('sweeps a categorical column over its sorted categories, leaving missing out, and spreads a count of ICE rows evenly', async () => {
    const cols: FeatureColumn[] = [
      { name: 'size', kind: 'numeric', values: Float64Array.from([1, 2, 3, 4, 5, 6]) },
      { name: 'site', kind: 'categorical', values: ['b', 'a', null, 'c', 'a', 'b'] },
    ];
    const bonus: Record<string, number> = { a: 10, b: 20, c: 30 };
    const model: ScoreFn = async (c) => {
      const [size, site] = c;
      if (size.kind !== 'numeric' || site.kind !== 'categorical') throw new Error('kinds must survive the sweep');
      return Float64Array.from(size.values, (s, r) => s + (site.values[r] === null ? 0 : bonus[site.values[r] ?? '']));
    };
    const result = await partialDependence(cols, 'site', model, { iceRows: 3 });
    expect(result.grid).toEqual(['a', 'b', 'c']);
    expect(Array.from(result.average)).toEqual([13.5, 23.5, 33.5]);
    expect(result.ice.map((l) => l.row)).toEqual([0, 2, 4]);
    expect(Array.from(result.ice[1].values)).toEqual([13, 23, 33]);
  });

  it('batches grid points within batchRows, reports progress and stops when cancelled', async () => {
    const sizes: number[] = [];
    const counting: ScoreFn = async (c) => {
      sizes.push(c[0].values.length);
      return models.logistic(c);
    };
    const fractions: number[] = [];
    const result = await partialDependence(columns, 'x0', counting, { grid: [-1, 0, 1, 2, 3], batchRows: 250, progress: (f) => fractions.push(f) });
    expect(sizes).toEqual([240, 240, 120]);
    expect(fractions).toEqual([0.4, 0.8, 1]);
    expect(result.grid).toEqual([-1, 0, 1, 2, 3]);
    const cancel = () => {
      throw new Error('JOB_CANCELLED');
    };
    await expect(partialDependence(columns, 'x0', counting, { grid: 5, checkCancelled: cancel })).rejects.toThrow('JOB_CANCELLED');
  });

  it("computes scipy's mquantiles (alphap = betap = 0.4) at the ends and in between", () => {
    const sorted = Float64Array.from([1, 2, 4, 8, 16]);
    // scipy.stats.mstats.mquantiles([1, 2, 4, 8, 16], [0, 0.05, 0.5, 0.95, 1]) = [1, 1, 4, 16, 16]
    expect([0, 0.05, 0.5, 0.95, 1].map((p) => mquantile(sorted, p))).toEqual([1, 1, 4, 16, 16]);
    // aleph = 5 * 0.3 + 0.46 = 1.96: 0.04 of the way from the 1st to the 2nd value
    expect(mquantile(sorted, 0.3)).toBeCloseTo(1.96, 12);
  });

  it('refuses an unknown column, a text column, a one-point grid, reversed percentiles and an ICE row out of range', async () => {
    const text: FeatureColumn = { name: 'note', kind: 'text', values: Array.from({ length: fixture.X.length }, () => 'x') };
    await expect(partialDependence(columns, 'nope', models.logistic)).rejects.toThrow('no column nope');
    await expect(partialDependence([...columns, text], 'note', models.logistic)).rejects.toThrow('free text');
    await expect(partialDependence(columns, 'x0', models.logistic, { grid: 1 })).rejects.toThrow('at least 2 points');
    await expect(partialDependence(columns, 'x0', models.logistic, { percentiles: [0.9, 0.1] })).rejects.toThrow('Percentiles must satisfy');
    await expect(partialDependence(columns, 'x0', models.logistic, { iceRows: [120] })).rejects.toThrow('Row 120 is not among the 120 rows');
  });
});
