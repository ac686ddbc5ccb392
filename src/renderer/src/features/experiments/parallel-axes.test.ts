import { describe, expect, it } from 'vitest';
import { brushedMask, buildAxis, byImportance, goodness, importanceFor, layoutLabels, truncate, type AxisInput } from './parallel-axes';

/** a monospace stand-in for the canvas: 6 px a character */
const measure = (text: string) => text.length * 6;

/** label boxes that share a row and overlap horizontally, as pairs of indices */
function overlaps(layout: ReturnType<typeof layoutLabels>): [number, number][] {
  const boxes = layout.texts.map((t, i) => ({ row: layout.rows[i], left: layout.xs[i] - measure(t) / 2, right: layout.xs[i] + measure(t) / 2 }));
  return boxes.flatMap((a, i) => boxes.slice(i + 1).flatMap((b, k) => (a.row === b.row && a.right > b.left && b.right > a.left ? [[i, i + 1 + k] as [number, number]] : [])));
}

const GBDT_PARAMS = [
  'learning_rate',
  'max_leaf_nodes',
  'min_samples_leaf',
  'l2_regularization',
  'max_iter',
  'max_bins',
  'early_stopping',
  'validation_fraction',
  'n_iter_no_change',
  'class_weight',
  'interaction_cst',
  'categorical_features',
];

describe('buildAxis', () => {
  it('places numbers by value with the lowest at the bottom, and ticks the low, middle and high values', () => {
    const axis = buildAxis({ key: 'max_leaf_nodes', values: [15, 31, null, 63] });
    expect(axis.kind).toBe('numeric');
    expect(axis.log).toBe(false);
    expect(axis.positions).toEqual([0, 16 / 48, null, 1]);
    expect(axis.ticks.map((t) => t.text)).toEqual(['15', '39', '63']);
  });

  it('reads a positive range of two decades or more on a log scale, its middle tick at the geometric mean', () => {
    const axis = buildAxis({ key: 'learning_rate', values: [0.001, 0.01, 0.1] });
    expect(axis.log).toBe(true);
    expect(axis.positions[1]).toBeCloseTo(0.5, 12);
    expect(axis.ticks.map((t) => t.text)).toEqual(['0.001', '0.01', '0.1']);
  });

  it('spreads text values as sorted levels, one tick each, and keeps a single value in the middle', () => {
    const axis = buildAxis({ key: 'loss', values: ['log_loss', 'hinge', null, 'hinge', 'modified_huber'] });
    expect(axis.kind).toBe('categorical');
    expect(axis.ticks).toEqual([
      { at: 0, text: 'hinge' },
      { at: 0.5, text: 'log_loss' },
      { at: 1, text: 'modified_huber' },
    ]);
    expect(axis.positions).toEqual([0.5, 0, null, 0, 1]);
    expect(buildAxis({ key: 'c', values: [2, 2] }).positions).toEqual([0.5, 0.5]);
  });
});

describe('importance order', () => {
  // 40 runs: the metric follows learning_rate closely and the booster a little; max_bins and seed do nothing
  const runs = Array.from({ length: 40 }, (_, i) => ({ lr: 10 ** (-3 + ((i * 7) % 40) / 13), booster: i % 3 === 0 ? 'dart' : 'gbtree', bins: 32 + ((i * 13) % 5) * 32, seed: (i * 17) % 23 }));
  const metric = runs.map((r) => (Math.log10(r.lr) + 1.5) ** 2 + (r.booster === 'dart' ? 0.3 : 0));
  const params: AxisInput[] = [
    { key: 'max_bins', values: runs.map((r) => r.bins) },
    { key: 'booster', values: runs.map((r) => r.booster) },
    { key: 'seed', values: runs.map((r) => r.seed) },
    { key: 'learning_rate', values: runs.map((r) => r.lr) },
  ];

  it('puts the param that moves the metric most first, then the one that moves it a little, then the rest', () => {
    const importance = importanceFor(params, metric);
    const order = byImportance(params, importance).map((p) => p.key);
    expect(order.slice(0, 2)).toEqual(['learning_rate', 'booster']);
    expect(importance.learning_rate).toBeGreaterThan(0.8);
  });

  it('leaves runs without the metric out of the ranking', () => {
    const withGaps = [...metric, null, null];
    const padded = params.map((p) => ({ ...p, values: [...p.values, 'x', 'y'] }));
    expect(byImportance(padded, importanceFor(padded, withGaps)).map((p) => p.key)[0]).toBe('learning_rate');
  });

  it('keeps params of equal importance in the order given, so they do not shuffle between renders', () => {
    const flat = importanceFor(params, metric.map(() => 1));
    expect(byImportance(params, flat).map((p) => p.key)).toEqual(['max_bins', 'booster', 'seed', 'learning_rate']);
    expect(byImportance(params, { seed: 0.5 }).map((p) => p.key)).toEqual(['seed', 'max_bins', 'booster', 'learning_rate']);
  });
});

