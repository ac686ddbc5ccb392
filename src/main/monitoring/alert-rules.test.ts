import { describe, expect, it } from 'vitest';
import type { AlertRule, DriftReport, DriftWindow, PredictionDrift, ReportColumn } from '../../shared/monitoring';
import { evaluateRules } from './alert-rules';
import { sampleDriftReport } from './sample-drift-report';

// Reports are built by hand here: evaluateRules reads figures, and each test sets exactly the figure it is about.

function column(name: string, figures: Partial<ReportColumn> = {}): ReportColumn {
  return {
    column: name,
    type: 'numeric',
    test: 'ks',
    statistic: 0.2,
    pValue: 0.01,
    threshold: 0.05,
    drift: true,
    skipped: null,
    missingRef: 0,
    missingCur: 0,
    missingDrift: false,
    missingPValue: 1,
    newCategories: [],
    newCategoryCount: 0,
    outOfRange: null,
    severity: 1.5,
    histogram: null,
    referenceBand: null,
    ...figures,
  };
}

function window(index: number, figures: Partial<DriftWindow> = {}): DriftWindow {
  return {
    index,
    label: `w${index}`,
    start: null,
    end: null,
    version: null,
    rows: 100,
    empty: false,
    columns: [],
    share: 0,
    datasetDrift: false,
    estimatedPerformance: null,
    realisedPerformance: null,
    predictionDrift: null,
    ...figures,
  };
}

function prediction(figures: Partial<PredictionDrift> = {}): PredictionDrift {
  return {
    model: 'm@1',
    output: 'label',
    drift: column('prediction', { drift: false, severity: 0.4 }),
    performance: null,
    cbpe: null,
    label: null,
    ...figures,
  };
}

function report(figures: Partial<DriftReport> = {}): DriftReport {
  return {
    id: 'drift-0123456789abcdef',
    name: 'nightly',
    createdAt: '2026-11-28T00:00:00.000Z',
    createdBy: 'tester',
    reference: 'train@1',
    current: 'prod@3',
    referenceRows: 1000,
    currentRows: 1000,
    model: null,
    monitorId: 'mon-01234567',
    request: { reference: { dataset: 'train', version: 1 }, current: { dataset: 'prod', version: 3 }, driftShare: 0.5, multivariate: true },
    columns: [],
    onlyInReference: [],
    onlyInCurrent: [],
    incompatible: [],
    testedColumns: 4,
    driftedColumns: 2,
    share: 0.5,
    driftShare: 0.5,
    datasetDrift: true,
    multivariate: null,
    multivariateSkipped: null,
    prediction: null,
    windows: null,
    ...figures,
  };
}

let ruleNumber = 0;
function rule(fields: Partial<AlertRule> & Pick<AlertRule, 'metric' | 'op' | 'threshold'>): AlertRule {
  ruleNumber += 1;
  return { id: `rule-${String(ruleNumber).padStart(8, '0')}`, monitorId: 'mon-01234567', name: `rule ${ruleNumber}`, column: null, scope: 'report', retrain: false, createdAt: '2026-11-28T00:00:00.000Z', ...fields };
}

const firedValues = (rules: AlertRule[], r: DriftReport) => evaluateRules(rules, r).map((f) => ({ ruleId: f.ruleId, value: f.value, window: f.window }));

