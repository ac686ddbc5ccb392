// Assembles a drift report from two stored dataset versions: per-column verdicts with histograms and the reference band, the same per window of the current data, and the multivariate check; each column is read once.
import type { ColumnType } from '../../shared/domain';
import { driftSeverity, type ColumnDriftResult, type ColumnTestOverride, type DriftHistogram, type DriftReport, type DriftRequest, type DriftWindow, type MultivariateDrift, type ReportColumn } from '../../shared/monitoring';
import { openDatasetColumns, type DatasetColumns } from '../experiments/dataset-columns';
import { ModelVersionsRepo } from '../store/model-versions-repo';
import type { ProjectStore } from '../store/project-store';
import type { FeatureColumn } from '../training/model-types';
import { mulberry32 } from '../training/splits';
import { columnDrift, type ColumnSample } from './column-drift';
import { countCategories } from './common-bins';
import { columnSample, pairColumns, sampleKind, shareVerdict } from './dataset-drift';
import { multivariateDrift, ROWS_PER_SIDE, sampleRows } from './multivariate-drift';
import { analysePredictions, type PredictionAnalysis, type WindowPrediction } from './prediction-drift';
import { referenceBand } from './reference-band';
import { histogramFrame, outline } from './report-histograms';
import { sortedNumbers } from './sort-numbers';
import { splitWindows, type WindowSlice } from './windows';

export interface ReportContext {
  progress(fraction: number, message: string): void;
  checkCancelled(): void;
}

export interface ReportMeta {
  id: string;
  createdAt: string;
  createdBy: string;
  monitorId: string | null;
}

/** The domain classifier's rows are drawn with this seed: the same data gives the same multivariate figures. */
const MULTIVARIATE_SEED = 13;
/** The report's phases in order and their share of the progress bar, among those the request asks for. */
const PHASES = [
  { phase: 'columns', weight: 3 },
  { phase: 'multivariate', weight: 1 },
  { phase: 'prediction', weight: 1 },
] as const;
type Phase = (typeof PHASES)[number]['phase'];

type WindowColumn = DriftWindow['columns'][number];

