import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MultivariateDrift } from '../../shared/monitoring';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject } from '../datasets/test-project';
import { openDatasetColumns } from '../experiments/dataset-columns';
import { errorOf } from '../test-support/app-error-of';
import type { FeatureColumn } from '../training/model-types';
import { mulberry32, type Fold } from '../training/splits';
import { columnDrift, type ColumnSample } from './column-drift';
import { CLASSIFIER, FOLDS, MAX_PERMUTATIONS, MIN_DRIFT_AUC, MIN_PERMUTATIONS, MIN_ROWS_PER_SIDE, ROWS_PER_SIDE, heldOutAuc, multivariateDrift, type MultivariateOptions } from './multivariate-drift';

type Random = () => number;

/** A standard normal draw (Box-Muller). Each case draws both sides from one generator, so the sides are independent samples. */
const normal = (random: Random): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const numeric = (name: string, values: Float64Array): FeatureColumn => ({ name, kind: 'numeric', values });

/** x and y standard normal with correlation rho, plus an unrelated three-level category. */
function correlated(n: number, rho: number, random: Random): FeatureColumn[] {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const site: string[] = [];
  for (let i = 0; i < n; i++) {
    x[i] = normal(random);
    y[i] = rho * x[i] + Math.sqrt(1 - rho * rho) * normal(random);
    site.push(['north', 'south', 'east'][Math.floor(random() * 3)]);
  }
  return [numeric('x', x), numeric('y', y), { name: 'site', kind: 'categorical', values: site }];
}

const options = (seed = 7, extra: Partial<MultivariateOptions> = {}): MultivariateOptions => ({ seed, checkCancelled: () => {}, ...extra });

function result(r: MultivariateDrift | { skipped: string }): MultivariateDrift {
  if ('skipped' in r) throw new Error(`expected a result, got skipped: ${r.skipped}`);
  return r;
}

/** What the report's per-column test says about each column alone (non-finite numbers and nulls left out, as the report reads them). */
function perColumnDrift(reference: FeatureColumn[], current: FeatureColumn[]): Record<string, { drift: boolean; missingDrift: boolean }> {
  const sample = (c: FeatureColumn): ColumnSample => {
    if (c.kind === 'numeric') {
      const values = c.values.filter((v) => Number.isFinite(v));
      return { kind: 'numeric', values, nulls: c.values.length - values.length };
    }
    const values = c.values.filter((v): v is string => v !== null);
    return { kind: 'categorical', values, nulls: c.values.length - values.length };
  };
  return Object.fromEntries(
    reference.map((r, i) => {
      const v = columnDrift({ column: r.name, type: r.kind === 'numeric' ? 'numeric' : 'categorical', reference: sample(r), current: sample(current[i]) });
      return [r.name, { drift: v.drift, missingDrift: v.missingDrift }];
    }),
  );
}

const noDrift = { drift: false, missingDrift: false };