describe('brushedMask', () => {
  const axes = [buildAxis({ key: 'a', values: [0, 5, 10, null] }), buildAxis({ key: 'b', values: ['x', 'y', 'z', 'x'] })];

  it('keeps every run while nothing is brushed', () => {
    expect(brushedMask(axes, {})).toEqual([true, true, true, true]);
  });

  it('keeps the runs inside every brush, edges included, and drops a run with no value on a brushed axis', () => {
    expect(brushedMask(axes, { a: [0.5, 1] })).toEqual([false, true, true, false]);
    expect(brushedMask(axes, { a: [0.5, 1], b: [0.75, 1] })).toEqual([false, false, true, false]);
    expect(brushedMask(axes, { b: [0, 0.2] })).toEqual([true, false, false, true]);
  });
});

describe('goodness', () => {
  it('makes the best run 1 and the worst 0, lowest best for a loss, and gives no place to a run without the metric', () => {
    expect(goodness([0, 4, null, 1], true)).toEqual([1, 0, null, 0.75]);
    expect(goodness([0, 4, null, 1], false)).toEqual([0, 1, null, 0.25]);
  });
});

describe('layoutLabels', () => {
  it('draws a few labels whole in one row', () => {
    const layout = layoutLabels(['val_accuracy', 'C', 'max_iter'], 600, measure);
    expect(layout.rowCount).toBe(1);
    expect(layout.texts).toEqual(['val_accuracy', 'C', 'max_iter']);
  });

  it('keeps a dozen long param names from overprinting at the width of the compare card, all inside the plot', () => {
    const labels = ['val_log_loss', ...GBDT_PARAMS];
    const layout = layoutLabels(labels, 620, measure);
    expect(overlaps(layout)).toEqual([]);
    expect(layout.rowCount).toBeGreaterThan(1);
    layout.texts.forEach((t, i) => {
      expect(layout.xs[i] - measure(t) / 2).toBeGreaterThanOrEqual(0);
      expect(layout.xs[i] + measure(t) / 2).toBeLessThanOrEqual(620);
    });
  });

  it('cuts labels with an ellipsis when even three rows are too narrow, and never overprints', () => {
    const labels = ['val_log_loss', ...GBDT_PARAMS, ...GBDT_PARAMS.map((p) => `${p}_2`)];
    const layout = layoutLabels(labels, 500, measure);
    expect(layout.rowCount).toBe(3);
    expect(layout.texts.some((t) => t.endsWith('…'))).toBe(true);
    expect(layout.texts.every((t) => measure(t) <= layout.limit)).toBe(true);
    expect(overlaps(layout)).toEqual([]);
  });

  it('spaces the axes evenly from left to right', () => {
    const { xs } = layoutLabels(GBDT_PARAMS, 900, measure);
    const steps = xs.slice(1).map((x, i) => x - xs[i]);
    steps.forEach((s) => expect(s).toBeCloseTo(steps[0], 9));
    expect(xs[0]).toBeGreaterThan(0);
    expect(xs[xs.length - 1]).toBeLessThan(900);
  });
});

describe('truncate', () => {
  it('keeps the longest start of the text that fits with its ellipsis', () => {
    expect(truncate('min_samples_leaf', 60, measure)).toBe('min_sampl…');
    expect(truncate('abc', 5, measure)).toBe('…');
  });
});
