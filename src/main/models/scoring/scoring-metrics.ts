// Scoring metrics of a model's predictions against a label column: accuracy, F1 and ROC-AUC for classifiers, RMSE,
// MAE and R² for regressors, as scikit-learn 1.2 computes them (fixtures/scoring-metrics.json), over the rows whose label is present.
import type { ColumnType } from '../../../shared/domain';
import type { ScoringMetrics } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import { classScores, confusionMatrix, macroAverage } from '../../metrics/label-scores';
import { rocAuc, rocCurve } from '../../metrics/ranking-curves';
import { mae, r2, rmse } from '../../metrics/regression-report';
import type { FeatureColumn } from '../../training/model-types';
import { booleanLabels } from '../boolean-target';
import type { PickedPrediction } from './predict';

/**
 * A label cell as text: an integer label 2 reads "2", as the model's integer label output does; a boolean target's
 * 0 / 1 reads as the model spells no / yes (`spelt`) where it does; missing is null.
 */
function truthText(target: FeatureColumn, spelt: [string, string] | null, row: number): string | null {
  if (target.kind !== 'numeric') return target.values[row];
  const v = target.values[row];
  if (Number.isNaN(v)) return null;
  return spelt ? spelt[v] : String(v);
}

/**
 * Binary: F1 of the positive class, which is the class of the second score column when the model says, else yes (or
 * true) of a boolean target, else the second of the two sorted labels (scikit-learn's pos_label for 0/1 and for no/yes). Multiclass: macro F1 over every
 * label that is true or predicted (scikit-learn's average='macro').
 */
function classification(picked: Extract<PickedPrediction, { task: 'classification' }>, target: FeatureColumn, type: ColumnType): ScoringMetrics {
  const columnClasses = picked.columnClasses ?? [];
  const namedClasses = columnClasses.filter((c): c is string => c !== null);
  // the importer stored a yes / no (or true / false) target as 0 / 1, while the model still says "yes"
  const spelt = type === 'boolean' ? booleanLabels([...new Set(picked.labels), ...namedClasses]) : null;
  const rows: number[] = [];
  for (let r = 0; r < picked.labels.length; r++) if (truthText(target, spelt, r) !== null) rows.push(r);
  if (rows.length === 0) fail('BAD_INPUT', `The target '${target.name}' has no value in any row, so there is nothing to score against.`, { where: { field: target.name } });
  const truth = rows.map((r) => truthText(target, spelt, r)!);
  const predicted = rows.map((r) => picked.labels[r]);
  const labels = [...new Set([...truth, ...predicted, ...namedClasses])].sort();
  const binary = labels.length <= 2;
  const index = new Map(labels.map((l, i) => [l, i]));
  const k = Math.max(labels.length, 2);
  const matrix = confusionMatrix(Int32Array.from(truth, (t) => index.get(t)!), Int32Array.from(predicted, (p) => index.get(p)!), k);
  const scores = classScores(matrix);
  const correct = truth.filter((t, i) => t === predicted[i]).length;
  const present = scores.f1.filter((_, c) => c < labels.length);

  const positive = (picked.scores?.width === 2 ? columnClasses[1] : null) ?? spelt?.[1] ?? labels[1] ?? null;
  let rocAucValue: number | null = null;
  if (binary && picked.positiveScore && positive !== null) {
    const score = picked.positiveScore;
    // a row the model gave no score (NaN, as from a missing input) has no rank: ROC AUC is over the rows it scored
    const ranked = rows.flatMap((r, i) => (Number.isNaN(score[r]) ? [] : [i]));
    const curve = rocCurve(Uint8Array.from(ranked, (i) => (truth[i] === positive ? 1 : 0)), Float64Array.from(ranked, (i) => score[rows[i]]));
    rocAucValue = curve && rocAuc(curve);
  }
  const positiveIndex = positive === null ? -1 : (index.get(positive) ?? -1);
  return {
    task: binary ? 'binary' : 'multiclass',
    target: target.name,
    rows: rows.length,
    metrics: {
      accuracy: correct / rows.length,
      f1: binary ? (positiveIndex >= 0 ? scores.f1[positiveIndex] : null) : macroAverage(present),
      f1_macro: macroAverage(present),
      roc_auc: rocAucValue,
    },
  };
}

function regression(picked: Extract<PickedPrediction, { task: 'regression' }>, target: FeatureColumn): ScoringMetrics {
  if (target.kind !== 'numeric') {
    fail('BAD_INPUT', `The model predicts numbers (output '${picked.valueOutput}'), but the target '${target.name}' is ${target.kind}.`, { where: { field: target.name } });
  }
  const rows: number[] = [];
  for (let r = 0; r < picked.values.length; r++) if (Number.isFinite(target.values[r]) && Number.isFinite(picked.values[r])) rows.push(r);
  if (rows.length === 0) fail('BAD_INPUT', `No row has both a value of '${target.name}' and a prediction, so there is nothing to score against.`, { where: { field: target.name } });
  const truth = Float64Array.from(rows, (r) => target.values[r]);
  const predicted = Float64Array.from(rows, (r) => picked.values[r]);
  return { task: 'regression', target: target.name, rows: rows.length, metrics: { rmse: rmse(truth, predicted), mae: mae(truth, predicted), r2: r2(truth, predicted) } };
}

/** `type` is the target column's stored type (a boolean column reads as numbers 0/1). */
export function scoringMetrics(picked: PickedPrediction, target: FeatureColumn, type: ColumnType): ScoringMetrics {
  return picked.task === 'classification' ? classification(picked, target, type) : regression(picked, target);
}
