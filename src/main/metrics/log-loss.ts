// Cross-entropy of predicted probabilities against the true classes, as sklearn 1.2's log_loss.

/**
 * sklearn 1.2 clips to [eps, 1 - eps] with eps="auto", the float64 machine epsilon (1e-15 was the default
 * up to 1.1), then renormalises each row so a clipped row is still a distribution.
 */
export function logLoss(yTrue: Int32Array, probs: Float64Array, k: number, eps = Number.EPSILON): number {
  let total = 0;
  for (let r = 0; r < yTrue.length; r++) {
    let rowSum = 0;
    for (let c = 0; c < k; c++) rowSum += clip(probs[r * k + c], eps);
    total -= Math.log(clip(probs[r * k + yTrue[r]], eps) / rowSum);
  }
  return total / yTrue.length;
}

function clip(p: number, eps: number): number {
  return Math.min(Math.max(p, eps), 1 - eps);
}
