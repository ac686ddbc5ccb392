// Prediction drift, performance drift and CBPE for a drift report: both sides scored with the model version's ONNX
// file, its outputs tested like a column, realised performance where labels exist, and per-window figures on demand.
import { fail } from '../../shared/errors';
import { driftSeverity, type DriftHistogram, type PredictionDrift } from '../../shared/monitoring';
import type { DatasetColumns } from '../experiments/dataset-columns';
import type { ProjectStore } from '../store/project-store';
import { cbpeEstimate, expectedAccuracy } from './cbpe';
import { columnDrift, type ColumnSample } from './column-drift';
import { alignCategoryCounts, commonHistograms, countCategories } from './common-bins';
import { loadScoringModel, scoreDataset, type Scores, type ScoringModel } from './model-scoring';
import { aggregate, correctness, performanceFigure, squaredErrors, type RowScores } from './performance-drift';

export interface WindowPrediction {
  /** CBPE's expected accuracy on the window (classifiers); null for regression and empty windows */
  estimatedPerformance: number | null;
  /** accuracy (classifiers) or RMSE (regression) on the window's labelled rows; null without labels */
  realisedPerformance: number | null;
  /** the window's outputs against the whole reference's; null when no test could run (an empty window) */
  predictionDrift: boolean | null;
}

export interface PredictionAnalysis {
  result: PredictionDrift;
  /** the figures for a window: `rows` of `data` (null = every row), scoring `data` once however many windows share it */
  forWindow(data: DatasetColumns, rows: Int32Array | null): Promise<WindowPrediction>;
}

/** The name the model's output is reported under, like a column. */
export const PREDICTION_COLUMN = 'prediction';
/** the report's histogram limits, as the builder uses for columns */
const HISTOGRAM_BINS = 30;
const TOP_CATEGORIES = 30;

/** The labelled rows of a version and their truth: class indices (-1 for a class the model never saw) or numbers. */
type Truth = { rows: Int32Array; classes: Int32Array } | { rows: Int32Array; values: Float64Array };

interface Scored {
  scores: Scores;
  /** null when the version has no label column */
  truth: Truth | null;
}

/**
 * Scores reference and current with `model` (a model version id) and compares them. The label column is `label`, or
 * the model's training target when the current data has it; an explicitly named label that either side lacks is
 * BAD_INPUT. Performance and CBPE need labels on the reference; without them both are null.
 */
export async function analysePredictions(
  store: ProjectStore,
  model: string,
  reference: DatasetColumns,
  current: DatasetColumns,
  label: string | undefined,
  ctx: { checkCancelled(): void },
): Promise<PredictionAnalysis> {
  const scoring = loadScoringModel(store, model);
  const labelColumn = chooseLabel(scoring, reference, current, label);
  const cache = new Map<string, Promise<Scored>>();
  const scored = (data: DatasetColumns): Promise<Scored> => {
    let hit = cache.get(data.versionId);
    if (!hit) {
      hit = scoreWithTruth(scoring, data, labelColumn, ctx.checkCancelled);
      cache.set(data.versionId, hit);
    }
    return hit;
  };
  const ref = await scored(reference);
  const cur = await scored(current);
  const refSample = outputSample(ref.scores, null);
  const result = predictionResult(scoring, labelColumn, ref, cur, refSample);
  return {
    result,
    async forWindow(data, rows) {
      const win = await scored(data);
      const n = rows ? rows.length : win.scores.rows;
      if (n === 0) return { estimatedPerformance: null, realisedPerformance: null, predictionDrift: null };
      const drift = columnDrift({ column: PREDICTION_COLUMN, type: outputType(win.scores), reference: refSample, current: outputSample(win.scores, rows) });
      const realised = win.truth ? rowScores(win.scores, restrict(win.truth, rows)) : null;
      return {
        estimatedPerformance: win.scores.task === 'regression' ? null : expectedAccuracy(win.scores.probabilities, win.scores.classes.length, rows),
        realisedPerformance: realised && realised.values.length > 0 ? aggregate(realised.metric, realised.values) : null,
        predictionDrift: drift.statistic === null ? null : drift.drift,
      };
    },
  };
}

function predictionResult(scoring: ScoringModel, labelColumn: string, ref: Scored, cur: Scored, refSample: ColumnSample): PredictionDrift {
  const curSample = outputSample(cur.scores, null);
  const drift = columnDrift({ column: PREDICTION_COLUMN, type: outputType(ref.scores), reference: refSample, current: curSample });
  const refScores = ref.truth ? rowScores(ref.scores, ref.truth) : null;
  const curScores = cur.truth ? rowScores(cur.scores, cur.truth) : null;
  const labelled = (s: RowScores | null): s is RowScores => s !== null && s.values.length > 0;
  const performance = labelled(refScores) && labelled(curScores) ? performanceFigure(refScores, curScores) : null;
  let cbpe: PredictionDrift['cbpe'] = null;
  if (ref.scores.task !== 'regression' && cur.scores.task !== 'regression' && ref.truth && 'classes' in ref.truth && labelled(refScores)) {
    cbpe = cbpeEstimate({
      k: ref.scores.classes.length,
      reference: { probabilities: ref.scores.probabilities, rows: ref.truth.rows, truth: ref.truth.classes, accuracy: aggregate('accuracy', refScores.values) },
      current: { probabilities: cur.scores.probabilities },
      realised: labelled(curScores) ? aggregate('accuracy', curScores.values) : null,
    });
  }
  return {
    model: scoring.id,
    output: scoring.task === 'regression' ? 'value' : 'label',
    drift: { ...drift, severity: driftSeverity(drift), histogram: outputHistogram(refSample, curSample) },
    performance,
    cbpe,
    label: cur.truth ? labelColumn : null,
  };
}

