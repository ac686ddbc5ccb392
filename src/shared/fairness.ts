// What a fairness report of a binary classifier holds, as src/main/fairness computes it and a 'fairness' evaluation
// stores it: per-group rates with bootstrap intervals, the disparities between groups, the four-fifths rule, checks.

/**
 * The rates of one group (or of all rows). A rate whose denominator is zero is null: a group with no actual positives
 * has no true positive rate. (Fairlearn reads rates through scikit-learn's confusion_matrix(normalize='true'), which
 * turns 0/0 into 0; a 0 would then count as the group's rate in every difference, so a group without positives would
 * look maximally unfair. Null keeps it out of the comparison instead, and the report says so.)
 */
export interface GroupRates {
  count: number;
  selectionRate: number | null;
  accuracy: number | null;
  truePositiveRate: number | null;
  falsePositiveRate: number | null;
  precision: number | null;
}

export type RateName = Exclude<keyof GroupRates, 'count'>;

/** Disparities between groups, over the groups whose rate is defined; null where no group's is. */
export interface Disparities {
  /** max - min selection rate (Fairlearn's demographic_parity_difference, method='between_groups') */
  demographicParityDifference: number | null;
  /** min / max selection rate (demographic_parity_ratio); null when no group selects anyone (0/0) */
  demographicParityRatio: number | null;
  /** max - min true positive rate (Fairlearn's true_positive_rate_difference; "equal opportunity") */
  truePositiveRateDifference: number | null;
  /** max - min false positive rate (false_positive_rate_difference) */
  falsePositiveRateDifference: number | null;
  /** the larger of the two differences above (equalized_odds_difference, agg='worst_case') */
  equalizedOddsDifference: number | null;
}

export type DisparityName = keyof Disparities;

/** What a user can require of the disparities: differences at most, the ratio at least. Only those set are checked. */
export type FairnessThresholds = Partial<Record<DisparityName, number>>;

/**
 * Rows whose sensitive value is missing: 'group' (the default) reports them as one more group, key null, so rows
 * without the attribute are neither dropped silently nor hidden inside another group, and they take part in the
 * disparities like any group; 'exclude' leaves them out of everything and only counts them.
 */
export type MissingGroupHandling = 'group' | 'exclude';

/** A figure with its bootstrap interval; value or interval null where undefined (or no resamples were asked for). */
export interface Estimate {
  value: number | null;
  low: number | null;
  high: number | null;
}

export type GroupReport = { group: string | null; count: number } & Record<RateName, Estimate>;

export interface ThresholdCheck {
  metric: DisparityName;
  value: number | null;
  threshold: number;
  /** 'max': pass when value <= threshold (differences); 'min': pass when value >= threshold (the ratio) */
  direction: 'max' | 'min';
  /** null when the value is undefined, so nothing can be said */
  pass: boolean | null;
}

export interface FairnessReport {
  /** every row given, those with no sensitive value included */
  rows: number;
  missingGroupRows: number;
  missing: MissingGroupHandling;
  /** the rates over every row taking part (without the missing group's rows when they are excluded) */
  overall: GroupRates;
  /** sorted by group name, the missing group last */
  groups: GroupReport[];
  disparities: Record<DisparityName, Estimate>;
  /**
   * min / max selection rate against 0.8 (pass null when no group selects anyone). Every group has rows, so every
   * selection rate is defined and a null lowest or highest group is the missing-value group. One group passes.
   */
  fourFifths: { ratio: number | null; pass: boolean | null; lowestGroup: string | null; highestGroup: string | null };
  checks: ThresholdCheck[];
  /** Resampling is stratified by group: each resample draws every group's own row count from its rows. */
  bootstrap: { resamples: number; seed: number; level: number; stratified: true };
}