describe('evaluateRules: operators at the threshold', () => {
  it('fires >= and <= when the figure equals the threshold, and not > or <', () => {
    const r = report({ share: 0.5 });
    const ge = rule({ metric: 'drift_share', op: '>=', threshold: 0.5 });
    const le = rule({ metric: 'drift_share', op: '<=', threshold: 0.5 });
    const gt = rule({ metric: 'drift_share', op: '>', threshold: 0.5 });
    const lt = rule({ metric: 'drift_share', op: '<', threshold: 0.5 });
    expect(firedValues([ge, le, gt, lt], r)).toEqual([
      { ruleId: ge.id, value: 0.5, window: null },
      { ruleId: le.id, value: 0.5, window: null },
    ]);
  });

  it('fires > and < just past the threshold on their side, and not on the other side', () => {
    const gt = rule({ metric: 'drift_share', op: '>', threshold: 0.5 });
    const lt = rule({ metric: 'drift_share', op: '<', threshold: 0.5 });
    expect(firedValues([gt, lt], report({ share: 0.5000001 }))).toEqual([{ ruleId: gt.id, value: 0.5000001, window: null }]);
    expect(firedValues([gt, lt], report({ share: 0.4999999 }))).toEqual([{ ruleId: lt.id, value: 0.4999999, window: null }]);
  });

  it('returns the fired rules in rule order, each rule once', () => {
    const second = rule({ metric: 'drift_share', op: '>', threshold: 0.1, scope: 'any_window' });
    const first = rule({ metric: 'drift_share', op: '>', threshold: 0.2 });
    const r = report({ share: 0.5, windows: [window(0, { share: 0.5 }), window(1, { share: 0.6 })] });
    expect(evaluateRules([first, second], r).map((f) => f.ruleId)).toEqual([first.id, second.id]);
  });
});

