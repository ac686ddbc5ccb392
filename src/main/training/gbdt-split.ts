// Best split of a node from its histogram, scanning bins as sklearn 1.2's Splitter does (missing values tried on both sides).
import { BINS_PER_FEATURE, type BinnedFeatures } from './gbdt-binning';
import { SLOT } from './gbdt-histogram';

/** sklearn's min_hessian_to_split: a side with less curvature than this gives a meaningless leaf value. */
const MIN_HESSIAN = 1e-3;

export interface SplitRule {
  minSamplesLeaf: number;
  l2Regularization: number;
}

export interface SplitChoice {
  /** G_L^2/(H_L+l2) + G_R^2/(H_R+l2) - G^2/(H+l2); not positive when no split is allowed */
  gain: number;
  feature: number;
  /** rows with code <= bin go left */
  bin: number;
  missingLeft: boolean;
  gradLeft: number;
  hessLeft: number;
  countLeft: number;
}

export function emptySplit(): SplitChoice {
  return { gain: -1, feature: -1, bin: 0, missingLeft: false, gradLeft: 0, hessLeft: 0, countLeft: 0 };
}

/** Fills `best` with the best split over all features of a node holding `count` rows with gradient sum g and hessian sum h. */
export function findBestSplit(
  data: BinnedFeatures,
  hist: Float64Array,
  g: number,
  h: number,
  count: number,
  rule: SplitRule,
  best: SplitChoice,
): void {
  const { minSamplesLeaf, l2Regularization: l2 } = rule;
  const parentScore = (g * g) / (h + l2);
  // Imported bindings are read through a getter per use when the sources run under tsx: the bin loops read locals.
  const slot = SLOT;
  const span = BINS_PER_FEATURE * slot;
  best.gain = -1;
  for (let f = 0; f < data.features; f++) {
    const base = f * span;
    const valueBins = data.nonMissingBins[f];
    const withMissing = data.hasMissing[f] === 1;
    // Missing values go right. Splitting after the last value bin only makes sense when missing rows are there to go right.
    let gl = 0;
    let hl = 0;
    let nl = 0;
    const lastLeft = valueBins - 2 + (withMissing ? 1 : 0);
    for (let b = 0; b <= lastLeft; b++) {
      const s = base + b * slot;
      gl += hist[s];
      hl += hist[s + 1];
      nl += hist[s + 2];
      if (nl < minSamplesLeaf || hl < MIN_HESSIAN) continue;
      const hr = h - hl;
      if (count - nl < minSamplesLeaf || hr < MIN_HESSIAN) break;
      const gr = g - gl;
      const gain = (gl * gl) / (hl + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (gain > best.gain && gain > 0) setBest(best, gain, f, b, false, gl, hl, nl);
    }
    if (!withMissing) continue;
    // Missing values go left: scan from the right, accumulating the right side without the missing bin.
    let gr = 0;
    let hr = 0;
    let nr = 0;
    for (let b = valueBins - 2; b >= 0; b--) {
      const s = base + (b + 1) * slot;
      gr += hist[s];
      hr += hist[s + 1];
      nr += hist[s + 2];
      if (nr < minSamplesLeaf || hr < MIN_HESSIAN) continue;
      const hl2 = h - hr;
      if (count - nr < minSamplesLeaf || hl2 < MIN_HESSIAN) break;
      const gl2 = g - gr;
      const gain = (gl2 * gl2) / (hl2 + l2) + (gr * gr) / (hr + l2) - parentScore;
      if (gain > best.gain && gain > 0) setBest(best, gain, f, b, true, gl2, hl2, count - nr);
    }
  }
}

function setBest(best: SplitChoice, gain: number, f: number, bin: number, missingLeft: boolean, gl: number, hl: number, nl: number): void {
  best.gain = gain;
  best.feature = f;
  best.bin = bin;
  best.missingLeft = missingLeft;
  best.gradLeft = gl;
  best.hessLeft = hl;
  best.countLeft = nl;
}
