import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { classificationReport } from './classification-report';
import fixtures from './fixtures/metrics-fixtures.json';
import { downsampleIndices, MAX_CURVE_POINTS } from './downsample';
import { logLoss } from './log-loss';
import { precisionRecallCurve, rocCurve } from './ranking-curves';
import { regressionReport } from './regression-report';

interface Expected {
  accuracy: number;
  precision: number[];
  recall: number[];
  f1: number[];
  support: number[];
  confusion: number[][];
  log_loss: number;
  roc_auc: number;
  pr_auc: number;
  class_roc_auc: number[];
  class_pr_auc: number[];
  ece: number;
  reliability: { count: number; meanConfidence: number | null; accuracy: number | null }[];
  roc_curve?: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr_curve?: { precision: number[]; recall: number[]; thresholds: number[] };
  [flat: string]: unknown;
}

interface ClassificationCase {
  name: string;
  kind: 'classification';
  classNames: string[];
  yTrue: number[];
  probs: number[];
  expected: Expected;
}

const TOL = 1e-10;
const classificationCases = fixtures.cases.filter((c) => c.kind === 'classification') as unknown as ClassificationCase[];

function expectClose(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return expect(actual, what).toBeNull();
  expect(actual, what).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs sklearn ${expected}`).toBeLessThanOrEqual(TOL);
}

function expectAllClose(actual: readonly (number | null)[], expected: readonly (number | null)[], what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  expected.forEach((e, i) => expectClose(actual[i], e, `${what}[${i}]`));
}

function inputOf(c: ClassificationCase) {
  return { yTrue: Int32Array.from(c.yTrue), probs: Float64Array.from(c.probs), classNames: c.classNames };
}

describe.each(classificationCases)('classificationReport on the "$name" fixture', (c) => {
  const report = classificationReport(inputOf(c));
  const e = c.expected;

  it('agrees with sklearn 1.2 on every flat metric to 1e-10', () => {
    for (const name of Object.keys(report.metrics) as (keyof typeof report.metrics)[]) {
      expectClose(report.metrics[name], e[name] as number, name);
    }
  });

  it('agrees with sklearn on per-class precision, recall, F1, support and one-vs-rest areas', () => {
    expectAllClose(report.classes.map((b) => b.precision), e.precision, 'precision');
    expectAllClose(report.classes.map((b) => b.recall), e.recall, 'recall');
    expectAllClose(report.classes.map((b) => b.f1), e.f1, 'f1');
    expect(report.classes.map((b) => b.support)).toEqual(e.support);
    expectAllClose(report.classes.map((b) => b.roc_auc), e.class_roc_auc, 'class roc_auc');
    expectAllClose(report.classes.map((b) => b.pr_auc), e.class_pr_auc, 'class pr_auc');
  });

  it('has sklearn\'s confusion matrix, labelled by class name', () => {
    expect(report.confusion.matrix).toEqual(e.confusion);
    expect(report.confusion.labels).toEqual(c.classNames);
  });

  it('fills the reliability bins with the same counts, confidences and accuracies as the script', () => {
    expect(report.reliability.map((b) => b.count)).toEqual(e.reliability.map((b) => b.count));
    expectAllClose(report.reliability.map((b) => b.meanConfidence), e.reliability.map((b) => b.meanConfidence), 'meanConfidence');
    expectAllClose(report.reliability.map((b) => b.accuracy), e.reliability.map((b) => b.accuracy), 'accuracy');
  });

  it('keeps every stored curve within the point budget, ending where the full curve ends', () => {
    const curves = [...report.curves.roc, ...report.curves.pr];
    expect(curves.length).toBe(c.classNames.length === 2 ? 2 : 2 * c.classNames.length);
    for (const curve of report.curves.roc) {
      expect(curve.fpr.length).toBeLessThanOrEqual(MAX_CURVE_POINTS);
      expect([curve.fpr[0], curve.tpr[0], curve.fpr.at(-1), curve.tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    }
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('full binary curves', () => {
  for (const c of classificationCases.filter((x) => x.expected.roc_curve)) {
    const positive = Uint8Array.from(c.yTrue);
    const scores = Float64Array.from({ length: c.yTrue.length }, (_, r) => c.probs[2 * r + 1]);

    it(`match sklearn's roc_curve(drop_intermediate=False) and precision_recall_curve on "${c.name}"`, () => {
      const roc = rocCurve(positive, scores)!;
      expectAllClose(roc.fpr, c.expected.roc_curve!.fpr, 'fpr');
      expectAllClose(roc.tpr, c.expected.roc_curve!.tpr, 'tpr');
      expectAllClose(roc.thresholds, c.expected.roc_curve!.thresholds, 'roc thresholds');
      const pr = precisionRecallCurve(positive, scores)!;
      expectAllClose(pr.precision, c.expected.pr_curve!.precision, 'precision');
      expectAllClose(pr.recall, c.expected.pr_curve!.recall, 'recall');
      expectAllClose(pr.thresholds, c.expected.pr_curve!.thresholds, 'pr thresholds');
    });
  }

  it('are long enough in the fixtures that downsampling is exercised', () => {
    expect(classificationCases[0].expected.roc_curve!.fpr.length).toBeGreaterThan(MAX_CURVE_POINTS);
  });
});

