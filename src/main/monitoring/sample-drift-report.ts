// A DriftReport made from seeded generated data through the real column tests and common bins: what the HTML and JSON report tests (and anyone drawing a report without a project) render.
import type { ColumnType } from '../../shared/domain';
import { driftRequest, driftSeverity, type DriftHistogram, type DriftReport, type DriftWindow, type ReportColumn } from '../../shared/monitoring';
import { mulberry32 } from '../training/splits';
import { columnDrift, type ColumnSample } from './column-drift';
import { alignCategoryCounts, commonHistograms, countCategories } from './common-bins';

export interface SampleReportOptions {
  columns: number;
  /** 0: no windows; otherwise the current rows are cut into this many equal chunks */
  windows: number;
  referenceRows: number;
  currentRows: number;
  seed?: number;
  /** names for the first columns instead of `feature_<i>` (e.g. markup, to test escaping) */
  names?: string[];
  /** include a model's prediction drift, CBPE and per-window performance figures */
  model?: boolean;
  /** every n-th column shifts in the current data (default 3; 1 shifts them all) */
  shiftEvery?: number;
}

/** Bins for numbers and categories kept per histogram, as the report builder keeps them. */
const BINS = 30;
const TOP_CATEGORIES = 30;

interface Generated {
  name: string;
  type: ColumnType;
  reference: ColumnSample;
  current: ColumnSample;
}

/**
 * Every fifth column is categorical, the rest numeric; every third column (or every `shiftEvery`-th) shifts in the
 * current data (numbers by half a standard deviation, categories towards one value plus a new one), and every seventh
 * has missing values that grow.
 */
export function sampleDriftReport(options: SampleReportOptions): DriftReport {
  const random = mulberry32(options.seed ?? 7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const generated: Generated[] = [];
  for (let j = 0; j < options.columns; j++) {
    const name = options.names?.[j] ?? `feature_${String(j).padStart(2, '0')}`;
    const shifted = j % (options.shiftEvery ?? 3) === 0;
    const missingRate = j % 7 === 6 ? 0.05 : 0;
    const side = (rows: number, current: boolean): ColumnSample => {
      let nulls = 0;
      if (j % 5 === 4) {
        const values: string[] = [];
        for (let i = 0; i < rows; i++) {
          if (random() < missingRate * (current ? 3 : 1)) nulls++;
          else values.push(current && shifted && random() < 0.3 ? (random() < 0.5 ? 'cat_a' : `new <${j}>`) : `cat_${'abcdefgh'[Math.floor(random() * 8)]}`);
        }
        return { kind: 'categorical', values, nulls };
      }
      const values: number[] = [];
      for (let i = 0; i < rows; i++) {
        if (random() < missingRate * (current ? 3 : 1)) nulls++;
        else values.push(10 * j + normal() + (current && shifted ? 0.5 : 0));
      }
      return { kind: 'numeric', values: Float64Array.from(values), nulls };
    };
    generated.push({ name, type: j % 5 === 4 ? 'categorical' : 'numeric', reference: side(options.referenceRows, false), current: side(options.currentRows, true) });
  }
  const columns: ReportColumn[] = generated.map((g, j) => {
    const result = columnDrift({ column: g.name, type: g.type, reference: g.reference, current: g.current });
    const severity = driftSeverity(result);
    const band = severity === null ? null : { lower: 0.05 + (j % 4) * 0.05, upper: 0.4 + (j % 5) * 0.1 };
    return { ...result, severity, histogram: histogramOf(g.reference, g.current), referenceBand: band };
  });
  const tested = columns.filter((c) => c.test !== null && c.statistic !== null);
  const drifted = tested.filter((c) => c.drift).length;
  const share = tested.length > 0 ? drifted / tested.length : 0;
  const request = driftRequest.parse({
    reference: { dataset: 'sales', version: 1 },
    current: { dataset: 'sales', version: 2 },
    ...(options.windows > 0 ? { window: { kind: 'chunk', size: Math.ceil(options.currentRows / options.windows) } } : {}),
    ...(options.model ? { model: 'churn@3', label: 'churned' } : {}),
  });
  return {
    id: 'drift-0123456789abcdef',
    name: 'sales@1 vs sales@2',
    createdAt: '2026-11-28T01:00:00.000Z',
    createdBy: 'analyst',
    reference: 'sales@1',
    current: 'sales@2',
    referenceRows: options.referenceRows,
    currentRows: options.currentRows,
    model: options.model ? 'churn@3' : null,
    monitorId: null,
    request,
    columns,
    onlyInReference: ['legacy_code'],
    onlyInCurrent: [],
    incompatible: [],
    testedColumns: tested.length,
    driftedColumns: drifted,
    share,
    driftShare: 0.5,
    datasetDrift: tested.length > 0 && share >= 0.5,
    multivariate: {
      auc: 0.71,
      baselineMean: 0.5,
      baselineUpper: 0.53,
      permutations: 10,
      pValue: 1 / 11,
      drift: true,
      rowsPerSide: Math.min(5000, options.currentRows),
      topFeatures: columns.slice(0, 5).map((c, k) => ({ feature: c.column, importance: 0.4 / (k + 1) })),
      model: 'gbdt, 20 trees of depth 3, 3 folds',
    },
    multivariateSkipped: null,
    prediction: options.model ? samplePrediction() : null,
    windows: options.windows > 0 ? windowsOf(generated, options.windows, options.model ?? false) : null,
  };
}

function histogramOf(reference: ColumnSample, current: ColumnSample): DriftHistogram | null {
  if (reference.values.length === 0 || current.values.length === 0) return null;
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    const h = commonHistograms(reference.values, current.values, BINS);
    return { kind: 'numeric', edges: [...h.edges], reference: [...h.reference], current: [...h.current] };
  }
  if (reference.kind === 'categorical' && current.kind === 'categorical') {
    const a = alignCategoryCounts(countCategories(reference.values), countCategories(current.values));
    const keep = a.categories.map((_, i) => i).sort((x, y) => a.reference[y] + a.current[y] - (a.reference[x] + a.current[x]) || x - y);
    const top = keep.slice(0, TOP_CATEGORIES);
    const rest = keep.slice(TOP_CATEGORIES);
    return {
      kind: 'categorical',
      categories: top.map((i) => a.categories[i]),
      reference: top.map((i) => a.reference[i]),
      current: top.map((i) => a.current[i]),
      otherReference: rest.reduce((s, i) => s + a.reference[i], 0),
      otherCurrent: rest.reduce((s, i) => s + a.current[i], 0),
    };
  }
  return null;
}