describe('multivariateDrift', () => {
  it('catches a flipped correlation that leaves every column, tested alone, without drift', () => {
    const random = mulberry32(11);
    const reference = correlated(400, 0.8, random);
    const current = correlated(400, -0.8, random);
    expect(perColumnDrift(reference, current)).toEqual({ x: noDrift, y: noDrift, site: noDrift });
    const r = result(multivariateDrift(reference, current, options()));
    expect(r.auc).toBeGreaterThan(0.8);
    expect(r.auc).toBeGreaterThan(r.baselineUpper);
    expect(Math.abs(r.baselineMean - 0.5)).toBeLessThan(0.02);
    // no permutation comes near the real AUC, so the p-value is the smallest the permutations allow
    expect(r.pValue).toBeCloseTo(1 / (r.permutations + 1), 12);
    expect(r.drift).toBe(true);
    expect(r.rowsPerSide).toBe(400);
    // the classifier leans on the two columns whose relation changed, not on the unrelated category
    expect(r.topFeatures.slice(0, 2).map((f) => f.feature).sort()).toEqual(['x', 'y']);
    expect(r.topFeatures.find((f) => f.feature === 'site')?.importance ?? 0).toBeLessThan(0.1);
    expect(r.topFeatures.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
  });

  it('catches a category whose relation to a number swapped, and names both columns', () => {
    const random = mulberry32(12);
    const side = (n: number, highSite: string): FeatureColumn[] => {
      // exactly half each, so the dose's marginal is the same two-bump mixture on both sides
      const site = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'north' : 'south'));
      return [{ name: 'site', kind: 'categorical', values: site }, numeric('dose', Float64Array.from(site, (s) => normal(random) + (s === highSite ? 1 : -1)))];
    };
    const reference = side(400, 'north');
    const current = side(400, 'south');
    expect(perColumnDrift(reference, current)).toEqual({ site: noDrift, dose: noDrift });
    const r = result(multivariateDrift(reference, current, options()));
    expect(r.drift).toBe(true);
    expect(r.auc).toBeGreaterThan(0.8);
    expect(r.topFeatures.map((f) => f.feature).sort()).toEqual(['dose', 'site']);
  });

  it('catches values going missing in one column whenever another is high, with the missing rate itself unchanged', () => {
    const random = mulberry32(13);
    const n = 400;
    const side = (missingWhenHigh: boolean): FeatureColumn[] => {
      const load = Float64Array.from({ length: n }, () => normal(random));
      // 20% missing either way: at random in the reference, exactly where load is in its top fifth in the current data
      const ph = Float64Array.from(load, (l) => ((missingWhenHigh ? l > 0.8416 : random() < 0.2) ? NaN : 7 + normal(random) / 4));
      return [numeric('load', load), numeric('ph', ph)];
    };
    const reference = side(false);
    const current = side(true);
    expect(perColumnDrift(reference, current)).toEqual({ load: noDrift, ph: noDrift });
    const r = result(multivariateDrift(reference, current, options()));
    expect(r.drift).toBe(true);
    expect(r.auc).toBeGreaterThan(0.6);
  });

  it('does not flag two samples of the same distribution, and centres the permutation baseline on chance', () => {
    const random = mulberry32(14);
    const r = result(multivariateDrift(correlated(400, 0.8, random), correlated(400, 0.8, random), options()));
    expect(r.auc).toBeLessThan(MIN_DRIFT_AUC);
    expect(r.drift).toBe(false);
    expect(r.pValue).toBeGreaterThan(0.05);
    // 50 permutations whose AUCs spread about 0.03: their mean lies within 0.01 of 0.5 unless the baseline is biased
    expect(r.permutations).toBe(MAX_PERMUTATIONS);
    expect(Math.abs(r.baselineMean - 0.5)).toBeLessThan(0.01);
  });

  it('gives the identical result for the same seed, and another draw for another seed', () => {
    const random = mulberry32(16);
    const reference = correlated(150, 0.5, random);
    const current = correlated(150, 0.3, random);
    const a = multivariateDrift(reference, current, options(42));
    expect(multivariateDrift(reference, current, options(42))).toEqual(a);
    expect(result(multivariateDrift(reference, current, options(43))).baselineMean).not.toBe(result(a).baselineMean);
  });

  it('skips a side with fewer than MIN_ROWS_PER_SIDE rows, naming the side, and runs at exactly that many', () => {
    const random = mulberry32(18);
    expect(MIN_ROWS_PER_SIDE).toBe(30);
    expect(multivariateDrift(correlated(500, 0.5, random), correlated(29, 0.5, random), options())).toEqual({
      skipped: 'the current data has 29 rows; the domain classifier needs at least 30 on each side',
    });
    expect(multivariateDrift(correlated(1, 0.5, random), correlated(500, 0.5, random), options())).toEqual({
      skipped: 'the reference has 1 row; the domain classifier needs at least 30 on each side',
    });
    expect(multivariateDrift(correlated(0, 0.5, random), correlated(0, 0.5, random), options())).toEqual({
      skipped: 'the reference has 0 rows; the domain classifier needs at least 30 on each side',
    });
    expect(result(multivariateDrift(correlated(30, 0.5, random), correlated(500, 0.5, random), options())).rowsPerSide).toBe(30);
  });

  it('ignores text columns, even one that tells the sides apart perfectly, and skips when only text is left', () => {
    const random = mulberry32(19);
    const note = (n: number, word: string): FeatureColumn => ({ name: 'note', kind: 'text', values: Array.from({ length: n }, (_, i) => `${word} visit ${i}`) });
    const reference = [...correlated(300, 0.5, random), note(300, 'routine')];
    const current = [...correlated(300, 0.5, random), note(300, 'emergency')];
    const r = result(multivariateDrift(reference, current, options()));
    expect(r.drift).toBe(false);
    expect(r.topFeatures.map((f) => f.feature)).not.toContain('note');
    expect(multivariateDrift([note(600, 'routine')], [note(600, 'emergency')], options())).toEqual({
      skipped: 'no numeric or categorical column to compare (text columns are not used by the domain classifier)',
    });
  });

  it('reports chance (AUC 0.5, no features, no drift) when every column is constant, null or infinite on both sides alike', () => {
    const side = (): FeatureColumn[] => [
      numeric('constant', new Float64Array(200).fill(3)),
      numeric('empty', new Float64Array(200).fill(NaN)),
      numeric('overflow', new Float64Array(200).fill(Infinity)),
      { name: 'label', kind: 'categorical', values: Array<string | null>(200).fill(null) },
    ];
    const r = result(multivariateDrift(side(), side(), options()));
    expect(r).toMatchObject({ auc: 0.5, baselineMean: 0.5, baselineUpper: 0.5, pValue: 1, drift: false, topFeatures: [] });
  });

  it('calls a shift that beats the baseline but stays under the AUC floor no drift, on ROWS_PER_SIDE rows a side and 10 permutations', () => {
    const random = mulberry32(20);
    // one column moved by 0.15 of its spread: real (every permutation loses), but no classifier ranks even 55% of row pairs right (the best, the column itself, reaches 0.54)
    const column = (n: number, shift: number) => [numeric('x', Float64Array.from({ length: n }, () => normal(random) + shift))];
    const r = result(multivariateDrift(column(ROWS_PER_SIDE + 700, 0), column(ROWS_PER_SIDE + 50, 0.15), options()));
    expect(r).toMatchObject({ rowsPerSide: ROWS_PER_SIDE, permutations: MIN_PERMUTATIONS, pValue: 1 / (MIN_PERMUTATIONS + 1), drift: false });
    expect(r.auc).toBeGreaterThan(r.baselineUpper);
    expect(r.auc).toBeLessThan(MIN_DRIFT_AUC);
  });

  it('draws the same number of rows from each side: as many as the smaller side has', () => {
    const random = mulberry32(23);
    const r = result(multivariateDrift(correlated(300, 0.5, random), correlated(120, 0.5, random), options()));
    expect(r).toMatchObject({ rowsPerSide: 120, permutations: MAX_PERMUTATIONS });
  });

  it('refuses columns that are not on both sides, differ in kind or in length, naming the column', () => {
    const random = mulberry32(21);
    const reference = correlated(100, 0.5, random);
    const current = correlated(100, 0.5, random);
    const missing = errorOf(() => multivariateDrift(reference, current.slice(0, 2), options()));
    expect(missing).toMatchObject({ code: 'BAD_INPUT', where: { field: 'site' } });
    expect(missing.message).toBe("Column 'site' is in the reference but not in the current data given to the domain classifier.");
    expect(errorOf(() => multivariateDrift(reference, [...current, numeric('z', new Float64Array(100))], options()))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'z' } });
    const retyped = current.map((c): FeatureColumn => (c.name === 'x' ? { name: 'x', kind: 'categorical', values: Array<string>(100).fill('a') } : c));
    expect(errorOf(() => multivariateDrift(reference, retyped, options()))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'x' } });
    const ragged = current.map((c) => (c.name === 'y' ? numeric('y', new Float64Array(99)) : c));
    expect(errorOf(() => multivariateDrift(reference, ragged, options()))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'y' } });
  });

  it('reports progress rising to 1 and stops at the first cancellation check that throws', () => {
    const random = mulberry32(22);
    const reference = correlated(300, 0.5, random);
    const current = correlated(300, 0.5, random);
    const fractions: number[] = [];
    const r = result(multivariateDrift(reference, current, options(7, { progress: (f) => fractions.push(f) })));
    expect(fractions).toHaveLength(FOLDS * (r.permutations + 1));
    expect(fractions.every((f, i) => i === 0 || f > fractions[i - 1])).toBe(true);
    expect(fractions[fractions.length - 1]).toBe(1);

    let checks = 0;
    const cancelled = new Error('cancelled');
    const steps: number[] = [];
    const cancel = () => {
      if (++checks > 30) throw cancelled;
    };
    expect(() => multivariateDrift(reference, current, options(7, { checkCancelled: cancel, progress: (f) => steps.push(f) }))).toThrow(cancelled);
    // the trees check once per round (40 a model), so the 31st check falls inside the first fold's model
    expect(steps).toEqual([]);
  });
});

