import { describe, expect, it } from 'vitest';
import type { Observation } from '../../../shared/acceptance-criteria';
import { parseCriteria, parseCriterion } from '../../../shared/parse-criterion';
import { sampleDriftReport } from '../../monitoring/sample-drift-report';
import { combinedStatus, evaluateCriterion } from './evaluate-criterion';
import { observationsFromDrift, observationsFromEvaluation } from './evidence-observations';
import { benchmarkReport, column, driftReport, driftWindow, fairnessReport, scoringReport } from './test-reports';

function check(text: string, observations: Observation[], pick?: 'newest' | 'worst') {
  return evaluateCriterion(parseCriterion(text), observations, { pick });
}

const scoring = [
  ...observationsFromEvaluation(scoringReport('eval-old', '2026-01-01T00:00:00Z', { recall: 0.99, accuracy: 0.95, roc_auc: 0.9 })),
  ...observationsFromEvaluation(scoringReport('eval-new', '2026-02-01T00:00:00Z', { recall: 0.962, accuracy: 0.93, roc_auc: null })),
  ...observationsFromEvaluation(scoringReport('eval-hold', '2026-01-15T00:00:00Z', { recall: 0.985, f1_macro: 0.79 }, 'holdout@2')),
];

describe('metric criteria', () => {
  it('pass, fail or find no evidence on the newest scoring evaluation, and say why in one line', () => {
    expect(check('recall >= 0.98 on dataset assays@3', scoring)).toEqual({
      status: 'fail',
      observation: scoring.find((o) => o.evidenceId === 'eval-new' && o.metric === 'score.recall'),
      value: 0.962,
      reason: 'recall 0.962 < 0.98 on assays@3 (eval-new)',
    });
    expect(check('recall >= 0.98 on dataset holdout', scoring)).toMatchObject({ status: 'pass', value: 0.985, reason: 'recall 0.985 >= 0.98 on holdout@2 (eval-hold)' });
    expect(check('accuracy > 0.9', scoring)).toMatchObject({ status: 'pass', reason: 'accuracy 0.93 > 0.9 on assays@3 (eval-new)' });
    expect(check('f1_macro >= 0.8', scoring)).toMatchObject({ status: 'fail', reason: 'f1_macro 0.79 < 0.8 on holdout@2 (eval-hold)' });
    expect(check('recall >= 0.98 on dataset assays@4', scoring)).toEqual({ status: 'no-evidence', observation: null, value: null, reason: 'no evidence measures recall on dataset assays@4' });
    expect(check('rmse <= 3', scoring)).toMatchObject({ status: 'no-evidence', reason: 'no evidence measures rmse' });
    expect(check('recall >= 0.9 on dataset assays', [])).toMatchObject({ status: 'no-evidence' });
  });

  it('matches a metric whatever its case, and names it as the criterion writes it', () => {
    expect(check('Recall >= 0.98 on dataset holdout', scoring)).toMatchObject({ status: 'pass', reason: 'Recall 0.985 >= 0.98 on holdout@2 (eval-hold)' });
    const mlflow = observationsFromEvaluation(scoringReport('eval-m', '2026-01-01T00:00:00Z', { 'Val Loss': 0.4 }));
    expect(check('"val loss" <= 0.3', mlflow)).toMatchObject({ status: 'fail', reason: '"val loss" 0.4 > 0.3 on assays@3 (eval-m)' });
  });

  it('finds no evidence when the newest evaluation could not compute the metric, naming that evaluation', () => {
    expect(check('roc_auc >= 0.8 on dataset assays', scoring)).toMatchObject({ status: 'no-evidence', value: null, reason: 'roc_auc on dataset assays is undefined in eval-new' });
  });

  it('uses the worst evidence of all when asked to, instead of the newest', () => {
    expect(check('recall <= 0.97 on dataset assays', scoring)).toMatchObject({ status: 'pass', value: 0.962 });
    expect(check('recall <= 0.97 on dataset assays', scoring, 'worst')).toMatchObject({ status: 'fail', value: 0.99, reason: 'recall 0.99 > 0.97 on assays@3 (eval-old)' });
    expect(check('recall >= 0.98', scoring, 'worst')).toMatchObject({ status: 'fail', value: 0.962 });
  });

  it('takes the exact threshold as met for >= and <=, and not for > and <', () => {
    const obs = observationsFromEvaluation(scoringReport('eval-x', '2026-01-01T00:00:00Z', { accuracy: 0.9 }));
    expect(check('accuracy >= 0.9', obs).status).toBe('pass');
    expect(check('accuracy <= 0.9', obs).status).toBe('pass');
    expect(check('accuracy > 0.9', obs)).toMatchObject({ status: 'fail', reason: 'accuracy 0.9 <= 0.9 on assays@3 (eval-x)' });
    expect(check('accuracy < 0.9', obs)).toMatchObject({ status: 'fail', reason: 'accuracy 0.9 >= 0.9 on assays@3 (eval-x)' });
  });
});

