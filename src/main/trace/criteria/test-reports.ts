// Stored reports shaped like the real ones (scoring, benchmark, fairness evaluations; drift reports with windows),
// built from the shared types, for the criteria tests.
import type { EvaluationBody, EvaluationReport, LatencyPoint, RuntimeUsed } from '../../../shared/evaluations';
import type { DisparityName, Estimate, FairnessReport, GroupRates } from '../../../shared/fairness';
import type { ColumnDriftResult, DriftReport, DriftWindow } from '../../../shared/monitoring';
import type { ProviderName } from '../../../shared/models';

const runtime: RuntimeUsed = { provider: 'cpu', fallback: null, skippedOutputs: [] };

function evaluation(id: string, createdAt: string, body: EvaluationBody, datasetVersion: string | null = 'assays@3'): EvaluationReport {
  return { id, kind: body.kind, title: `${body.kind} of churn@2`, modelVersion: 'churn@2', otherModelVersion: null, datasetVersion, sha256: 'a'.repeat(64), createdAt, createdBy: 'ada', body };
}

export function scoringReport(id: string, createdAt: string, metrics: Record<string, number | null>, datasetVersion = 'assays@3'): EvaluationReport {
  return evaluation(
    id,
    createdAt,
    { kind: 'scoring', runtime, output: 'assays-scored@1', rows: 500, seconds: 0.4, metrics: { task: 'binary', target: 'label', rows: 500, metrics } },
    datasetVersion,
  );
}

/** One point per provider and batch size: p50 = ms, the other figures derived from it. */
export function benchmarkReport(id: string, createdAt: string, points: { provider: ProviderName; batchSize: number; p50: number }[]): EvaluationReport {
  const latency = points.map(
    (p): LatencyPoint => ({ provider: p.provider, batchSize: p.batchSize, runs: 50, p50Ms: p.p50, p95Ms: p.p50 * 1.5, p99Ms: p.p50 * 2, meanMs: p.p50 * 1.1, rowsPerSecond: (p.batchSize * 1000) / p.p50 }),
  );
  return evaluation(
    id,
    createdAt,
    {
      kind: 'benchmark',
      points: latency,
      machine: { os: 'linux', cpu: 'x86', cores: 2, memoryGb: 8, node: '22', onnxruntime: '1.29.0', providers: [{ name: 'cpu', available: true }] },
      inputs: 'synthetic',
      warmup: 5,
      unavailable: [],
    },
    null,
  );
}

const estimate = (value: number | null): Estimate => ({ value, low: null, high: null });
const rates: GroupRates = { count: 100, selectionRate: 0.4, accuracy: 0.9, truePositiveRate: 0.8, falsePositiveRate: 0.1, precision: 0.7 };

export function fairnessReport(id: string, createdAt: string, sensitive: string, disparities: Partial<Record<DisparityName, number | null>>): EvaluationReport {
  const all: Record<DisparityName, Estimate> = {
    demographicParityDifference: estimate(disparities.demographicParityDifference ?? null),
    demographicParityRatio: estimate(disparities.demographicParityRatio ?? null),
    truePositiveRateDifference: estimate(disparities.truePositiveRateDifference ?? null),
    falsePositiveRateDifference: estimate(disparities.falsePositiveRateDifference ?? null),
    equalizedOddsDifference: estimate(disparities.equalizedOddsDifference ?? null),
  };
  const report: FairnessReport = {
    rows: 200,
    missingGroupRows: 0,
    missing: 'group',
    overall: rates,
    groups: [],
    disparities: all,
    fourFifths: { ratio: null, pass: null, lowestGroup: null, highestGroup: null },
    checks: [],
    bootstrap: { resamples: 0, seed: 1, level: 0.95, stratified: true },
  };
  return evaluation(id, createdAt, { kind: 'fairness', runtime, sensitive, target: 'label', positive: '1', predictedFrom: 'label', droppedRows: 0, report });
}

/** A column verdict: drifting or not by a KS test, or untested (null) with the reason. */
export function column(name: string, drift: boolean | null, pValue = drift ? 0.001 : 0.4): ColumnDriftResult {
  return {
    column: name,
    type: 'numeric',
    test: drift === null ? null : 'ks',
    statistic: drift === null ? null : 0.2,
    pValue: drift === null ? null : pValue,
    threshold: drift === null ? null : 0.05,
    drift: drift === true,
    skipped: drift === null ? 'no non-null values in the current data' : null,
    missingRef: 0,
    missingCur: 0,
    missingDrift: false,
    missingPValue: null,
    newCategories: [],
    newCategoryCount: 0,
    outOfRange: null,
  };
}

export function driftWindow(index: number, label: string, columns: ColumnDriftResult[]): DriftWindow {
  const drifted = columns.filter((c) => c.drift).length;
  const share = columns.length ? drifted / columns.length : 0;
  return {
    index,
    label,
    start: null,
    end: null,
    version: index + 1,
    rows: columns.length ? 100 : 0,
    empty: columns.length === 0,
    columns: columns.map((c) => ({ ...c, severity: null, histogram: null })),
    share,
    datasetDrift: share >= 0.5,
    estimatedPerformance: null,
    realisedPerformance: null,
    predictionDrift: null,
  };
}

export function driftReport(id: string, createdAt: string, columns: ColumnDriftResult[], windows: DriftWindow[] | null = null): DriftReport {
  const tested = columns.filter((c) => c.test !== null);
  const drifted = tested.filter((c) => c.drift).length;
  const share = tested.length ? drifted / tested.length : 0;
  return {
    id,
    name: 'weekly',
    createdAt,
    createdBy: 'ada',
    reference: 'assays@1',
    current: 'assays@4',
    referenceRows: 1000,
    currentRows: 400,
    model: null,
    monitorId: null,
    request: { reference: { dataset: 'assays', version: 1 }, current: { dataset: 'assays', version: 4 }, driftShare: 0.5, multivariate: false },
    columns: columns.map((c) => ({ ...c, severity: null, histogram: null, referenceBand: null })),
    onlyInReference: [],
    onlyInCurrent: [],
    incompatible: [],
    testedColumns: tested.length,
    driftedColumns: drifted,
    share,
    driftShare: 0.5,
    datasetDrift: share >= 0.5,
    multivariate: null,
    multivariateSkipped: null,
    prediction: null,
    windows,
  };
}
