// Per-group confusion counts, the rates read from them, and the between-group disparities as Fairlearn defines them.
import type { Disparities, DisparityName, GroupRates, RateName } from '../../shared/fairness';

/** A binary classifier's confusion counts over some rows; every fairness figure is a function of these four. */
export interface ConfusionCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export type { Disparities, DisparityName, GroupRates, RateName };

export const DISPARITY_NAMES: readonly DisparityName[] = [
  'demographicParityDifference',
  'demographicParityRatio',
  'truePositiveRateDifference',
  'falsePositiveRateDifference',
  'equalizedOddsDifference',
];

const ratio = (num: number, den: number): number | null => (den === 0 ? null : num / den);

export function ratesOf(c: ConfusionCounts): GroupRates {
  const count = c.tp + c.fp + c.fn + c.tn;
  return {
    count,
    selectionRate: ratio(c.tp + c.fp, count),
    accuracy: ratio(c.tp + c.tn, count),
    truePositiveRate: ratio(c.tp, c.tp + c.fn),
    falsePositiveRate: ratio(c.fp, c.fp + c.tn),
    precision: ratio(c.tp, c.tp + c.fp),
  };
}

/** Smallest and largest of the defined values, or null when none is defined. */
function range(values: (number | null)[]): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return min === Infinity ? null : { min, max };
}

export function disparitiesOf(groups: GroupRates[]): Disparities {
  const selection = range(groups.map((g) => g.selectionRate));
  const tpr = range(groups.map((g) => g.truePositiveRate));
  const fpr = range(groups.map((g) => g.falsePositiveRate));
  const tprDiff = tpr ? tpr.max - tpr.min : null;
  const fprDiff = fpr ? fpr.max - fpr.min : null;
  // Fairlearn's worst case over the two; with only one of them defined (no group has negatives, say), that one.
  const odds = tprDiff === null ? fprDiff : fprDiff === null ? tprDiff : Math.max(tprDiff, fprDiff);
  return {
    demographicParityDifference: selection ? selection.max - selection.min : null,
    demographicParityRatio: selection ? ratio(selection.min, selection.max) : null,
    truePositiveRateDifference: tprDiff,
    falsePositiveRateDifference: fprDiff,
    equalizedOddsDifference: odds,
  };
}
