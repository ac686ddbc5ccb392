// One call from (y_true, probabilities, class names) to every classification metric, as plain JSON for run tracking.
import { fail } from '../../shared/errors';
import { calibration, type ReliabilityBin } from './calibration';
import { downsampleSeries } from './downsample';
import { accuracyOf, argmaxRows, classScores, confusionMatrix, macroAverage, weightedAverage } from './label-scores';
import { logLoss } from './log-loss';
import { averagePrecision, rankingCurves, rocAuc, type PrCurve, type RocCurve } from './ranking-curves';

/** Flat names, so a run tracker can store and compare them as scalars; null where the metric is undefined for this data. */
export interface ClassificationMetrics {
  accuracy: number;
  precision_macro: number;
  recall_macro: number;
  f1_macro: number;
  precision_weighted: number;
  recall_weighted: number;
  f1_weighted: number;
  roc_auc: number | null;
  pr_auc: number | null;
  log_loss: number;
  ece: number;
}

export interface ClassBlock {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** one-vs-rest; null when the class is absent from y_true (or is every row) */
  roc_auc: number | null;
  pr_auc: number | null;
}

export interface ClassificationReport {
  metrics: ClassificationMetrics;
  classes: ClassBlock[];
  confusion: { labels: string[]; matrix: number[][] };
  /** downsampled to at most MAX_CURVE_POINTS; binary: the positive class (index 1) only, multiclass: one per class */
  curves: {
    roc: (RocCurve & { className: string })[];
    pr: (PrCurve & { className: string })[];
  };
  reliability: ReliabilityBin[];
}

export interface ClassificationInput {
  /** class index per row, 0 <= y < classNames.length */
  yTrue: Int32Array;
  /** rows x K, row-major, each row a probability distribution */
  probs: Float64Array;
  classNames: readonly string[];
}

function validate({ yTrue, probs, classNames }: ClassificationInput): void {
  const k = classNames.length;
  if (k < 2) fail('BAD_INPUT', `classification needs at least 2 classes, got ${k}`);
  if (yTrue.length === 0) fail('BAD_INPUT', 'classification metrics need at least one row');
  if (probs.length !== yTrue.length * k) fail('BAD_INPUT', `probabilities hold ${probs.length} values, expected ${yTrue.length} rows x ${k} classes`);
  const badLabel = yTrue.findIndex((y) => y < 0 || y >= k);
  if (badLabel >= 0) fail('BAD_INPUT', `row ${badLabel} has class index ${yTrue[badLabel]}, outside 0..${k - 1}`);
  const badProb = probs.findIndex((p) => !(p >= 0 && p <= 1));
  if (badProb >= 0) fail('BAD_INPUT', `row ${Math.floor(badProb / k)} has probability ${probs[badProb]}, outside [0, 1]`);
}

function column(probs: Float64Array, k: number, c: number): Float64Array {
  const out = new Float64Array(probs.length / k);
  for (let r = 0; r < out.length; r++) out[r] = probs[r * k + c];
  return out;
}

function isClass(yTrue: Int32Array, c: number): Uint8Array {
  const out = new Uint8Array(yTrue.length);
  for (let r = 0; r < out.length; r++) out[r] = yTrue[r] === c ? 1 : 0;
  return out;
}

/**
 * Multiclass ROC-AUC and PR-AUC are unweighted means of the one-vs-rest figures (sklearn's
 * multi_class='ovr', average='macro'). Where sklearn raises for a class absent from y_true, we average
 * over the classes that have a defined figure, so a test split that misses a rare class still gets a report.
 */
function definedMean(values: (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null);
  return defined.length === 0 ? null : macroAverage(defined);
}

export function classificationReport(input: ClassificationInput): ClassificationReport {
  validate(input);
  const { yTrue, probs, classNames } = input;
  const k = classNames.length;
  const matrix = confusionMatrix(yTrue, argmaxRows(probs, k), k);
  const scores = classScores(matrix);

  const classes: ClassBlock[] = [];
  const roc: ClassificationReport['curves']['roc'] = [];
  const pr: ClassificationReport['curves']['pr'] = [];
  for (let c = 0; c < k; c++) {
    const { roc: rocC, pr: prC } = rankingCurves(isClass(yTrue, c), column(probs, k, c));
    const className = classNames[c];
    classes.push({
      name: className,
      precision: scores.precision[c],
      recall: scores.recall[c],
      f1: scores.f1[c],
      support: scores.support[c],
      roc_auc: rocC && rocAuc(rocC),
      pr_auc: prC && averagePrecision(prC),
    });
    // Binary: class 0's curves mirror class 1's, so storing them would only double the bytes.
    if (k === 2 && c === 0) continue;
    if (rocC) roc.push({ className, ...downsampleSeries(rocC) });
    if (prC) pr.push({ className, ...downsampleSeries(prC) });
  }

  const { ece, bins } = calibration(yTrue, probs, k);
  const binary = k === 2;
  return {
    metrics: {
      accuracy: accuracyOf(matrix),
      precision_macro: macroAverage(scores.precision),
      recall_macro: macroAverage(scores.recall),
      f1_macro: macroAverage(scores.f1),
      precision_weighted: weightedAverage(scores.precision, scores.support),
      recall_weighted: weightedAverage(scores.recall, scores.support),
      f1_weighted: weightedAverage(scores.f1, scores.support),
      roc_auc: binary ? classes[1].roc_auc : definedMean(classes.map((b) => b.roc_auc)),
      pr_auc: binary ? classes[1].pr_auc : definedMean(classes.map((b) => b.pr_auc)),
      log_loss: logLoss(yTrue, probs, k),
      ece,
    },
    classes,
    confusion: { labels: [...classNames], matrix },
    curves: { roc, pr },
    reliability: bins,
  };
}
