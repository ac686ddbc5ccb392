// Flattens the stored reports into observations: a scoring evaluation's (and a finished run's) metrics, a benchmark's
// latencies per provider and batch size, a fairness evaluation's disparities, and a drift report's share and verdicts
// (whole and per window).
import { LATENCY_STATISTICS, type LatencyStatistic, type Observation, type ObservationMetric, type ObservationScope, type ObservationWindow } from '../../../shared/acceptance-criteria';
import type { EvaluationReport, LatencyPoint } from '../../../shared/evaluations';
import type { RunDetail } from '../../../shared/experiments';
import type { DisparityName } from '../../../shared/fairness';
import type { ColumnDriftResult, DriftReport } from '../../../shared/monitoring';
import { num, pValue } from '../../monitoring/report-format';

const NO_SCOPE: ObservationScope = { model: null, dataset: null, provider: null, batchSize: null, attribute: null, column: null, window: null };

const LATENCY_FIELDS: Record<LatencyStatistic, keyof Pick<LatencyPoint, 'p50Ms' | 'p95Ms' | 'p99Ms' | 'meanMs'>> = {
  p50: 'p50Ms',
  p95: 'p95Ms',
  p99: 'p99Ms',
  mean: 'meanMs',
};

/**
 * The figures an evaluation report holds. Comparisons and explanations yield none: a comparison's metrics belong to
 * two model versions at once, and an explanation measures no requirement's figure.
 */
export function observationsFromEvaluation(report: EvaluationReport): Observation[] {
  const base = { evidenceId: report.id, at: report.createdAt, detail: null };
  const scope: ObservationScope = { ...NO_SCOPE, model: report.modelVersion, dataset: report.datasetVersion };
  const body = report.body;
  switch (body.kind) {
    case 'scoring':
      return Object.entries(body.metrics?.metrics ?? {}).map(([metric, value]) => ({ ...base, metric: `score.${metric}`, value, scope }));
    case 'benchmark':
      return body.points.flatMap((point) =>
        LATENCY_STATISTICS.map((statistic) => ({
          ...base,
          metric: `latency.${statistic}` as const,
          value: point[LATENCY_FIELDS[statistic]],
          scope: { ...scope, provider: point.provider, batchSize: point.batchSize },
        })),
      );
    case 'fairness':
      return disparityNames(body.report.disparities).map((name) => ({
        ...base,
        metric: `fairness.${name}` as const,
        value: body.report.disparities[name].value,
        scope: { ...scope, attribute: body.sensitive },
      }));
    case 'comparison':
    case 'explanation':
      return [];
  }
}

/**
 * A finished run's final metrics as logged (val_recall, test_f1_macro, cv_accuracy_mean, or an MLflow run's own
 * names), on the dataset version it trained on. A failed, killed or pruned run's figures evidence nothing.
 */
export function observationsFromRun(run: RunDetail): Observation[] {
  if (run.status !== 'finished') return [];
  const model = run.modelVersion ? `${run.modelVersion.name}@${run.modelVersion.version}` : null;
  const scope: ObservationScope = { ...NO_SCOPE, model, dataset: run.datasetVersion };
  const at = run.endedAt ?? run.startedAt;
  return Object.entries(run.metrics).map(([metric, value]) => ({ metric: `score.${metric}`, value, scope, evidenceId: run.id, at, detail: null }));
}

function disparityNames(disparities: Record<DisparityName, unknown>): DisparityName[] {
  return Object.keys(disparities).filter((k): k is DisparityName => k in disparities);
}

/**
 * A drift report's figures: the share of drifting columns, the dataset's verdict and each tested column's verdict
 * (1 drifts, 0 does not, null when no test could run), for the whole report and for each non-empty window; the
 * report's newest window is marked `last`.
 */
export function observationsFromDrift(report: DriftReport): Observation[] {
  const scope: ObservationScope = { ...NO_SCOPE, model: report.model, dataset: report.current };
  const whole = figures(report, scope, report.share, report.datasetDrift, report.columns);
  const windows = report.windows ?? [];
  const lastIndex = Math.max(-1, ...windows.map((w) => w.index));
  const perWindow = windows
    .filter((w) => !w.empty)
    .flatMap((w) => {
      const window: ObservationWindow = { index: w.index, label: w.label, last: w.index === lastIndex };
      return figures(report, { ...scope, window }, w.share, w.datasetDrift, w.columns);
    });
  return [...whole, ...perWindow];
}

function figures(report: DriftReport, scope: ObservationScope, share: number, datasetDrift: boolean, columns: ColumnDriftResult[]): Observation[] {
  const at = report.createdAt;
  const evidenceId = report.id;
  const observation = (metric: ObservationMetric, value: number | null, s: ObservationScope, detail: string | null): Observation => ({ metric, value, scope: s, evidenceId, at, detail });
  return [
    observation('drift.share', share, scope, null),
    observation('drift.dataset', datasetDrift ? 1 : 0, scope, `share ${num(share)}, dataset drift from ${num(report.driftShare)}`),
    ...columns.map((c) => observation('drift.column', c.test === null ? null : c.drift ? 1 : 0, { ...scope, column: c.column }, columnDetail(c))),
  ];
}

/** The test behind a column's verdict, as a reason quotes it: "ks p=0.0012, threshold 0.05". */
function columnDetail(c: ColumnDriftResult): string {
  if (c.test === null) return c.skipped ?? 'no test ran';
  const figure = c.pValue !== null ? `p=${pValue(c.pValue)}` : `statistic ${num(c.statistic)}`;
  return `${c.test} ${figure}, threshold ${num(c.threshold)}`;
}
