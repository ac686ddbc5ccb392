import { describe, expect, it } from 'vitest';
import type { BenchmarkBody, LatencyPoint } from '../../../../../shared/evaluations';
import type { FairnessReport, GroupReport } from '../../../../../shared/fairness';
import { fairnessFigure, latencyFigure, latencyUnit, logTicks, pdpFigure, permutationFigure, shapRowFigure, throughputFigure } from './evaluation-charts';

const point = (provider: LatencyPoint['provider'], batchSize: number, p50Ms: number): LatencyPoint => ({
  provider,
  batchSize,
  runs: 10,
  p50Ms,
  p95Ms: p50Ms * 1.5,
  p99Ms: p50Ms * 2,
  meanMs: p50Ms * 1.1,
  rowsPerSecond: (batchSize / p50Ms) * 1000,
});

const bench: BenchmarkBody = {
  kind: 'benchmark',
  points: [point('cpu', 64, 4), point('cpu', 1, 0.2), point('webgpu', 1, 1), point('webgpu', 64, 2)],
  machine: { os: 'linux', cpu: 'x', cores: 2, memoryGb: 4, node: '22', onnxruntime: '1.20', providers: [] },
  inputs: 'synthetic',
  warmup: 2,
  unavailable: [],
};

describe('benchmark plots', () => {
  it('draws one line per provider with its points in batch-size order on log axes', () => {
    const figure = latencyFigure(bench);
    expect(figure.data.map((t) => t.name)).toEqual(['cpu', 'webgpu']);
    expect(figure.data[0].x).toEqual([1, 64]);
    expect(figure.data[0].y).toEqual([0.2, 4]);
    expect(figure.layout.xaxis).toMatchObject({ type: 'log' });
  });

  it('draws the p95 as the bar above each median', () => {
    expect(latencyFigure(bench).data[1].error_y).toMatchObject({ array: [0.5, 1], arrayminus: [0, 0] });
  });

  it('plots rows per second at the median latency', () => {
    expect(throughputFigure(bench).data[0].y).toEqual([5000, 16000]);
  });
});

describe('explanation plots', () => {
  it('puts the most important column on top with its spread as the error bar', () => {
    const figure = permutationFigure({
      metric: 'accuracy',
      baseline: 0.9,
      repeats: 3,
      columns: [
        { name: 'a', mean: 0.2, std: 0.01, drops: [] },
        { name: 'b', mean: 0.05, std: 0.02, drops: [] },
        { name: 'c', mean: 0.3, std: 0.03, drops: [] },
      ],
    });
    // plotly draws a horizontal bar chart's first category at the bottom
    expect(figure.data[0].y).toEqual(['b', 'a', 'c']);
    expect(figure.data[0].error_x).toMatchObject({ array: [0.02, 0.01, 0.03] });
  });

  it('draws every ICE line under the partial dependence and treats a categorical grid as categories', () => {
    const figure = pdpFigure({ column: 'colour', grid: ['blue', 'red'], average: [0.4, 0.6], ice: [{ row: 0, values: [0.3, 0.5] }, { row: 7, values: [0.5, 0.7] }] }, 'P(yes)');
    expect(figure.data).toHaveLength(3);
    expect(figure.data[2]).toMatchObject({ name: 'partial dependence', y: [0.4, 0.6] });
    expect(figure.layout.xaxis).toMatchObject({ type: 'category' });
  });

  it('colours a row contribution by the way it pushes the score, largest magnitude on top', () => {
    const figure = shapRowFigure({ columns: ['a', 'b', 'c'], baseValue: 0.5, rows: [], meanAbs: [0, 0, 0] }, { row: 2, prediction: 0.6, values: [0.3, -0.05, -0.15] });
    expect(figure.data[0].y).toEqual(['b', 'c', 'a']);
    expect(figure.data[0].marker).toEqual({ color: ['#1c7ed6', '#1c7ed6', '#e03131'] });
  });
});

describe('the fairness plot', () => {
  // intervals a binary fraction wide, so the bar lengths compare exactly
  const estimate = (value: number | null) => ({ value, low: value === null ? null : value - 0.25, high: value === null ? null : value + 0.125 });
  const group = (name: string | null, selection: number, tpr: number | null): GroupReport => ({
    group: name,
    count: 10,
    selectionRate: estimate(selection),
    accuracy: estimate(0.75),
    truePositiveRate: estimate(tpr),
    falsePositiveRate: estimate(0.125),
    precision: estimate(0.5),
  });
  const noDisparity = { value: null, low: null, high: null };
  const report: FairnessReport = {
    rows: 20,
    missingGroupRows: 10,
    missing: 'group',
    overall: { count: 20, selectionRate: 0.5, accuracy: 0.75, truePositiveRate: 0.5, falsePositiveRate: 0.125, precision: 0.5 },
    groups: [group('f', 0.5, 0.75), group(null, 0.25, null)],
    disparities: {
      demographicParityDifference: noDisparity,
      demographicParityRatio: noDisparity,
      truePositiveRateDifference: noDisparity,
      falsePositiveRateDifference: noDisparity,
      equalizedOddsDifference: noDisparity,
    },
    fourFifths: { ratio: 0.5, pass: false, lowestGroup: null, highestGroup: 'f' },
    checks: [],
    bootstrap: { resamples: 10, seed: 0, level: 0.95, stratified: true },
  };

  it('groups selection rate, TPR and FPR per group, naming the missing group and leaving an undefined rate without a bar', () => {
    const figure = fairnessFigure(report);
    expect(figure.data.map((t) => t.name)).toEqual(['Selection rate', 'TPR', 'FPR']);
    expect(figure.data[0].x).toEqual(['f', '(missing)']);
    expect(figure.data[1].y).toEqual([0.75, null]);
    expect(figure.data[1].error_y).toMatchObject({ array: [0.125, 0], arrayminus: [0.25, 0] });
  });
});

describe('benchmark axes', () => {
  it('ticks a log axis at 1, 2 and 5 times the powers of ten the values span, labelled in full', () => {
    expect(logTicks([17_228, 346_853, 2_779_648])).toEqual({
      tickvals: [10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000, 2_000_000, 5_000_000],
      ticktext: ['10k', '20k', '50k', '100k', '200k', '500k', '1M', '2M', '5M'],
    });
    expect(logTicks([0.046, 0.151]).ticktext).toEqual(['0.02', '0.05', '0.1', '0.2']);
  });

  it('reads latencies below a millisecond in µs, and ticks batch size only where it was measured', () => {
    const fast: BenchmarkBody = { ...bench, points: [point('cpu', 1, 0.058), point('cpu', 16, 0.046), point('cpu', 128, 0.046)] };
    const figure = latencyFigure(fast);
    expect(figure.data[0].y).toEqual([58, 46, 46]);
    expect(figure.layout.yaxis).toMatchObject({ title: { text: 'p50 latency per batch (µs), bar to p95' } });
    expect(figure.layout.xaxis).toMatchObject({ tickvals: [1, 16, 128], ticktext: ['1', '16', '128'] });
  });

  it('keeps ms where a latency reaches a millisecond', () => {
    expect(latencyUnit(1.2)).toEqual({ unit: 'ms', perMs: 1 });
    expect(latencyUnit(0.0004)).toEqual({ unit: 'ns', perMs: 1e6 });
  });
});