/**
 * An explicit label must be on both sides. The default, the training target, is read wherever a side has it: on the
 * reference for CBPE's reference accuracy and calibration check, on the current data for realised performance.
 */
function chooseLabel(scoring: ScoringModel, reference: DatasetColumns, current: DatasetColumns, label: string | undefined): string {
  const has = (data: DatasetColumns, name: string) => data.schema.some((c) => c.name === name);
  if (label === undefined) return scoring.target;
  for (const side of [reference, current]) {
    if (!has(side, label)) fail('BAD_INPUT', `The label column '${label}' is not in ${side.versionId}.`, { where: { field: label } });
  }
  if (scoring.task === 'regression') {
    const type = current.schema.find((c) => c.name === label)!.type;
    if (type !== 'numeric' && type !== 'integer') fail('BAD_INPUT', `Model ${scoring.id} predicts numbers, but the label column '${label}' is ${type}.`, { where: { field: label } });
  }
  return label;
}

async function scoreWithTruth(scoring: ScoringModel, data: DatasetColumns, labelColumn: string, checkCancelled: () => void): Promise<Scored> {
  const scores = await scoreDataset(scoring, data, checkCancelled);
  const present = data.schema.some((c) => c.name === labelColumn);
  return { scores, truth: present ? readTruth(scores, data, labelColumn) : null };
}

/** A label cell as the trainer reads a target: numbers as their decimal string (so 1 matches class "1"), missing as null. */
function readTruth(scores: Scores, data: DatasetColumns, labelColumn: string): Truth | null {
  const col = data.read(labelColumn);
  const rows: number[] = [];
  if (scores.task === 'regression') {
    if (col.kind !== 'numeric') return null;
    const values: number[] = [];
    for (let i = 0; i < col.values.length; i++) {
      if (Number.isNaN(col.values[i])) continue;
      rows.push(i);
      values.push(col.values[i]);
    }
    return { rows: Int32Array.from(rows), values: Float64Array.from(values) };
  }
  const index = new Map(scores.classes.map((c, i) => [c, i]));
  const classes: number[] = [];
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    const text = typeof v === 'number' ? (Number.isNaN(v) ? null : String(v)) : v;
    if (text === null) continue;
    rows.push(i);
    classes.push(index.get(text) ?? -1);
  }
  return { rows: Int32Array.from(rows), classes: Int32Array.from(classes) };
}

/** The truth of only the labelled rows among `rows` (ascending row numbers, as windows give them). */
function restrict(truth: Truth, rows: Int32Array | null): Truth {
  if (rows === null) return truth;
  const wanted = new Set(rows);
  const keep: number[] = [];
  for (let i = 0; i < truth.rows.length; i++) if (wanted.has(truth.rows[i])) keep.push(i);
  const at = Int32Array.from(keep);
  const subRows = Int32Array.from(at, (i) => truth.rows[i]);
  return 'classes' in truth ? { rows: subRows, classes: Int32Array.from(at, (i) => truth.classes[i]) } : { rows: subRows, values: Float64Array.from(at, (i) => truth.values[i]) };
}

function rowScores(scores: Scores, truth: Truth): RowScores {
  if (scores.task === 'regression') return { metric: 'rmse', values: 'values' in truth ? squaredErrors(scores.values, truth.values, truth.rows) : new Float64Array(0) };
  return { metric: 'accuracy', values: 'classes' in truth ? correctness(scores.predicted, truth.classes, truth.rows) : new Float64Array(0) };
}

function outputType(scores: Scores): 'numeric' | 'categorical' {
  return scores.task === 'regression' ? 'numeric' : 'categorical';
}

/** The outputs of `rows` (null = all) as a column sample: class names, or finite values with the rest counted as nulls. */
function outputSample(scores: Scores, rows: Int32Array | null): ColumnSample {
  const n = rows ? rows.length : scores.rows;
  const at = (i: number) => (rows ? rows[i] : i);
  if (scores.task === 'regression') {
    const values: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(scores.values[at(i)])) values.push(scores.values[at(i)]);
    return { kind: 'numeric', values: Float64Array.from(values), nulls: n - values.length };
  }
  const values = new Array<string>(n);
  for (let i = 0; i < n; i++) values[i] = scores.classes[scores.predicted[at(i)]];
  return { kind: 'categorical', values, nulls: 0 };
}

/** Outputs on common bins: 30 equal-width bins on the union range, or classes (the most frequent 30, the rest summed). */
function outputHistogram(reference: ColumnSample, current: ColumnSample): DriftHistogram | null {
  if (reference.kind === 'numeric' && current.kind === 'numeric') {
    if (reference.values.length === 0 && current.values.length === 0) return null;
    const h = commonHistograms(reference.values, current.values, HISTOGRAM_BINS);
    return { kind: 'numeric', edges: [...h.edges], reference: [...h.reference], current: [...h.current] };
  }
  if (reference.kind !== 'categorical' || current.kind !== 'categorical') return null;
  const aligned = alignCategoryCounts(countCategories(reference.values), countCategories(current.values));
  const order = aligned.categories.map((_, i) => i).sort((a, b) => aligned.reference[b] + aligned.current[b] - (aligned.reference[a] + aligned.current[a]));
  const top = order.slice(0, TOP_CATEGORIES);
  const rest = order.slice(TOP_CATEGORIES);
  const sum = (side: Float64Array) => rest.reduce((s, i) => s + side[i], 0);
  return {
    kind: 'categorical',
    categories: top.map((i) => aligned.categories[i]),
    reference: top.map((i) => aligned.reference[i]),
    current: top.map((i) => aligned.current[i]),
    otherReference: sum(aligned.reference),
    otherCurrent: sum(aligned.current),
  };
}