describe('evaluateRules: each metric reads its own figure', () => {
  it('drift_share reads the report share', () => {
    expect(firedValues([rule({ metric: 'drift_share', op: '>=', threshold: 0.75 })], report({ share: 0.75 }))).toHaveLength(1);
    expect(firedValues([rule({ metric: 'drift_share', op: '>=', threshold: 0.75 })], report({ share: 0.7499 }))).toHaveLength(0);
  });

  it('column_severity reads the named column, not another column, and never fires for a column the report lacks', () => {
    const r = report({ columns: [column('age', { severity: 2 }), column('income', { severity: 0.5 })] });
    const onIncome = rule({ metric: 'column_severity', column: 'income', op: '>=', threshold: 1 });
    const onAge = rule({ metric: 'column_severity', column: 'age', op: '>=', threshold: 2 });
    const onGone = rule({ metric: 'column_severity', column: 'gone', op: '<', threshold: 100 });
    const noColumn = rule({ metric: 'column_severity', op: '<', threshold: 100 });
    expect(firedValues([onIncome, onAge, onGone, noColumn], r)).toEqual([{ ruleId: onAge.id, value: 2, window: null }]);
  });

  it('column_severity fires on an infinite severity (a p-value of 0) and not on a skipped test', () => {
    const r = report({ columns: [column('exact', { pValue: 0, severity: Infinity }), column('empty', { test: null, statistic: null, pValue: null, severity: null, skipped: 'no values' })] });
    const exact = rule({ metric: 'column_severity', column: 'exact', op: '>', threshold: 1e300 });
    const empty = rule({ metric: 'column_severity', column: 'empty', op: '<', threshold: 1 });
    expect(firedValues([exact, empty], r)).toEqual([{ ruleId: exact.id, value: Infinity, window: null }]);
  });

  it('missing_rate reads the current side missing rate of the named column, not the reference side', () => {
    const r = report({ columns: [column('age', { missingRef: 0.9, missingCur: 0.25 })] });
    expect(firedValues([rule({ metric: 'missing_rate', column: 'age', op: '>=', threshold: 0.25 })], r)).toHaveLength(1);
    expect(firedValues([rule({ metric: 'missing_rate', column: 'age', op: '>', threshold: 0.25 })], r)).toHaveLength(0);
    expect(firedValues([rule({ metric: 'missing_rate', column: 'age', op: '<', threshold: 1 })], report({ columns: [column('age', { missingCur: null })] }))).toHaveLength(0);
  });

  it('estimated_performance reads the CBPE estimate, and never fires on a report without a model', () => {
    const cbpe = { metric: 'accuracy' as const, estimated: 0.8, reference: 0.95, realised: null, assumptions: 'calibrated', calibrationError: 0.01, warning: null };
    const below = rule({ metric: 'estimated_performance', op: '<=', threshold: 0.8 });
    expect(firedValues([below], report({ prediction: prediction({ cbpe }) }))).toEqual([{ ruleId: below.id, value: 0.8, window: null }]);
    expect(firedValues([rule({ metric: 'estimated_performance', op: '<', threshold: 0.8 })], report({ prediction: prediction({ cbpe }) }))).toHaveLength(0);
    expect(firedValues([below], report({ prediction: null }))).toHaveLength(0);
    expect(firedValues([below], report({ prediction: prediction({ cbpe: null }) }))).toHaveLength(0);
  });

  it('realised_performance reads the performance figure on current data, else CBPE realised accuracy, else never fires', () => {
    const performance = { metric: 'rmse' as const, reference: 1, current: 3, delta: 2, drift: true, lowerBound: null };
    const cbpe = { metric: 'accuracy' as const, estimated: 0.8, reference: 0.95, realised: 0.7, assumptions: 'calibrated', calibrationError: 0.01, warning: null };
    const worse = rule({ metric: 'realised_performance', op: '>=', threshold: 3 });
    expect(firedValues([worse], report({ prediction: prediction({ performance, cbpe }) }))).toEqual([{ ruleId: worse.id, value: 3, window: null }]);
    const low = rule({ metric: 'realised_performance', op: '<', threshold: 0.75 });
    expect(firedValues([low], report({ prediction: prediction({ cbpe }) }))).toEqual([{ ruleId: low.id, value: 0.7, window: null }]);
    expect(firedValues([low], report({ prediction: prediction({ cbpe: { ...cbpe, realised: null } }) }))).toHaveLength(0);
  });

  it('multivariate_auc reads the domain classifier AUC, and never fires when the check was skipped', () => {
    const multivariate = { auc: 0.7, baselineMean: 0.5, baselineUpper: 0.55, permutations: 10, pValue: 0.09, drift: true, rowsPerSide: 500, topFeatures: [], model: 'gbdt' };
    const high = rule({ metric: 'multivariate_auc', op: '>=', threshold: 0.7 });
    expect(firedValues([high], report({ multivariate }))).toEqual([{ ruleId: high.id, value: 0.7, window: null }]);
    expect(firedValues([rule({ metric: 'multivariate_auc', op: '>', threshold: 0.7 })], report({ multivariate }))).toHaveLength(0);
    expect(firedValues([high], report({ multivariate: null, multivariateSkipped: 'a side has fewer than 20 rows' }))).toHaveLength(0);
  });

  it('prediction_drift is 1 when the predictions drifted and 0 when not; a prediction test that could not run never fires', () => {
    const drifted = rule({ metric: 'prediction_drift', op: '>=', threshold: 1 });
    const steady = rule({ metric: 'prediction_drift', op: '<', threshold: 1 });
    expect(firedValues([drifted, steady], report({ prediction: prediction({ drift: column('prediction', { drift: true }) }) }))).toEqual([{ ruleId: drifted.id, value: 1, window: null }]);
    expect(firedValues([drifted, steady], report({ prediction: prediction({ drift: column('prediction', { drift: false }) }) }))).toEqual([{ ruleId: steady.id, value: 0, window: null }]);
    const untested = column('prediction', { test: null, statistic: null, pValue: null, drift: false, severity: null, skipped: 'no predictions' });
    expect(firedValues([drifted, steady], report({ prediction: prediction({ drift: untested }) }))).toEqual([]);
  });

  it('a NaN figure never fires, whatever the operator', () => {
    const rules = (['>', '>=', '<', '<='] as const).map((op) => rule({ metric: 'drift_share', op, threshold: 0.5 }));
    expect(evaluateRules(rules, report({ share: NaN }))).toEqual([]);
  });
});