describe('edge cases', () => {
  it('gives null areas, not NaN, for a class absent from y_true and averages over the classes present', () => {
    const report = classificationReport({
      yTrue: Int32Array.from([0, 1, 0, 1]),
      probs: Float64Array.from([0.7, 0.2, 0.1, 0.2, 0.7, 0.1, 0.6, 0.3, 0.1, 0.4, 0.5, 0.1]),
      classNames: ['a', 'b', 'c'],
    });
    expect(report.classes[2].roc_auc).toBeNull();
    expect(report.classes[2].pr_auc).toBeNull();
    expect(report.metrics.roc_auc).toBe(1);
    expect(report.curves.roc.map((r) => r.className)).toEqual(['a', 'b']);
  });

  it('clips hard 0/1 probabilities at machine epsilon as sklearn 1.2 does, or at a given eps', () => {
    const y = Int32Array.from([0]);
    expect(logLoss(y, Float64Array.from([0, 1]), 2)).toBeCloseTo(-Math.log(Number.EPSILON / (Number.EPSILON + 1 - Number.EPSILON)), 12);
    expect(logLoss(y, Float64Array.from([0, 1]), 2, 1e-15)).toBeCloseTo(-Math.log(1e-15), 10);
  });

  it('rejects probabilities whose length does not match rows x classes', () => {
    expect(() => classificationReport({ yTrue: Int32Array.from([0, 1]), probs: Float64Array.from([0.5, 0.5, 1]), classNames: ['a', 'b'] })).toThrow(AppFailure);
  });

  it('rejects a class index outside the class names', () => {
    expect(() => classificationReport({ yTrue: Int32Array.from([0, 2]), probs: Float64Array.from([0.5, 0.5, 0.5, 0.5]), classNames: ['a', 'b'] })).toThrow(/outside 0..1/);
  });

  it('downsamples to exactly the budget, keeping both ends, and leaves short curves alone', () => {
    const idx = downsampleIndices(1000);
    expect(idx.length).toBe(MAX_CURVE_POINTS);
    expect([idx[0], idx.at(-1)]).toEqual([0, 999]);
    expect(new Set(idx).size).toBe(idx.length);
    expect(downsampleIndices(5)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('regressionReport', () => {
  const c = fixtures.cases.find((x) => x.kind === 'regression') as unknown as { yTrue: number[]; yPred: number[]; expected: Record<string, number> };

  it('agrees with sklearn 1.2 on RMSE, MAE and R² to 1e-10', () => {
    const { metrics } = regressionReport(Float64Array.from(c.yTrue), Float64Array.from(c.yPred));
    for (const name of ['rmse', 'mae', 'r2'] as const) expectClose(metrics[name], c.expected[name], name);
  });

  it('scores a constant target as sklearn\'s force_finite does', () => {
    const y = Float64Array.from([2, 2, 2]);
    expect(regressionReport(y, y).metrics.r2).toBe(1);
    expect(regressionReport(y, Float64Array.from([1, 2, 3])).metrics.r2).toBe(0);
  });

  it('rejects predictions of a different length', () => {
    expect(() => regressionReport(Float64Array.from([1, 2]), Float64Array.from([1]))).toThrow(AppFailure);
  });
});
