import { describe, expect, it } from 'vitest';
import fixtures from './fixtures/cbpe-fixtures.json';
import { cbpeEstimate, CBPE_ASSUMPTIONS, ECE_WARNING, expectedAccuracy } from './cbpe';
import type { Scores } from './model-scoring';
import { aggregate, labelledRows, NO_LABEL, rowScores } from './performance-drift';

interface ClassifierCase {
  name: string;
  k: number;
  referenceProbabilities: number[];
  referenceLabels: (number | null)[];
  currentProbabilities: number[];
  currentLabels: number[];
  referenceAccuracy: number;
  currentAccuracy: number;
  expectedAccuracy: number;
  ece: number;
}

/** A classifier's scores as onnxruntime gives them: its probabilities, and the first top class as its label. */
function scoresOf(probabilities: number[], k: number): Scores & { task: 'multiclass' } {
  const rows = probabilities.length / k;
  const predicted = Int32Array.from({ length: rows }, (_, r) => {
    let top = 0;
    for (let c = 1; c < k; c++) if (probabilities[r * k + c] > probabilities[r * k + top]) top = c;
    return top;
  });
  return { task: 'multiclass', rows, classes: Array.from({ length: k }, (_, c) => `c${c}`), predicted, probabilities: Float64Array.from(probabilities) };
}

const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));

describe('CBPE and realised performance against the script (scikit-learn 1.2, numpy)', () => {
  it.each(fixtures.classifiers as ClassifierCase[])('$name: expected accuracy, reference ECE on the labelled rows, and realised accuracies', (c) => {
    const ref = scoresOf(c.referenceProbabilities, c.k);
    const cur = scoresOf(c.currentProbabilities, c.k);
    const refTruth = { kind: 'classes' as const, classes: Int32Array.from(c.referenceLabels, (y) => y ?? NO_LABEL) };
    const curTruth = { kind: 'classes' as const, classes: Int32Array.from(c.currentLabels) };
    const refAccuracy = aggregate('accuracy', rowScores(ref, refTruth, null).values);
    const realised = aggregate('accuracy', rowScores(cur, curTruth, null).values);
    close(refAccuracy, c.referenceAccuracy);
    close(realised, c.currentAccuracy);
    const rows = labelledRows(refTruth.classes);
    expect(rows.length).toBe(c.referenceLabels.filter((y) => y !== null).length);
    const estimate = cbpeEstimate({
      k: c.k,
      reference: { probabilities: ref.probabilities, rows, truth: Int32Array.from(rows, (r) => refTruth.classes[r]), accuracy: refAccuracy },
      current: { probabilities: cur.probabilities },
      realised,
      trainedOnReference: null,
    });
    close(estimate.estimated, c.expectedAccuracy);
    close(estimate.calibrationError!, c.ece);
    expect(estimate).toMatchObject({ metric: 'accuracy', reference: refAccuracy, realised, assumptions: CBPE_ASSUMPTIONS });
    expect(estimate.warning === null).toBe(c.ece <= ECE_WARNING);
  });

  it('computes RMSE as mean_squared_error(squared=False) does, skipping rows without a label', () => {
    const { truth, predicted, rmse } = fixtures.regression;
    // two unlabelled rows appended: their (wild) predictions must not count
    const scores: Scores = { task: 'regression', rows: truth.length + 2, values: Float64Array.from([...predicted, 1e6, -1e6]) };
    const values = Float64Array.from([...truth, NaN, NaN]);
    close(aggregate('rmse', rowScores(scores, { kind: 'values', values }, null).values), rmse);
  });
});

describe('cbpeEstimate', () => {
  /** 100 rows at confidence 0.9 for class 0, `right` of them truly class 0: ECE = |right / 100 - 0.9| */
  function oneBin(right: number, trainedOnReference: string | null = null) {
    const n = 100;
    const probabilities = Float64Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? 0.9 : 0.1));
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const truth = Int32Array.from({ length: n }, (_, i) => (i < right ? 0 : 1));
    return cbpeEstimate({ k: 2, reference: { probabilities, rows, truth, accuracy: right / n }, current: { probabilities }, realised: null, trainedOnReference });
  }

  it('warns only when the calibration error on the reference exceeds 0.05', () => {
    const under = oneBin(86);
    expect(under).toMatchObject({ warning: null, realised: null });
    expect(under.estimated).toBeCloseTo(0.9, 12);
    expect(under.calibrationError).toBeCloseTo(0.04, 12);
    const over = oneBin(84);
    expect(over.calibrationError).toBeCloseTo(0.06, 12);
    expect(over.warning).toMatch(/off by 6\.0 points.*not reliable/);
  });

  it('also warns when the reference is the training data, after a calibration warning when both hold', () => {
    expect(oneBin(86, 'train@3').warning).toBe('The reference train@3 is the data the model was trained on, where its accuracy and calibration look better than on new rows: compare against held-out data.');
    expect(oneBin(84, 'train@3').warning).toMatch(/^The model's confidence is off by 6\.0 points.*not reliable\. The reference train@3 is the data the model was trained on/);
  });

  it('gives no calibration figure when no reference row has a label', () => {
    const probabilities = Float64Array.of(0.7, 0.3, 0.2, 0.8);
    const e = cbpeEstimate({ k: 2, reference: { probabilities, rows: new Int32Array(0), truth: new Int32Array(0), accuracy: NaN }, current: { probabilities }, realised: null, trainedOnReference: null });
    expect(e).toMatchObject({ calibrationError: null, warning: null });
    expect(e.estimated).toBeCloseTo(0.75, 15);
  });

  it('averages the top probability over the rows asked for only', () => {
    const probabilities = Float64Array.of(0.6, 0.4, 0.1, 0.9, 0.5, 0.5);
    expect(expectedAccuracy(probabilities, 2, null)).toBeCloseTo((0.6 + 0.9 + 0.5) / 3, 15);
    expect(expectedAccuracy(probabilities, 2, Int32Array.of(1, 2))).toBeCloseTo((0.9 + 0.5) / 2, 15);
  });
});