describe('evaluateRules: scopes', () => {
  const windows = [window(0, { share: 0.2 }), window(1, { share: 0.9 }), window(2, { share: 0.6 }), window(3, { share: 0.3 })];

  it('report scope reads the whole report even when it has windows', () => {
    const r = report({ share: 0.4, windows });
    expect(firedValues([rule({ metric: 'drift_share', op: '>=', threshold: 0.5 })], r)).toEqual([]);
    const low = rule({ metric: 'drift_share', op: '<=', threshold: 0.4 });
    expect(firedValues([low], r)).toEqual([{ ruleId: low.id, value: 0.4, window: null }]);
  });

  it('latest_window reads only the last window: an earlier window past the threshold does not fire it', () => {
    const r = report({ share: 0.9, windows });
    expect(firedValues([rule({ metric: 'drift_share', op: '>=', threshold: 0.5, scope: 'latest_window' })], r)).toEqual([]);
    const latest = rule({ metric: 'drift_share', op: '>=', threshold: 0.3, scope: 'latest_window' });
    expect(firedValues([latest], r)).toEqual([{ ruleId: latest.id, value: 0.3, window: 'w3' }]);
  });

  it('any_window fires once, on the first window whose figure crosses the threshold', () => {
    const r = report({ share: 0, windows });
    const any = rule({ metric: 'drift_share', op: '>=', threshold: 0.5, scope: 'any_window' });
    expect(firedValues([any], r)).toEqual([{ ruleId: any.id, value: 0.9, window: 'w1' }]);
    expect(firedValues([rule({ metric: 'drift_share', op: '>', threshold: 0.9, scope: 'any_window' })], r)).toEqual([]);
  });

  it('a window scope on a report without windows reads the whole report', () => {
    for (const scope of ['latest_window', 'any_window'] as const) {
      for (const none of [null, []]) {
        const r1 = rule({ metric: 'drift_share', op: '>=', threshold: 0.5, scope });
        expect(firedValues([r1], report({ share: 0.5, windows: none }))).toEqual([{ ruleId: r1.id, value: 0.5, window: null }]);
      }
    }
  });

  it('an empty window never fires, though its share of 0 would cross a below-threshold rule', () => {
    const r = report({ share: 0.5, windows: [window(0, { share: 0.6 }), window(1, { empty: true, rows: 0, share: 0 })] });
    expect(firedValues([rule({ metric: 'drift_share', op: '<', threshold: 0.1, scope: 'latest_window' })], r)).toEqual([]);
    expect(firedValues([rule({ metric: 'drift_share', op: '<', threshold: 0.1, scope: 'any_window' })], r)).toEqual([]);
  });

  it('window scopes read each window own column severity, missing rate, performance and prediction drift', () => {
    const r = report({
      columns: [column('age', { severity: 0.1, missingCur: 0 })],
      prediction: prediction({ drift: column('prediction', { drift: false }) }),
      windows: [
        window(0, { columns: [column('age', { severity: 3, missingCur: 0.4 })], estimatedPerformance: 0.6, realisedPerformance: 0.55, predictionDrift: true }),
        window(1, { columns: [column('age', { severity: 0.2, missingCur: 0 })], estimatedPerformance: 0.9, realisedPerformance: 0.92, predictionDrift: false }),
      ],
    });
    const severity = rule({ metric: 'column_severity', column: 'age', op: '>=', threshold: 1, scope: 'any_window' });
    const missing = rule({ metric: 'missing_rate', column: 'age', op: '>', threshold: 0.3, scope: 'any_window' });
    const estimated = rule({ metric: 'estimated_performance', op: '<', threshold: 0.7, scope: 'any_window' });
    const realised = rule({ metric: 'realised_performance', op: '<', threshold: 0.7, scope: 'any_window' });
    const drifted = rule({ metric: 'prediction_drift', op: '>=', threshold: 1, scope: 'any_window' });
    const latestEstimated = rule({ metric: 'estimated_performance', op: '<', threshold: 0.7, scope: 'latest_window' });
    const latestPrediction = rule({ metric: 'prediction_drift', op: '<', threshold: 1, scope: 'latest_window' });
    expect(firedValues([severity, missing, estimated, realised, drifted, latestEstimated, latestPrediction], r)).toEqual([
      { ruleId: severity.id, value: 3, window: 'w0' },
      { ruleId: missing.id, value: 0.4, window: 'w0' },
      { ruleId: estimated.id, value: 0.6, window: 'w0' },
      { ruleId: realised.id, value: 0.55, window: 'w0' },
      { ruleId: drifted.id, value: 1, window: 'w0' },
      { ruleId: latestPrediction.id, value: 0, window: 'w1' },
    ]);
  });

  it('a window without a figure (no model, column absent from the window) never fires', () => {
    const r = report({ windows: [window(0, { columns: [column('other', { severity: 9 })] })] });
    expect(evaluateRules([
      rule({ metric: 'column_severity', column: 'age', op: '<', threshold: 100, scope: 'any_window' }),
      rule({ metric: 'estimated_performance', op: '<', threshold: 100, scope: 'any_window' }),
      rule({ metric: 'realised_performance', op: '<', threshold: 100, scope: 'latest_window' }),
      rule({ metric: 'prediction_drift', op: '<', threshold: 100, scope: 'any_window' }),
    ], r)).toEqual([]);
  });

  it('multivariate_auc has no per-window figure, so a window-scoped rule reads the report AUC and names no window', () => {
    const multivariate = { auc: 0.8, baselineMean: 0.5, baselineUpper: 0.55, permutations: 10, pValue: 0.09, drift: true, rowsPerSide: 500, topFeatures: [], model: 'gbdt' };
    const r = report({ multivariate, windows });
    const latest = rule({ metric: 'multivariate_auc', op: '>', threshold: 0.75, scope: 'latest_window' });
    expect(firedValues([latest], r)).toEqual([{ ruleId: latest.id, value: 0.8, window: null }]);
  });
});