describe('latency criteria', () => {
  const bench = [
    ...observationsFromEvaluation(
      benchmarkReport('eval-b1', '2026-01-01T00:00:00Z', [
        { provider: 'webgpu', batchSize: 1, p50: 30 },
        { provider: 'cpu', batchSize: 1, p50: 4 },
      ]),
    ),
    ...observationsFromEvaluation(
      benchmarkReport('eval-b2', '2026-03-01T00:00:00Z', [
        { provider: 'webgpu', batchSize: 1, p50: 8 },
        { provider: 'webgpu', batchSize: 32, p50: 16 },
        { provider: 'cpu', batchSize: 1, p50: 4 },
      ]),
    ),
  ];

  it('hold only when every batch size of the newest benchmark meets them, naming the worst provider and batch', () => {
    expect(check('p95 latency <= 20 ms on provider webgpu', bench)).toMatchObject({ status: 'fail', value: 24, reason: 'p95 latency 24 ms > 20 ms on webgpu at batch 32 (eval-b2)' });
    expect(check('p95 latency <= 20 ms on provider webgpu batch 1', bench)).toMatchObject({ status: 'pass', value: 12, reason: 'p95 latency 12 ms <= 20 ms on webgpu at batch 1 (eval-b2)' });
    expect(check('p50 latency <= 5 ms on provider cpu', bench)).toMatchObject({ status: 'pass', reason: 'p50 latency 4 ms <= 5 ms on cpu at batch 1 (eval-b2)' });
    expect(check('p99 latency <= 40 ms', bench)).toMatchObject({ status: 'pass', value: 32 });
    expect(check('mean latency < 1 ms', bench)).toMatchObject({ status: 'fail', reason: 'mean latency 17.6 ms >= 1 ms on webgpu at batch 32 (eval-b2)' });
  });

  it('find no evidence for a provider or batch size no benchmark measured', () => {
    expect(check('p95 latency <= 20 ms on provider cuda', bench)).toMatchObject({ status: 'no-evidence', reason: 'no evidence measures p95 latency on provider cuda' });
    expect(check('p95 latency <= 20 ms on provider cpu batch 8', bench)).toMatchObject({ status: 'no-evidence', reason: 'no evidence measures p95 latency on provider cpu batch 8' });
  });
});