export async function buildDriftReport(store: ProjectStore, asked: DriftRequest, ctx: ReportContext, meta: ReportMeta): Promise<DriftReport> {
  // NAME@ALIAS is read once, here: the report names (and its lineage links) the version it scored
  const request: DriftRequest = asked.model === undefined ? asked : { ...asked, model: new ModelVersionsRepo(store.db).resolve(asked.model).id };
  const ref = openDatasetColumns(store, request.reference.dataset, request.reference.version);
  const cur = openDatasetColumns(store, request.current.dataset, request.current.version);
  const timeColumn = request.window?.kind === 'time' ? request.window.column : null;
  const pairing = pairColumns(ref, cur, { columns: request.columns, tests: request.tests, exclude: timeColumn ? [timeColumn] : [] });
  const slices = request.window ? splitWindows(request.window, cur, (v) => openDatasetColumns(store, cur.dataset, v)) : null;
  const multivariate = request.multivariate ? new MultivariateSample(ref.rows, cur.rows) : null;
  const step = phasedProgress(ctx, { columns: true, multivariate: request.multivariate, prediction: request.model !== undefined });

  // the band is read against the windows when there are any (the heatmap, the severity lines), else the whole current
  const bandSize = slices ? medianWindowRows(slices) : null;
  const columns: ReportColumn[] = [];
  const windowColumns: WindowColumn[][] = (slices ?? []).map(() => []);
  for (const [i, { column, type }] of pairing.columns.entries()) {
    ctx.checkCancelled();
    step('columns', i / pairing.columns.length, `Comparing column ${column} (${i + 1} of ${pairing.columns.length})`);
    const refColumn = ref.read(column);
    const curColumn = cur.read(column);
    const stored = columnSample(refColumn, type, null);
    const refSample = prepared(stored);
    const curSample = prepared(columnSample(curColumn, type, null));
    const override = request.tests?.[column];
    const verdict = columnDrift({ column, type, reference: refSample, current: curSample, override });
    const fixed: ColumnTestOverride | undefined = verdict.test !== null && verdict.threshold !== null ? { test: verdict.test, threshold: verdict.threshold } : override;
    // the frame must fit every window: time and row windows are subsets of the current data, other versions are
    // outlined here (read, summarised, let go) and read again when tested, so one version's column is held at a time
    const current = { data: cur, read: curColumn };
    const others = (slices ?? []).flatMap((s) => {
      const w = s.data === cur ? null : windowColumn(s, column, type, current);
      return w && 'read' in w ? [outline(prepared(columnSample(w.read, type, null)))] : [];
    });
    const frame = histogramFrame(refSample, [curSample, ...others]);
    columns.push({ ...verdict, severity: driftSeverity(verdict), histogram: frame.histogram(curSample), referenceBand: fixed ? referenceBand(column, type, stored, fixed, refSample, bandSize ?? curSample.values.length) : null });
    // a window is tested with the report's test so the heatmap compares like with like; the Z-test needs two
    // categories, which a later version may outgrow, so a window then chooses its own unless the request set one
    const windowTest = fixed?.test === 'z' ? override : fixed;
    for (const [k, s] of (slices ?? []).entries()) {
      ctx.checkCancelled();
      if (sliceRows(s) === 0) continue;
      const w = windowColumn(s, column, type, current);
      if ('skipped' in w) {
        windowColumns[k].push(untested(column, type, refSample, w.skipped));
        continue;
      }
      const sample = prepared(columnSample(w.read, type, s.rows));
      windowColumns[k].push(withFigures(columnDrift({ column, type, reference: refSample, current: sample, override: windowTest }), frame.histogram(sample)));
    }
    if (multivariate && type !== 'datetime') multivariate.add(refColumn, curColumn);
  }

  let multivariateResult: MultivariateDrift | null = null;
  let multivariateSkipped: string | null = null;
  if (multivariate) {
    step('multivariate', 0, 'Training the domain classifier (reference vs current)');
    const outcome = multivariateDrift(multivariate.reference, multivariate.current, {
      seed: MULTIVARIATE_SEED,
      checkCancelled: () => ctx.checkCancelled(),
      progress: (f, message) => step('multivariate', f, message),
    });
    if ('skipped' in outcome) multivariateSkipped = outcome.skipped;
    else multivariateResult = outcome;
  }

  let analysis: PredictionAnalysis | null = null;
  if (request.model) {
    step('prediction', 0, `Scoring ${ref.versionId} and ${cur.versionId} with ${request.model}`);
    analysis = await analysePredictions(store, request.model, ref, cur, request.label, ctx);
  }

  const driftShare = request.driftShare;
  let windows: DriftWindow[] | null = null;
  if (slices) {
    windows = [];
    for (const [k, s] of slices.entries()) {
      const rows = sliceRows(s);
      const cells = windowColumns[k];
      const v = shareVerdict(cells, driftShare);
      let figures: WindowPrediction = { estimatedPerformance: null, realisedPerformance: null, predictionDrift: null };
      if (analysis) {
        ctx.checkCancelled();
        step('prediction', (k + 1) / (slices.length + 1), `Model figures for window ${s.label}`);
        figures = await analysis.forWindow(s.data, s.rows);
      }
      windows.push({ index: k, label: s.label, start: s.start, end: s.end, version: s.version, rows, empty: rows === 0, columns: cells, share: v.share, datasetDrift: v.datasetDrift, ...figures });
    }
  }
  ctx.progress(1, 'Report assembled');

  const windowedRows = windows ? windows.reduce((s, w) => s + w.rows, 0) : cur.rows;
  return {
    id: meta.id,
    name: request.name ?? `${ref.versionId} vs ${cur.versionId}`,
    createdAt: meta.createdAt,
    createdBy: meta.createdBy,
    reference: ref.versionId,
    current: cur.versionId,
    referenceRows: ref.rows,
    currentRows: cur.rows,
    model: request.model ?? null,
    monitorId: meta.monitorId,
    request,
    columns,
    onlyInReference: pairing.onlyInReference,
    onlyInCurrent: pairing.onlyInCurrent,
    incompatible: pairing.incompatible,
    ...shareVerdict(columns, driftShare),
    driftShare,
    multivariate: multivariateResult,
    multivariateSkipped,
    prediction: analysis?.result ?? null,
    windows,
    unwindowedRows: request.window?.kind === 'time' ? cur.rows - windowedRows : 0,
    timestampColumns: pairing.timestamps,
  };
}