describe('evaluateRules: messages', () => {
  it('names the rule, the figure, the threshold and the window on one line', () => {
    const r = report({ name: 'nightly', windows: [window(0, { label: '2026-W47', columns: [column('age\nbracket', { severity: 2.345678 })] })] });
    const [fired] = evaluateRules([rule({ name: 'age moved', metric: 'column_severity', column: 'age\nbracket', op: '>=', threshold: 1.5, scope: 'any_window' })], r);
    expect(fired.message).toBe("Rule 'age moved' fired: drift severity of 'age bracket' 2.346 >= 1.5 in window 2026-W47 (report nightly).");
    expect(fired.value).toBe(2.345678);
  });

  it('says the whole report when a report-scope rule fires', () => {
    const [fired] = evaluateRules([rule({ name: 'half drifted', metric: 'drift_share', op: '>=', threshold: 0.5 })], report({ share: 2 / 3 }));
    expect(fired.message).toBe("Rule 'half drifted' fired: drift share 0.6667 >= 0.5 (report nightly).");
  });
});

describe('evaluateRules on a report made through the real column tests', () => {
  const real = sampleDriftReport({ columns: 12, windows: 4, referenceRows: 600, currentRows: 800, seed: 3 });

  it('a severity >= 1 rule fires for exactly the columns whose test says drift, and a share rule at the report threshold exactly when the dataset drifts', () => {
    const tested = real.columns.filter((c) => c.test !== null);
    expect(tested.some((c) => c.drift)).toBe(true);
    expect(tested.some((c) => !c.drift)).toBe(true);
    const rules = tested.map((c) => rule({ metric: 'column_severity', column: c.column, op: '>=', threshold: 1 }));
    const fired = new Set(evaluateRules(rules, real).map((f) => f.ruleId));
    expect(rules.filter((r) => fired.has(r.id)).map((r) => r.column)).toEqual(tested.filter((c) => c.drift).map((c) => c.column));
    const share = rule({ metric: 'drift_share', op: '>=', threshold: real.driftShare });
    expect(evaluateRules([share], real).length === 1).toBe(real.datasetDrift);
  });

  it('an any_window severity rule fires on the first window where that column drifts', () => {
    const windows = real.windows!;
    const firstDrift = real.columns.map((c) => windows.find((w) => w.columns.find((x) => x.column === c.column)?.drift)?.label ?? null);
    // the sample drifts some columns in a later window only, so "first window" is not just "window 0"
    expect(firstDrift.filter((label) => label !== null && label !== windows[0].label).length).toBeGreaterThan(0);
    const fired = real.columns.map((c) => evaluateRules([rule({ metric: 'column_severity', column: c.column, op: '>=', threshold: 1, scope: 'any_window' })], real)[0]?.window ?? null);
    expect(fired).toEqual(firstDrift);
  });
});
