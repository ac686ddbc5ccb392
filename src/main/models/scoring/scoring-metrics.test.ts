import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/app-error-of';
import fixtures from './fixtures/scoring-metrics.json';
import type { PickedPrediction } from './predict';
import { scoringMetrics } from './scoring-metrics';

interface Case {
  name: string;
  truth: (string | number | null)[];
  labels?: string[];
  positiveScore?: number[];
  values?: number[];
  expected: Record<string, number>;
}
// the JSON's inferred type is a union of the three cases' shapes; Case is what they share
const cases = fixtures.cases as unknown as Case[];
const fixture = (name: string): Case => cases.find((c) => c.name === name)!;

describe('scoringMetrics against scikit-learn 1.2 (fixtures/make-scoring-metrics.py)', () => {
  it('computes accuracy, the positive class F1, macro F1 and ROC-AUC of a binary classifier over the rows with a label', () => {
    const c = fixture('binary');
    const scores = Float64Array.from(c.positiveScore!.flatMap((p) => [1 - p, p]));
    const m = scoringMetrics(
      { task: 'classification', labelOutput: 'label', labels: c.labels!, scores: { output: 'probabilities', width: 2, values: scores }, columnClasses: ['no', 'yes'], positiveScore: Float64Array.from(c.positiveScore!) },
      { name: 'y', kind: 'categorical', values: c.truth as (string | null)[] },
      'categorical',
    );
    expect(m).toMatchObject({ task: 'binary', target: 'y', rows: c.expected.rows });
    for (const key of ['accuracy', 'f1', 'f1_macro', 'roc_auc'] as const) expect(m.metrics[key], key).toBeCloseTo(c.expected[key], 12);
  });

  it('computes accuracy and macro F1 of a multiclass classifier whose integer labels meet a numeric target as text', () => {
    const c = fixture('multiclass');
    const m = scoringMetrics(
      { task: 'classification', labelOutput: 'output_label', labels: c.labels!, scores: null, columnClasses: null, positiveScore: null },
      { name: 'y', kind: 'numeric', values: Float64Array.from(c.truth as number[]) },
      'integer',
    );
    expect(m).toMatchObject({ task: 'multiclass', rows: c.expected.rows, metrics: { roc_auc: null } });
    expect(m.metrics.accuracy).toBeCloseTo(c.expected.accuracy, 12);
    expect(m.metrics.f1).toBeCloseTo(c.expected.f1, 12);
  });

  it('computes RMSE, MAE and R² of a regressor', () => {
    const c = fixture('regression');
    const m = scoringMetrics({ task: 'regression', valueOutput: 'variable', values: Float64Array.from(c.values!) }, { name: 'y', kind: 'numeric', values: Float64Array.from(c.truth as number[]) }, 'numeric');
    expect(m).toMatchObject({ task: 'regression', rows: c.expected.rows });
    for (const key of ['rmse', 'mae', 'r2'] as const) expect(m.metrics[key], key).toBeCloseTo(c.expected[key], 12);
  });

  it('meets a boolean target (yes/no stored as true/false) with the yes/no labels a model predicts', () => {
    const c = fixture('binary');
    const truth = (c.truth as (string | null)[]).map((t) => (t === null ? NaN : t === 'yes' ? 1 : 0));
    const picked = { task: 'classification', labelOutput: 'label', labels: c.labels!, scores: null, columnClasses: null, positiveScore: null } as const;
    const asBoolean = scoringMetrics(picked, { name: 'y', kind: 'numeric', values: Float64Array.from(truth) }, 'boolean');
    const asText = scoringMetrics(picked, { name: 'y', kind: 'categorical', values: c.truth as (string | null)[] }, 'categorical');
    expect(asBoolean.metrics).toEqual(asText.metrics);
    expect(asBoolean.metrics.accuracy).toBeCloseTo(c.expected.accuracy, 12);
  });

  it('meets a boolean target with the 1 / 0 labels a model predicts, as numbers', () => {
    const picked: PickedPrediction = { task: 'classification', labelOutput: 'label', labels: ['1', '0', '0', '1'], scores: null, columnClasses: null, positiveScore: null };
    const m = scoringMetrics(picked, { name: 'y', kind: 'numeric', values: Float64Array.from([1, 0, 1, 1]) }, 'boolean');
    expect(m.metrics.accuracy).toBe(0.75);
    // F1 of the positive class 1: precision 1, recall 2/3
    expect(m.metrics.f1).toBeCloseTo(0.8, 12);
  });

  it('refuses in one line a regressor scored against a text target', () => {
    const e = errorOf(() => scoringMetrics({ task: 'regression', valueOutput: 'variable', values: Float64Array.from([1]) }, { name: 'y', kind: 'categorical', values: ['a'] }, 'categorical'));
    expect(e.message).toBe("The model predicts numbers (output 'variable'), but the target 'y' is categorical.");
  });
});