describe('multivariateDrift on stored dataset versions', () => {
  it('catches a flipped correlation in two imported CSVs, reading booleans, empty cells and categories as the datasets store them', async () => {
    const p = tempProject();
    try {
      const random = mulberry32(30);
      const csv = (rho: number): string => {
        const lines = ['x,y,checked,site'];
        for (let i = 0; i < 400; i++) {
          const x = normal(random);
          const y = rho * x + Math.sqrt(1 - rho * rho) * normal(random);
          // every 7th site is empty (a null), the flag is a true/false column with no bearing on the sides
          lines.push(`${x.toFixed(5)},${y.toFixed(5)},${random() < 0.3},${i % 7 === 0 ? '' : ['north', 'south'][i % 2]}`);
        }
        return lines.join('\n') + '\n';
      };
      for (const [name, rho] of [['reference', 0.8], ['current', -0.8]] as const) {
        const file = p.file(`${name}.csv`, csv(rho));
        await importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
      }
      const ref = openDatasetColumns(p.store, 'reference', 1);
      const cur = openDatasetColumns(p.store, 'current', 1);
      expect(ref.schema.map((c) => c.type)).toEqual(['numeric', 'numeric', 'boolean', 'categorical']);
      const read = (d: typeof ref) => d.schema.map((c) => d.read(c.name));
      const r = result(multivariateDrift(read(ref), read(cur), options()));
      expect(r).toMatchObject({ drift: true, rowsPerSide: 400 });
      expect(r.topFeatures.slice(0, 2).map((f) => f.feature).sort()).toEqual(['x', 'y']);
    } finally {
      p.cleanup();
    }
  });
});

