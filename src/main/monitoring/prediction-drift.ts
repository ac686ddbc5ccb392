// Prediction drift, performance drift and CBPE for a drift report: both sides scored with the model version's ONNX
// file, its outputs tested like a column, realised performance where labels exist, and per-window figures on demand.
import { fail } from '../../shared/errors';
import { driftSeverity, type PredictionDrift } from '../../shared/monitoring';
import type { DatasetColumns } from '../experiments/dataset-columns';
import type { ProjectStore } from '../store/project-store';
import type { FeatureColumn } from '../training/model-types';
import { cbpeEstimate, expectedAccuracy } from './cbpe';
import { columnDrift, type ColumnSample } from './column-drift';
import { inputProblem, loadScoringModel, scoreDataset, type Scores, type ScoringModel } from './model-scoring';
import { aggregate, labelledRows, NO_LABEL, performanceFigure, rowScores, UNSEEN, type RowScores, type Truth } from './performance-drift';
import { histogramFrame } from './report-histograms';
import { sortedNumbers } from './sort-numbers';

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
  /** the figures for a window: `rows` of `data` (null = every row); consecutive windows of one version score it once */
  forWindow(data: DatasetColumns, rows: Int32Array | null): Promise<WindowPrediction>;
}

/** The name the model's output is reported under, like a column. */
export const PREDICTION_COLUMN = 'prediction';

/** an empty window's figures, and those of a window whose data the model cannot score */
const NO_FIGURES: WindowPrediction = { estimatedPerformance: null, realisedPerformance: null, predictionDrift: null };

interface Scored {
  scores: Scores;
  /** null when the version has no label column */
  truth: Truth | null;
}