describe('fairness criteria', () => {
  const fairness = [
    ...observationsFromEvaluation(fairnessReport('eval-f1', '2026-01-01T00:00:00Z', 'sex', { demographicParityDifference: 0.14, equalizedOddsDifference: 0.03, demographicParityRatio: 0.75 })),
    ...observationsFromEvaluation(fairnessReport('eval-f2', '2026-01-02T00:00:00Z', 'age band', { demographicParityDifference: 0.02, equalizedOddsDifference: null })),
  ];

  it('read the disparity of the attribute named, not of another one', () => {
    expect(check('demographic parity difference <= 0.1 on sex', fairness)).toMatchObject({ status: 'fail', value: 0.14, reason: 'demographic parity difference 0.14 > 0.1 on sex (eval-f1)' });
    expect(check('equalized odds difference <= 0.05 on sex', fairness)).toMatchObject({ status: 'pass', reason: 'equalized odds difference 0.03 <= 0.05 on sex (eval-f1)' });
    expect(check('demographic parity ratio >= 0.8 on sex', fairness)).toMatchObject({ status: 'fail', reason: 'demographic parity ratio 0.75 < 0.8 on sex (eval-f1)' });
    expect(check('demographic parity difference <= 0.1 on "age band"', fairness)).toMatchObject({ status: 'pass', reason: 'demographic parity difference 0.02 <= 0.1 on "age band" (eval-f2)' });
    expect(check('demographic parity difference <= 0.1 on race', fairness)).toMatchObject({ status: 'no-evidence', reason: 'no evidence measures demographic parity difference on race' });
  });

  it('find no evidence when the disparity is undefined (no group has the rate)', () => {
    expect(check('equalized odds difference <= 0.05 on "age band"', fairness)).toMatchObject({ status: 'no-evidence', reason: 'equalized odds difference on "age band" is undefined in eval-f2' });
  });
});

describe('drift criteria', () => {
  const older = driftReport('drift-01', '2026-01-01T00:00:00Z', [column('age', true), column('bmi', false), column('note', false)]);
  const windows = [driftWindow(0, '2026-W01', [column('age', true), column('bmi', false)]), driftWindow(1, '2026-W02', [column('age', false), column('bmi', false)])];
  const newer = driftReport('drift-02', '2026-02-01T00:00:00Z', [column('age', false), column('bmi', false), column('note', null)], windows);
  const drift = [...observationsFromDrift(older), ...observationsFromDrift(newer)];

  it('check a column on the newest report as a whole, in its last window or in any window', () => {
    expect(check('no drift in column age', drift)).toMatchObject({ status: 'pass', value: 0, reason: 'column age does not drift: ks p=0.4, threshold 0.05 (drift-02)' });
    expect(check('no drift in column age', drift, 'worst')).toMatchObject({ status: 'fail', value: 1, reason: 'column age drifts: ks p=0.001, threshold 0.05 (drift-01)' });
    expect(check('no drift in column age in the last window', drift)).toMatchObject({ status: 'pass', reason: 'column age does not drift in window 2026-W02: ks p=0.4, threshold 0.05 (drift-02)' });
    expect(check('no drift in column age in any window', drift)).toMatchObject({ status: 'fail', reason: 'column age drifts in window 2026-W01: ks p=0.001, threshold 0.05 (drift-02)' });
    expect(check('no drift in column bmi in any window', drift)).toMatchObject({ status: 'pass' });
  });

  it('find no evidence for a column no report tests, an untested column, or windows a report does not have', () => {
    expect(check('no drift in column height', drift)).toMatchObject({ status: 'no-evidence', reason: 'no evidence measures drift in column height' });
    expect(check('no drift in column note', drift)).toMatchObject({ status: 'no-evidence', reason: 'drift in column note is undefined in drift-02: no non-null values in the current data' });
    expect(check('no drift in column age in any window', observationsFromDrift(older))).toMatchObject({ status: 'no-evidence', reason: 'no evidence measures drift in column age in any window' });
  });

  it('check the dataset verdict and the drift share', () => {
    expect(check('no dataset drift', drift)).toMatchObject({ status: 'pass', reason: 'the dataset does not drift: share 0, dataset drift from 0.5 (drift-02)' });
    expect(check('no dataset drift in any window', drift)).toMatchObject({ status: 'fail', reason: 'the dataset drifts in window 2026-W01: share 0.5, dataset drift from 0.5 (drift-02)' });
    expect(check('drift share <= 0.3', drift)).toMatchObject({ status: 'pass', value: 0, reason: 'drift share 0 <= 0.3 (drift-02)' });
    expect(check('drift share <= 0.3', drift, 'worst')).toMatchObject({ status: 'fail', reason: 'drift share 0.333333 > 0.3 (drift-01)' });
    expect(check('drift share <= 0.3 in any window', drift)).toMatchObject({ status: 'fail', value: 0.5, reason: 'drift share 0.5 > 0.3 in window 2026-W01 (drift-02)' });
    expect(check('drift share < 0.5 in the last window', drift)).toMatchObject({ status: 'pass', reason: 'drift share 0 < 0.5 in window 2026-W02 (drift-02)' });
  });

  it('keep a column name with a line break on one line in the reason', () => {
    const obs = observationsFromDrift(driftReport('drift-03', '2026-03-01T00:00:00Z', [column('a\nb', true)]));
    const result = evaluateCriterion({ kind: 'no-drift', column: 'a\nb', scope: 'report' }, obs);
    expect(result).toMatchObject({ status: 'fail', reason: 'column "a\\nb" drifts: ks p=0.001, threshold 0.05 (drift-03)' });
  });
});

