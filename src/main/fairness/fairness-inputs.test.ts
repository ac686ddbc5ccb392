import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { fairnessRows, MAX_GROUPS, type FairnessColumns } from './fairness-inputs';

const columns = (extra: Partial<FairnessColumns> = {}): FairnessColumns => ({
  target: { name: 'approved', values: ['yes', 'no', 'yes', null, 'no'] },
  predicted: { name: 'label', values: ['yes', 'yes', 'no', 'yes', null] },
  sensitive: { name: 'sex', values: ['f', 'm', null, 'f', 'm'] },
  positive: 'yes',
  ...extra,
});

const refusal = (make: () => unknown): AppFailure => {
  try {
    make();
  } catch (e) {
    if (e instanceof AppFailure) return e;
    throw e;
  }
  return expect.unreachable('not refused');
};

describe('fairnessRows', () => {
  it('marks the positive class 1 and every other class 0, and drops rows whose label or prediction is missing', () => {
    const rows = fairnessRows(columns());
    expect([...rows.yTrue]).toEqual([1, 0, 1]);
    expect([...rows.yPred]).toEqual([1, 1, 0]);
    expect(rows.groups).toEqual(['f', 'm', null]);
    expect(rows.droppedRows).toBe(2);
  });

  it('reads numeric labels against the class as a number and thresholds probabilities (at least the threshold is positive)', () => {
    const rows = fairnessRows(
      columns({
        target: { name: 'y', values: Float64Array.from([1, 0, 1, NaN, 0]) },
        predicted: { name: 'probabilities_1', values: Float64Array.from([0.5, 0.49, 0.9, 0.2, NaN]) },
        sensitive: { name: 'region', values: Float64Array.from([1, 2, 1.0, NaN, 2.5]) },
        positive: '1.0',
        threshold: 0.5,
      }),
    );
    expect([...rows.yTrue]).toEqual([1, 0, 1]);
    expect([...rows.yPred]).toEqual([1, 0, 1]);
    expect(rows.groups).toEqual(['1', '2', '1']);
    expect(rows.droppedRows).toBe(2);
  });

  it('refuses a positive class that never occurs, listing values that do', () => {
    const e = refusal(() => fairnessRows(columns({ positive: 'Yes' })));
    expect(e.error.code).toBe('BAD_INPUT');
    expect(e.error.where?.field).toBe('approved');
    expect(e.error.hint).toContain("'yes', 'no'");
  });

  it('refuses a sensitive column with more distinct values than groups can be compared, naming it', () => {
    const n = MAX_GROUPS + 1;
    const e = refusal(() =>
      fairnessRows({
        target: { name: 'y', values: Float64Array.from({ length: n }, (_, i) => i % 2) },
        predicted: { name: 'label', values: Float64Array.from({ length: n }, () => 1) },
        sensitive: { name: 'income', values: Float64Array.from({ length: n }, (_, i) => 1000 + i) },
        positive: '1',
      }),
    );
    expect(e.error.where?.field).toBe('income');
    expect(e.error.message).toContain(`${n} distinct values`);
  });

  it('refuses columns of different lengths, a text column with a threshold, a threshold outside [0, 1] and a non-numeric class for a numeric target', () => {
    expect(refusal(() => fairnessRows(columns({ sensitive: { name: 'sex', values: ['f'] } }))).error.where?.field).toBe('sex');
    expect(refusal(() => fairnessRows(columns({ threshold: 0.5 }))).error.message).toContain('holds text');
    const probabilities = { name: 'p', values: Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]) };
    expect(refusal(() => fairnessRows(columns({ predicted: probabilities, threshold: 1.5 }))).error.message).toContain('got 1.5');
    const numericTarget = { name: 'y', values: Float64Array.from([1, 0, 1, 0, 1]) };
    expect(refusal(() => fairnessRows(columns({ target: numericTarget, positive: 'yes' }))).error.message).toContain("got 'yes'");
  });
});
