// Regression metrics (RMSE, MAE, R²) as sklearn computes them, returned under flat names for run tracking.
import { fail } from '../../shared/errors';

export interface RegressionMetrics {
  rmse: number;
  mae: number;
  r2: number;
}

export interface RegressionReport {
  metrics: RegressionMetrics;
  n: number;
}

export function rmse(yTrue: Float64Array, yPred: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i] - yPred[i]) ** 2;
  return Math.sqrt(sum / yTrue.length);
}

export function mae(yTrue: Float64Array, yPred: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i] - yPred[i]);
  return sum / yTrue.length;
}

/** sklearn's force_finite: a constant target gives 1 for a perfect fit and 0 otherwise, instead of NaN or -inf. */
export function r2(yTrue: Float64Array, yPred: Float64Array): number {
  let mean = 0;
  for (const y of yTrue) mean += y;
  mean /= yTrue.length;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < yTrue.length; i++) {
    ssRes += (yTrue[i] - yPred[i]) ** 2;
    ssTot += (yTrue[i] - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}

export function regressionReport(yTrue: Float64Array, yPred: Float64Array): RegressionReport {
  if (yTrue.length !== yPred.length) fail('BAD_INPUT', `y_true has ${yTrue.length} rows but predictions have ${yPred.length}`);
  if (yTrue.length === 0) fail('BAD_INPUT', 'regression metrics need at least one row');
  const bad = [...yTrue, ...yPred].findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) fail('BAD_INPUT', `row ${bad % yTrue.length} holds a value that is not a finite number`);
  return { metrics: { rmse: rmse(yTrue, yPred), mae: mae(yTrue, yPred), r2: r2(yTrue, yPred) }, n: yTrue.length };
}