/**
 * Scores reference and current with `model` (a model version id) and compares them. The label column is `label`
 * (BAD_INPUT when either side lacks it), else the model's training target on whichever sides have it. Performance
 * needs labels on both sides, CBPE on the reference (its reference accuracy and calibration check); else they are null.
 * Throws JOB_CANCELLED (from ctx) between scoring batches.
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
  const score = (data: DatasetColumns): Promise<Scored> => scoreWithTruth(scoring, data, labelColumn, () => ctx.checkCancelled());
  const ref = await score(reference);
  const cur = await score(current);
  // Windows of the current data reuse its scores; per-version windows come one version after another, so only the
  // latest other version is kept (hundreds of scored versions would otherwise stay in memory together).
  const kept = new Map<string, Promise<Scored>>([[reference.versionId, Promise.resolve(ref)], [current.versionId, Promise.resolve(cur)]]);
  let latest: { id: string; scored: Promise<Scored> } | null = null;
  const scored = (data: DatasetColumns): Promise<Scored> => {
    const hit = kept.get(data.versionId) ?? (latest?.id === data.versionId ? latest.scored : null);
    if (hit) return hit;
    latest = { id: data.versionId, scored: score(data) };
    return latest.scored;
  };
  // numbers come sorted: the tests sort their input unless it already is, and every window reuses the reference's
  const refSample = outputSample(ref.scores, null);
  const result = predictionResult(scoring, labelColumn, reference.versionId, ref, cur, refSample);
  return {
    result,
    async forWindow(data, rows) {
      // a version window whose version lacks an input has no figures (its columns show why), rather than failing the report
      if ((rows !== null && rows.length === 0) || inputProblem(scoring, data)) return NO_FIGURES;
      const win = await scored(data);
      if (win.scores.rows === 0) return NO_FIGURES;
      const drift = columnDrift({ column: PREDICTION_COLUMN, type: outputType(win.scores), reference: refSample, current: outputSample(win.scores, rows) });
      const realised = win.truth ? rowScores(win.scores, win.truth, rows) : null;
      return {
        estimatedPerformance: win.scores.task === 'regression' ? null : expectedAccuracy(win.scores.probabilities, win.scores.classes.length, rows),
        realisedPerformance: realised && realised.values.length > 0 ? aggregate(realised.metric, realised.values) : null,
        predictionDrift: drift.statistic === null ? null : drift.drift,
      };
    },
  };
}

function predictionResult(scoring: ScoringModel, labelColumn: string, referenceId: string, ref: Scored, cur: Scored, refSample: ColumnSample): PredictionDrift {
  const curSample = outputSample(cur.scores, null);
  const drift = columnDrift({ column: PREDICTION_COLUMN, type: outputType(ref.scores), reference: refSample, current: curSample });
  const refScores = ref.truth ? rowScores(ref.scores, ref.truth, null) : null;
  const curScores = cur.truth ? rowScores(cur.scores, cur.truth, null) : null;
  const labelled = (s: RowScores | null): s is RowScores => s !== null && s.values.length > 0;
  const performance = labelled(refScores) && labelled(curScores) ? performanceFigure(refScores, curScores) : null;
  let cbpe: PredictionDrift['cbpe'] = null;
  if (ref.scores.task !== 'regression' && cur.scores.task !== 'regression' && cur.scores.rows > 0 && ref.truth?.kind === 'classes' && labelled(refScores)) {
    const classes = ref.truth.classes;
    const rows = labelledRows(classes);
    cbpe = cbpeEstimate({
      k: ref.scores.classes.length,
      reference: { probabilities: ref.scores.probabilities, rows, truth: Int32Array.from(rows, (r) => classes[r]), accuracy: aggregate('accuracy', refScores.values) },
      current: { probabilities: cur.scores.probabilities },
      realised: labelled(curScores) ? aggregate('accuracy', curScores.values) : null,
      trainedOnReference: scoring.trainedOn === referenceId ? referenceId : null,
    });
  }
  return {
    model: scoring.id,
    output: scoring.task === 'regression' ? 'value' : 'label',
    drift: { ...drift, severity: driftSeverity(drift), histogram: histogramFrame(refSample, [curSample]).histogram(curSample) },
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
  if (label === undefined) return scoring.target;
  for (const side of [reference, current]) {
    if (!side.schema.some((c) => c.name === label)) fail('BAD_INPUT', `The label column '${label}' is not in ${side.versionId}.`, { where: { field: label } });
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
  return { scores, truth: present ? readTruth(scores, data.read(labelColumn)) : null };
}

/** A label cell as the trainer reads a target: numbers by their decimal string (so 1 is class "1"), missing as no label. */
function readTruth(scores: Scores, col: FeatureColumn): Truth | null {
  if (scores.task === 'regression') return col.kind === 'numeric' ? { kind: 'values', values: col.values } : null;
  const index = new Map(scores.classes.map((c, i) => [c, i]));
  const classes = new Int32Array(col.values.length);
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i];
    const text = typeof v === 'number' ? (Number.isNaN(v) ? null : String(v)) : v;
    classes[i] = text === null ? NO_LABEL : (index.get(text) ?? UNSEEN);
  }
  return { kind: 'classes', classes };
}

function outputType(scores: Scores): 'numeric' | 'categorical' {
  return scores.task === 'regression' ? 'numeric' : 'categorical';
}

/** The outputs of `rows` (null = all) as a column sample: class names, or finite values (sorted) with the rest counted as nulls. */
function outputSample(scores: Scores, rows: Int32Array | null): ColumnSample {
  const n = rows ? rows.length : scores.rows;
  const at = (i: number) => (rows ? rows[i] : i);
  if (scores.task === 'regression') {
    const values: number[] = [];
    for (let i = 0; i < n; i++) if (Number.isFinite(scores.values[at(i)])) values.push(scores.values[at(i)]);
    return { kind: 'numeric', values: sortedNumbers(Float64Array.from(values)), nulls: n - values.length };
  }
  const values = new Array<string>(n);
  for (let i = 0; i < n; i++) values[i] = scores.classes[scores.predicted[at(i)]];
  return { kind: 'categorical', values, nulls: 0 };
}
