import { describe, expect, it } from 'vitest';
import type { RunDetail } from '../../../shared/experiments';
import { observationsFromDrift, observationsFromEvaluation, observationsFromRun } from './evidence-observations';
import { benchmarkReport, column, driftReport, driftWindow, fairnessReport, scoringReport } from './test-reports';

describe('observationsFromEvaluation', () => {
  it('turns a scoring evaluation into one observation per metric, undefined ones kept as null, scoped to its model and dataset', () => {
    const obs = observationsFromEvaluation(scoringReport('eval-1', '2026-01-01T00:00:00Z', { accuracy: 0.91, roc_auc: null }));
    expect(obs).toEqual([
      {
        metric: 'score.accuracy',
        value: 0.91,
        scope: { model: 'churn@2', dataset: 'assays@3', provider: null, batchSize: null, attribute: null, column: null, window: null },
        evidenceId: 'eval-1',
        at: '2026-01-01T00:00:00Z',
        detail: null,
      },
      expect.objectContaining({ metric: 'score.roc_auc', value: null }),
    ]);
  });

  it('turns a benchmark into the four latency figures of every provider and batch size', () => {
    const obs = observationsFromEvaluation(
      benchmarkReport('eval-2', '2026-01-01T00:00:00Z', [
        { provider: 'cpu', batchSize: 1, p50: 2 },
        { provider: 'webgpu', batchSize: 8, p50: 10 },
      ]),
    );
    expect(obs).toHaveLength(8);
    expect(obs.find((o) => o.metric === 'latency.p95' && o.scope.provider === 'webgpu')).toMatchObject({ value: 15, scope: { batchSize: 8, dataset: null } });
    expect(obs.find((o) => o.metric === 'latency.mean' && o.scope.provider === 'cpu')?.value).toBeCloseTo(2.2);
  });

  it('turns a fairness evaluation into its five disparities on the sensitive attribute', () => {
    const obs = observationsFromEvaluation(fairnessReport('eval-3', '2026-01-01T00:00:00Z', 'sex', { demographicParityDifference: 0.12 }));
    expect(obs.map((o) => o.metric).sort()).toEqual([
      'fairness.demographicParityDifference',
      'fairness.demographicParityRatio',
      'fairness.equalizedOddsDifference',
      'fairness.falsePositiveRateDifference',
      'fairness.truePositiveRateDifference',
    ]);
    expect(obs.every((o) => o.scope.attribute === 'sex')).toBe(true);
    expect(obs.find((o) => o.metric === 'fairness.demographicParityDifference')?.value).toBe(0.12);
    expect(obs.find((o) => o.metric === 'fairness.equalizedOddsDifference')?.value).toBeNull();
  });
});

describe('observationsFromRun', () => {
  const run: RunDetail = {
    id: 'r-7',
    seq: 7,
    name: 'gbm',
    experiment: 'churn',
    status: 'finished',
    source: 'airlock',
    studyId: null,
    trialNumber: null,
    datasetVersion: 'assays@3',
    target: 'label',
    modelKind: 'gbm',
    task: 'binary',
    seed: 1,
    startedAt: '2026-01-01T00:00:00Z',
    endedAt: '2026-01-01T00:05:00Z',
    environment: {},
    error: null,
    params: {},
    metrics: { val_recall: 0.97, test_accuracy: null },
    curves: [],
    artifacts: [],
    tags: {},
    note: '',
    modelVersion: { id: 'mv-1', name: 'churn', version: 2 },
  };

  it("turns a finished run's metrics into observations on its dataset and model version, at its end", () => {
    expect(observationsFromRun(run)).toEqual([
      {
        metric: 'score.val_recall',
        value: 0.97,
        scope: { model: 'churn@2', dataset: 'assays@3', provider: null, batchSize: null, attribute: null, column: null, window: null },
        evidenceId: 'r-7',
        at: '2026-01-01T00:05:00Z',
        detail: null,
      },
      expect.objectContaining({ metric: 'score.test_accuracy', value: null }),
    ]);
  });

  it('gives nothing for a run that did not finish', () => {
    expect(observationsFromRun({ ...run, status: 'failed' })).toEqual([]);
    expect(observationsFromRun({ ...run, status: 'pruned' })).toEqual([]);
  });
});

describe('observationsFromDrift', () => {
  it('gives the share, the dataset verdict and each column verdict of the whole report, with the test behind each', () => {
    const obs = observationsFromDrift(driftReport('drift-aa', '2026-02-01T00:00:00Z', [column('age', true, 0.0012), column('bmi', false), column('note', null)]));
    expect(obs.map((o) => [o.metric, o.scope.column, o.value])).toEqual([
      ['drift.share', null, 0.5],
      ['drift.dataset', null, 1],
      ['drift.column', 'age', 1],
      ['drift.column', 'bmi', 0],
      ['drift.column', 'note', null],
    ]);
    expect(obs[2].detail).toBe('ks p=0.0012, threshold 0.05');
    expect(obs[4].detail).toBe('no non-null values in the current data');
    expect(obs.every((o) => o.scope.window === null && o.scope.dataset === 'assays@4' && o.evidenceId === 'drift-aa')).toBe(true);
  });

  it('adds each non-empty window, marking the newest one last', () => {
    const windows = [driftWindow(0, '2026-01', [column('age', false)]), driftWindow(1, '2026-02', [column('age', true)]), driftWindow(2, '2026-03', [])];
    const obs = observationsFromDrift(driftReport('drift-bb', '2026-04-01T00:00:00Z', [column('age', true)], windows));
    const windowed = obs.filter((o) => o.scope.window !== null);
    expect(windowed.map((o) => [o.metric, o.scope.window?.label, o.value])).toEqual([
      ['drift.share', '2026-01', 0],
      ['drift.dataset', '2026-01', 0],
      ['drift.column', '2026-01', 0],
      ['drift.share', '2026-02', 1],
      ['drift.dataset', '2026-02', 1],
      ['drift.column', '2026-02', 1],
    ]);
    // the empty window 2026-03 is the newest: no window figure is the last, so "in the last window" finds no evidence
    expect(windowed.some((o) => o.scope.window?.last)).toBe(false);
  });
});
