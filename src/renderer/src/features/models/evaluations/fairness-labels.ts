// What each fairness figure is called in the window: disparities and per-group rates, in the order they are shown.
import type { DisparityName, RateName } from '../../../../../shared/fairness';

export const DISPARITY_LABELS: Record<DisparityName, string> = {
  demographicParityDifference: 'Demographic parity difference',
  demographicParityRatio: 'Demographic parity ratio',
  truePositiveRateDifference: 'True positive rate difference',
  falsePositiveRateDifference: 'False positive rate difference',
  equalizedOddsDifference: 'Equalized odds difference',
};

export const DISPARITY_NAMES = Object.keys(DISPARITY_LABELS).filter((k): k is DisparityName => Object.hasOwn(DISPARITY_LABELS, k));

export const RATE_LABELS: Record<RateName, string> = {
  selectionRate: 'Selection rate',
  accuracy: 'Accuracy',
  truePositiveRate: 'TPR',
  falsePositiveRate: 'FPR',
  precision: 'Precision',
};

export const RATE_NAMES = Object.keys(RATE_LABELS).filter((k): k is RateName => Object.hasOwn(RATE_LABELS, k));