/** The current rows cut into equal chunks, each tested against the whole reference; the last window is left empty to show one. */
function windowsOf(generated: Generated[], count: number, model: boolean): DriftWindow[] {
  const windows: DriftWindow[] = [];
  for (let w = 0; w < count; w++) {
    const empty = w === count - 1 && count > 2;
    const columns = empty
      ? []
      : generated.map((g) => {
          const current = slice(g.current, w, count);
          const result = columnDrift({ column: g.name, type: g.type, reference: g.reference, current });
          return { ...result, severity: driftSeverity(result), histogram: histogramOf(g.reference, current) };
        });
    const tested = columns.filter((c) => c.statistic !== null);
    const share = tested.length > 0 ? tested.filter((c) => c.drift).length / tested.length : 0;
    const rows = empty ? 0 : generated.length > 0 ? slice(generated[0].current, w, count).values.length + slice(generated[0].current, w, count).nulls : 0;
    windows.push({
      index: w,
      label: `chunk ${w + 1}`,
      start: null,
      end: null,
      version: null,
      rows,
      empty,
      columns,
      share,
      datasetDrift: tested.length > 0 && share >= 0.5,
      estimatedPerformance: model && !empty ? 0.86 - 0.004 * w : null,
      realisedPerformance: model && !empty && w % 2 === 0 ? 0.85 - 0.006 * w : null,
      predictionDrift: model && !empty ? w > count / 2 : null,
    });
  }
  return windows;
}

/** Chunk w of count of a side's values, with its share of the nulls. */
function slice(sample: ColumnSample, w: number, count: number): ColumnSample {
  const n = sample.values.length;
  const from = Math.floor((w * n) / count);
  const to = Math.floor(((w + 1) * n) / count);
  const nulls = Math.floor(((w + 1) * sample.nulls) / count) - Math.floor((w * sample.nulls) / count);
  return sample.kind === 'numeric' ? { kind: 'numeric', values: sample.values.slice(from, to), nulls } : { kind: 'categorical', values: sample.values.slice(from, to), nulls };
}

function samplePrediction(): DriftReport['prediction'] {
  const reference = [620, 380];
  const current = [480, 520];
  const drift = columnDrift({
    column: 'prediction',
    type: 'categorical',
    reference: { kind: 'categorical', values: expand(['no', 'yes'], reference), nulls: 0 },
    current: { kind: 'categorical', values: expand(['no', 'yes'], current), nulls: 0 },
  });
  return {
    model: 'churn@3',
    output: 'label',
    drift: { ...drift, severity: driftSeverity(drift), histogram: { kind: 'categorical', categories: ['no', 'yes'], reference, current, otherReference: 0, otherCurrent: 0 } },
    performance: { metric: 'accuracy', reference: 0.874, current: 0.81, delta: 0.81 - 0.874, drift: true, lowerBound: 0.851 },
    cbpe: {
      metric: 'accuracy',
      estimated: 0.832,
      reference: 0.874,
      realised: 0.81,
      assumptions: "The model's probabilities are calibrated and the relation between inputs and label has not changed (no concept drift); only the inputs moved.",
      calibrationError: 0.071,
      warning: 'Calibration error on the reference is 0.071, above 0.05: the estimate assumes calibrated probabilities and may be off.',
    },
    label: 'churned',
  };
}

function expand(categories: string[], counts: number[]): string[] {
  return categories.flatMap((c, i) => Array.from({ length: counts[i] }, () => c));
}
