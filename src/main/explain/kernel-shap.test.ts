import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../training/splits';
import type { FeatureColumn } from '../training/model-types';
import { pickRows, type ScoreFn } from './black-box';
import { drawCoalitions, kernelShap } from './kernel-shap';
import type { Background } from './kmeans';

type Cell = number | string | null;

/** A row-wise model turned into a ScoreFn, counting the rows it scored. */
function blackBox(f: (row: Cell[]) => number): ScoreFn & { rows: number } {
  const fn = Object.assign(
    async (cols: FeatureColumn[]) => {
      const n = cols[0].values.length;
      fn.rows += n;
      return Float64Array.from({ length: n }, (_, r) => f(cols.map((c) => c.values[r])));
    },
    { rows: 0 },
  );
  return fn;
}

function normalColumns(rows: number, features: number, seed: number): FeatureColumn[] {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: features }, (_, j) => ({ name: `x${j}`, kind: 'numeric' as const, values: Float64Array.from({ length: rows }, () => Math.round(normal() * 100) / 100 + j) }));
}

function numbers(column: FeatureColumn): Float64Array {
  if (column.kind !== 'numeric') throw new Error(`expected a numeric column, got ${column.kind}`);
  return column.values;
}

function num(v: Cell): number {
  if (typeof v !== 'number') throw new Error(`expected a number, got ${v}`);
  return v;
}

/** phi_j = sum over S not holding j of |S|!(M-|S|-1)!/M! (v(S+j) - v(S)), v(S) the background-weighted mean score. */
function exactShapley(f: (row: Cell[]) => number, x: Cell[], background: Background): number[] {
  const m = x.length;
  const bg = Array.from(background.weights, (_, k) => background.columns.map((c) => c.values[k]));
  const total = background.weights.reduce((a, b) => a + b, 0);
  const v = (set: number) => bg.reduce((acc, b, k) => acc + (background.weights[k] * f(b.map((bv, j) => (set & (1 << j) ? x[j] : bv)))) / total, 0);
  const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
  return x.map((_, j) => {
    let phi = 0;
    for (let set = 0; set < 1 << m; set++) {
      if (set & (1 << j)) continue;
      const size = set.toString(2).split('1').length - 1;
      phi += ((fact(size) * fact(m - size - 1)) / fact(m)) * (v(set | (1 << j)) - v(set));
    }
    return phi;
  });
}

describe('kernelShap against closed-form and exact Shapley values', () => {
  const w = [1.5, -2, 0.5, 3, -0.25];
  const linear = (row: Cell[]) => 0.7 + row.reduce<number>((a, v, j) => a + w[j] * num(v), 0);
  const columns = normalColumns(300, 5, 17);
  const rows = [0, 7, 42, 299];

  // additive model: v(S) is exactly linear in the mask, so any full-rank set of coalitions recovers it to rounding
  for (const samples of [30, 14]) {
    it(`gives phi_j = w_j (x_j - E_background[x_j]) for a linear model with a k-means background, ${samples === 30 ? 'every coalition enumerated' : 'coalitions sampled'}, to 1e-9`, async () => {
      const result = await kernelShap(columns, rows, blackBox(linear), { background: { k: 6 }, samples, seed: 3 });
      const bgMean = result.background.columns.map((c) => numbers(c).reduce((a, v, k) => a + v * result.background.weights[k], 0));
      for (const r of result.rows) {
        r.values.forEach((phi, j) => expect(Math.abs(phi - w[j] * (num(columns[j].values[r.row]) - bgMean[j])), `row ${r.row} x${j}`).toBeLessThan(1e-9));
      }
      expect(result.background.weights.length).toBe(6);
    });
  }

  // six columns: with four or fewer, kernels other than Shapley's that weigh a size and its complement alike give the same answer
  const interacting = (row: Cell[]) =>
    num(row[0]) * num(row[1]) + Math.sin(num(row[2])) + (num(row[3]) * num(row[4]) * num(row[0])) / 3 + (row[5] === 'b' ? 2 * num(row[0]) : row[5] === null ? -1 : 0);
  const mixed: FeatureColumn[] = [...normalColumns(40, 5, 5), { name: 'site', kind: 'categorical', values: Array.from({ length: 40 }, (_, i) => ['a', 'b', null][i % 3]) }];
  const background: Background = { columns: mixed.map((c) => pickRows(c, [0, 1, 2, 3, 4])), weights: Float64Array.from([1, 2, 3, 1, 3]) };

  it('equals the exact Shapley values of a model with interactions and a categorical column when every coalition is enumerated, to 1e-10', async () => {
    const result = await kernelShap(mixed, [10, 20, 33], blackBox(interacting), { background, seed: 1 });
    for (const r of result.rows) {
      const exact = exactShapley(interacting, mixed.map((c) => c.values[r.row]), background);
      r.values.forEach((phi, j) => expect(Math.abs(phi - exact[j]), `row ${r.row} column ${j}`).toBeLessThan(1e-10));
    }
  });

  it('sums to prediction - base value on every row, and the base value is the weighted background mean score', async () => {
    const result = await kernelShap(mixed, [1, 2, 3, 4], blackBox(interacting), { background, samples: 12, seed: 8 });
    const bgScores = Array.from(background.weights, (_, k) => interacting(background.columns.map((c) => c.values[k])));
    expect(Math.abs(result.baseValue - bgScores.reduce((a, s, k) => a + background.weights[k] * s, 0) / 10)).toBeLessThan(1e-12);
    for (const r of result.rows) {
      expect(r.prediction).toBe(interacting(mixed.map((c) => c.values[r.row])));
      expect(Math.abs(r.values.reduce((a, b) => a + b, 0) - (r.prediction - result.baseValue))).toBeLessThan(1e-10);
    }
  });

  it('approaches the exact values with sampled coalitions on 8 columns with interactions (mean error under 5% of the spread)', async () => {
    const cols = normalColumns(60, 8, 23);
    const f = (row: Cell[]) => num(row[0]) * num(row[1]) - num(row[2]) * num(row[5]) + Math.tanh(num(row[7])) + row.reduce<number>((a, v) => a + 0.3 * num(v), 0);
    const bg: Background = { columns: cols.map((c) => pickRows(c, [0, 1, 2, 3])), weights: Float64Array.from([1, 1, 1, 1]) };
    const result = await kernelShap(cols, [30, 31], blackBox(f), { background: bg, samples: 120, seed: 4 });
    for (const r of result.rows) {
      const exact = exactShapley(f, cols.map((c) => c.values[r.row]), bg);
      const spread = Math.max(...exact.map(Math.abs));
      const err = exact.reduce((a, e, j) => a + Math.abs(e - r.values[j]), 0) / exact.length;
      expect(err / spread).toBeLessThan(0.05);
    }
  });
});

