// Label-free accuracy estimate from the model's own confidence (NannyML's CBPE for accuracy), with the calibration
// check on the reference that says whether the estimate can be trusted.
import type { CbpeEstimate } from '../../shared/monitoring';
import { calibration } from '../metrics/calibration';

/**
 * Above this expected calibration error on the reference the estimate is flagged: a model whose confidence is off by
 * more than 5 points on average would move the estimate by about as much, which is the size of drop worth alerting on.
 */
export const ECE_WARNING = 0.05;

export const CBPE_ASSUMPTIONS =
  "Estimated without labels from the model's own confidence (confidence-based performance estimation, as NannyML's CBPE): " +
  'it holds when the predicted probabilities are calibrated and only the inputs moved, not the relation between inputs and label (no concept drift).';

/**
 * Expected accuracy: each row is right with the probability of its top class, so the mean of the top probability
 * over the rows (all rows when `rows` is null). NaN for no rows.
 */
export function expectedAccuracy(probabilities: Float64Array, k: number, rows: Int32Array | null): number {
  const n = rows ? rows.length : probabilities.length / k;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    let top = probabilities[r * k];
    for (let c = 1; c < k; c++) top = Math.max(top, probabilities[r * k + c]);
    sum += top;
  }
  return sum / n;
}

/** The labelled rows' probabilities, packed, for calibration(). */
function takeProbabilities(probabilities: Float64Array, k: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) out.set(probabilities.subarray(rows[i] * k, rows[i] * k + k), i * k);
  return out;
}

export interface CbpeInput {
  k: number;
  /** the reference's probabilities, and its labelled rows with their true class index (-1: a class the model never saw) */
  reference: { probabilities: Float64Array; rows: Int32Array; truth: Int32Array; accuracy: number };
  current: { probabilities: Float64Array };
  /** realised accuracy on the current data, when it has labels */
  realised: number | null;
  /** the reference is the dataset version the model was trained on, if it is */
  trainedOnReference: string | null;
}

/**
 * CBPE on the current data beside the reference's realised accuracy; the calibration check is 10-bin ECE on the
 * reference, and the warning also says when the reference is the model's own training data (the check is then optimistic).
 */
export function cbpeEstimate(input: CbpeInput): CbpeEstimate {
  const { k, reference } = input;
  const calibrationError = reference.rows.length > 0 ? calibration(reference.truth, takeProbabilities(reference.probabilities, k, reference.rows), k).ece : null;
  const warnings: string[] = [];
  if (calibrationError !== null && calibrationError > ECE_WARNING) {
    warnings.push(`The model's confidence is off by ${(calibrationError * 100).toFixed(1)} points on the reference (expected calibration error ${calibrationError.toFixed(3)} > ${ECE_WARNING}): the estimate is not reliable.`);
  }
  // a model is judged on rows it learned from: a memorising model looks accurate and calibrated there and nowhere else
  if (input.trainedOnReference) {
    warnings.push(`The reference ${input.trainedOnReference} is the data the model was trained on, where its accuracy and calibration look better than on new rows: compare against held-out data.`);
  }
  const warning = warnings.length > 0 ? warnings.join(' ') : null;
  return {
    metric: 'accuracy',
    estimated: expectedAccuracy(input.current.probabilities, k, null),
    reference: reference.accuracy,
    realised: input.realised,
    assumptions: CBPE_ASSUMPTIONS,
    calibrationError,
    warning,
  };
}