/** Progress over the phases that run, each phase's fraction mapped onto its share of the bar. */
function phasedProgress(ctx: ReportContext, runs: Record<Phase, boolean>): (phase: Phase, fraction: number, message: string) => void {
  const running = PHASES.filter((p) => runs[p.phase]);
  const total = running.reduce((s, p) => s + p.weight, 0);
  const span = new Map<Phase, { start: number; width: number }>();
  let at = 0;
  for (const p of running) {
    span.set(p.phase, { start: at / total, width: p.weight / total });
    at += p.weight;
  }
  return (phase, fraction, message) => {
    const s = span.get(phase);
    if (s) ctx.progress(s.start + s.width * fraction, message);
  };
}

function sliceRows(slice: WindowSlice): number {
  return slice.rows ? slice.rows.length : slice.data.rows;
}

/** The typical window's row count (the median of the non-empty ones), or null when every window is empty. */
function medianWindowRows(slices: readonly WindowSlice[]): number | null {
  const sizes = slices.map(sliceRows).filter((n) => n > 0).sort((a, b) => a - b);
  return sizes.length > 0 ? sizes[Math.floor((sizes.length - 1) / 2)] : null;
}

/** A window's cells of one column (the current data's column as read, or its version's), or why it has none. */
function windowColumn(slice: WindowSlice, column: string, type: ColumnType, current: { data: DatasetColumns; read: FeatureColumn }): { read: FeatureColumn } | { skipped: string } {
  if (slice.data === current.data) return { read: current.read };
  const schema = slice.data.schema.find((c) => c.name === column);
  if (!schema) return { skipped: `${slice.data.versionId} has no column '${column}'` };
  if (sampleKind(schema.type) !== sampleKind(type)) return { skipped: `'${column}' is ${schema.type} in ${slice.data.versionId}, ${type} in the reference` };
  return { read: slice.data.read(column) };
}

/**
 * A sample ready to be tested many times: numbers in ascending order (the distance tests sort their input unless it
 * already is), categories with their counts; so a million-row reference is sorted or counted once, not again for
 * every window, band chunk and histogram.
 */
function prepared(sample: ColumnSample): ColumnSample {
  return sample.kind === 'numeric' ? { kind: 'numeric', values: sortedNumbers(sample.values), nulls: sample.nulls, ascending: true } : { ...sample, counts: countCategories(sample.values) };
}

function withFigures(result: ColumnDriftResult, histogram: DriftHistogram): WindowColumn {
  return { ...result, severity: driftSeverity(result), histogram };
}

function untested(column: string, type: ColumnType, reference: ColumnSample, skipped: string): WindowColumn {
  const refRows = reference.values.length + reference.nulls;
  return {
    column,
    type,
    test: null,
    statistic: null,
    pValue: null,
    threshold: null,
    drift: false,
    skipped,
    missingRef: refRows > 0 ? reference.nulls / refRows : null,
    missingCur: null,
    missingDrift: false,
    missingPValue: null,
    newCategories: [],
    newCategoryCount: 0,
    outOfRange: null,
    severity: null,
    histogram: null,
  };
}

/**
 * The rows the domain classifier sees, drawn once per side (seeded) and gathered column by column as the report
 * reads them, so the check needs no second read and holds at most ROWS_PER_SIDE rows of each column.
 */
class MultivariateSample {
  readonly reference: FeatureColumn[] = [];
  readonly current: FeatureColumn[] = [];
  private readonly refRows: Int32Array;
  private readonly curRows: Int32Array;

  constructor(referenceRows: number, currentRows: number) {
    const random = mulberry32(MULTIVARIATE_SEED);
    this.refRows = sampleRows(referenceRows, ROWS_PER_SIDE, random);
    this.curRows = sampleRows(currentRows, ROWS_PER_SIDE, random);
  }

  add(reference: FeatureColumn, current: FeatureColumn): void {
    this.reference.push(gather(reference, this.refRows));
    this.current.push(gather(current, this.curRows));
  }
}

function gather(column: FeatureColumn, rows: Int32Array): FeatureColumn {
  if (column.kind === 'numeric') return { name: column.name, kind: 'numeric', values: Float64Array.from(rows, (r) => column.values[r]) };
  const values = Array.from(rows, (r) => column.values[r]);
  return column.kind === 'text' ? { name: column.name, kind: 'text', values } : { name: column.name, kind: 'categorical', values };
}