describe('kernelShap', () => {
  it('gives exactly zero to a column whose value equals every background row, and scores no coalitions for it', async () => {
    const cols: FeatureColumn[] = [
      { name: 'a', kind: 'numeric', values: Float64Array.from([1, 2, 3, 4]) },
      { name: 'same', kind: 'numeric', values: Float64Array.from([5, 5, 5, 5]) },
    ];
    const model = blackBox((row) => num(row[0]) * num(row[1]));
    const result = await kernelShap(cols, [3], model, { background: { columns: cols, weights: Float64Array.from([1, 1, 1, 1]) }, seed: 1 });
    expect(result.rows[0].values[1]).toBe(0);
    expect(result.rows[0].values[0]).toBeCloseTo(20 - 12.5, 12);
    // the background (4 rows) and the explained row (1): one varying column needs no coalition at all
    expect(model.rows).toBe(5);
  });

  it('reports mean |SHAP| per column, is deterministic for a seed, and batches coalitions within batchRows', async () => {
    const cols = normalColumns(50, 6, 2);
    const f = (row: Cell[]) => num(row[0]) * num(row[3]) + num(row[5]);
    const opts = { background: { k: 5 }, samples: 20, seed: 9 };
    const one = await kernelShap(cols, [0, 1, 2], blackBox(f), opts);
    const sizes: number[] = [];
    const counting: ScoreFn = async (c) => {
      sizes.push(c[0].values.length);
      return blackBox(f)(c);
    };
    const two = await kernelShap(cols, [0, 1, 2], counting, { ...opts, batchRows: 50 });
    expect(two.rows).toEqual(one.rows);
    expect(Math.max(...sizes.slice(2))).toBeLessThanOrEqual(50);
    one.meanAbs.forEach((m, j) => expect(m).toBeCloseTo(one.rows.reduce((a, r) => a + Math.abs(r.values[j]), 0) / 3, 12));
    // x1 never reaches the model: only sampling noise gives it anything, far below x5's plain additive term
    expect(one.meanAbs[1]).toBeLessThan(one.meanAbs[5] / 10);
  });

  it('plans coalitions as shap does: every one when the budget allows, complements paired, weights summing to 1', () => {
    const all = drawCoalitions(4, 100, mulberry32(1));
    expect(all).toHaveLength(14);
    expect(new Set(all.map((c) => c.mask.join(''))).size).toBe(14);
    expect(all.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 12);
    // Shapley kernel: (M-1) / (C(M,s) s (M-s)) per coalition, normalised; size 1 and size 3 coalitions weigh 3/(4*3)
    const bySize = (s: number) => all.filter((c) => c.mask.reduce((a, b) => a + b, 0) === s)[0].weight;
    expect(bySize(1) / bySize(2)).toBeCloseTo((3 / (4 * 3)) / (3 / (6 * 4)), 12);
    const sampled = drawCoalitions(10, 40, mulberry32(1));
    expect(sampled).toHaveLength(40);
    expect(sampled.reduce((a, c) => a + c.weight, 0)).toBeCloseTo(1, 12);
  });

  it('refuses too few samples to separate the columns, naming both counts', async () => {
    const cols = normalColumns(20, 6, 3);
    await expect(kernelShap(cols, [0], blackBox((row) => num(row[0]) * num(row[1])), { background: { k: 4 }, samples: 3, seed: 1 })).rejects.toThrow('3 coalitions cannot separate the contributions of 6 columns');
  });

  it('refuses a row that does not exist and a background with other columns', async () => {
    const cols = normalColumns(10, 2, 1);
    const f = blackBox((row) => num(row[0]));
    await expect(kernelShap(cols, [10], f, { background: { k: 2 }, seed: 1 })).rejects.toThrow('Row 10 is not among the 10 rows');
    await expect(kernelShap(cols, [0], f, { background: { columns: cols.slice(0, 1), weights: new Float64Array(10).fill(1) }, seed: 1 })).rejects.toThrow('same columns');
    await expect(kernelShap(cols, [0], f, { background: { columns: [cols[1], cols[0]], weights: new Float64Array(10).fill(1) }, seed: 1 })).rejects.toThrow('in the same order');
    await expect(kernelShap(cols, [0], f, { background: { columns: cols, weights: new Float64Array(3).fill(1) }, seed: 1 })).rejects.toThrow('weighted row');
  });
});