describe('drift criteria on a report computed by the real column tests', () => {
  it('agree with every column verdict and share the report holds, whole and in its last window', () => {
    const report = sampleDriftReport({ columns: 8, windows: 3, referenceRows: 300, currentRows: 300, seed: 3 });
    const obs = observationsFromDrift(report);
    const last = report.windows?.at(-1);
    expect(last).toBeDefined();
    expect(report.columns.some((c) => c.drift) && report.columns.some((c) => !c.drift)).toBe(true);
    for (const c of report.columns) {
      expect(check(`no drift in column ${c.column}`, obs).status, c.column).toBe(c.test === null ? 'no-evidence' : c.drift ? 'fail' : 'pass');
      const inLast = last?.columns.find((w) => w.column === c.column);
      const expected = !inLast || inLast.test === null ? 'no-evidence' : inLast.drift ? 'fail' : 'pass';
      expect(check(`no drift in column ${c.column} in the last window`, obs).status, c.column).toBe(expected);
    }
    expect(check(`drift share <= ${report.share}`, obs)).toMatchObject({ status: 'pass', value: report.share });
    expect(check(`no dataset drift`, obs).status).toBe(report.datasetDrift ? 'fail' : 'pass');
  });
});

describe('evidence order', () => {
  it('breaks a tie between evidence of the same instant by id, whatever the order given', () => {
    const a = observationsFromEvaluation(scoringReport('eval-a', '2026-01-01T00:00:00Z', { recall: 0.5 }));
    const b = observationsFromEvaluation(scoringReport('eval-b', '2026-01-01T00:00:00.000Z', { recall: 0.99 }));
    expect(check('recall >= 0.9', [...a, ...b]).observation?.evidenceId).toBe('eval-b');
    expect(check('recall >= 0.9', [...b, ...a]).observation?.evidenceId).toBe('eval-b');
  });
});

describe('combinedStatus', () => {
  const evidence = [
    ...observationsFromEvaluation(scoringReport('eval-s', '2026-01-01T00:00:00Z', { recall: 0.99, accuracy: 0.8 })),
    ...observationsFromDrift(driftReport('drift-s', '2026-01-02T00:00:00Z', [column('age', false)])),
  ];
  const statusOf = (block: string) => combinedStatus(parseCriteria(block).map((c) => evaluateCriterion(c, evidence)));

  it('fails a requirement when any criterion fails, even while another lacks evidence', () => {
    expect(statusOf('recall >= 0.98\naccuracy >= 0.9\np95 latency <= 20 ms')).toBe('fail');
  });

  it('finds no evidence when none fails but one is unmeasured, passes when all pass, and says nothing without criteria', () => {
    expect(statusOf('recall >= 0.98\np95 latency <= 20 ms')).toBe('no-evidence');
    expect(statusOf('recall >= 0.98\nno drift in column age')).toBe('pass');
    expect(statusOf('')).toBeNull();
  });
});
