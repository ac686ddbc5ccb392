// Calibration of the top-class confidence: expected calibration error and the reliability diagram's bins.

export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  /** null for an empty bin, so a plot shows a gap rather than a point at zero */
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface Calibration {
  ece: number;
  bins: ReliabilityBin[];
}

/**
 * Equal-width bins over [0, 1] on max(prob) per row; a confidence of exactly 1 falls in the last bin.
 * ECE = sum over bins of (rows in bin / rows) * |accuracy - mean confidence|.
 */
export function calibration(yTrue: Int32Array, probs: Float64Array, k: number, nBins = 10): Calibration {
  const count = new Array<number>(nBins).fill(0);
  const confSum = new Array<number>(nBins).fill(0);
  const correct = new Array<number>(nBins).fill(0);
  for (let r = 0; r < yTrue.length; r++) {
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[r * k + c] > probs[r * k + top]) top = c;
    const conf = probs[r * k + top];
    const b = Math.min(Math.floor(conf * nBins), nBins - 1);
    count[b]++;
    confSum[b] += conf;
    if (top === yTrue[r]) correct[b]++;
  }
  let ece = 0;
  const bins = count.map((n, b): ReliabilityBin => {
    const bin: ReliabilityBin = { lower: b / nBins, upper: (b + 1) / nBins, count: n, meanConfidence: null, accuracy: null };
    if (n === 0) return bin;
    bin.meanConfidence = confSum[b] / n;
    bin.accuracy = correct[b] / n;
    ece += (n / yTrue.length) * Math.abs(bin.accuracy - bin.meanConfidence);
    return bin;
  });
  return { ece, bins };
}