interface ClassifierCase {
  name: string;
  features: number;
  X: (number | null)[][];
  labels: number[];
  folds: number[][];
  auc: number;
}
const sklearn: { params: Record<string, number | boolean>; cases: ClassifierCase[] } = JSON.parse(readFileSync(new URL('./fixtures/domain-classifier-fixtures.json', import.meta.url), 'utf8'));

describe("the domain classifier against scikit-learn's HistGradientBoostingClassifier with the same parameters, rows and folds", () => {
  it('was given the parameters the domain classifier trains with', () => {
    const { maxIter, learningRate, maxDepth, maxLeafNodes, minSamplesLeaf, maxBins } = CLASSIFIER;
    expect(sklearn.params).toEqual({ max_iter: maxIter, learning_rate: learningRate, max_depth: maxDepth, max_leaf_nodes: maxLeafNodes, min_samples_leaf: minSamplesLeaf, max_bins: maxBins, early_stopping: false });
  });

  for (const c of sklearn.cases) {
    // On these rows our trees grow the same splits as sklearn's, so the pooled held-out scores rank the rows
    // identically: the AUCs agree to rounding (1e-9 leaves room for another summation order in the leaves).
    it(`reaches sklearn's held-out ROC AUC on "${c.name}"`, () => {
      const X = Float64Array.from(c.X.flat(), (v) => v ?? NaN);
      const n = c.labels.length;
      const folds: Fold[] = c.folds.map((test) => {
        const held = new Set(test);
        return { train: Int32Array.from({ length: n }, (_, i) => i).filter((i) => !held.has(i)), test: Int32Array.from(test) };
      });
      expect(heldOutAuc(X, c.features, Int32Array.from(c.labels), folds, () => {}).auc).toBeCloseTo(c.auc, 9);
    });
  }
});
