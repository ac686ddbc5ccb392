// What an explanation of a model version holds, as src/main/explain computes it and an 'explanation' evaluation stores
// it: permutation importance, partial dependence with ICE lines, and KernelSHAP values, each over one score per row.

/** One column's permutation importance over the repeats. */
export interface ColumnImportance {
  name: string;
  /** mean over repeats of baseline - permuted metric */
  mean: number;
  /** population standard deviation (numpy's default, as sklearn reports it) */
  std: number;
  drops: number[];
}

export interface PermutationImportance {
  metric: string;
  baseline: number;
  repeats: number;
  columns: ColumnImportance[];
}

export interface IceLine {
  row: number;
  /** the row's score at each grid value */
  values: number[];
}

export interface PartialDependence {
  column: string;
  /** numbers for a numeric column, categories (sorted, missing left out) for a categorical one */
  grid: number[] | string[];
  /** mean score over all rows at each grid value */
  average: number[];
  ice: IceLine[];
}

export interface RowExplanation {
  row: number;
  prediction: number;
  /** one per column; sum = prediction - baseValue */
  values: number[];
}

/** KernelSHAP's values, without the background they are relative to (kept apart: its columns are typed arrays). */
export interface ShapValues {
  columns: string[];
  /** the background's weighted mean score: the value of the empty coalition */
  baseValue: number;
  rows: RowExplanation[];
  /** global importance: mean |SHAP| per column over the explained rows */
  meanAbs: number[];
}

/** The background as stored: one row of values per centroid (in `columns` order, null missing) and its weight. */
export interface StoredBackground {
  rows: (number | string | null)[][];
  weights: number[];
}

export interface StoredKernelShap extends ShapValues {
  background: StoredBackground;
}

/**
 * The one number per row every method explains. A classifier's is the probability of one class (the positive class
 * of a binary model; for a multiclass model the class asked for, by default the one it ranks first most often on the
 * rows), or, when it returns labels only, 1 where it predicts that class and 0 elsewhere; a regression model's is
 * its value.
 */
export type ExplainedScore =
  | { kind: 'probability'; output: string; className: string; classIndex: number }
  | { kind: 'label'; output: string; className: string }
  | { kind: 'value'; output: string };

/** The method's result, by method. */
export type ExplanationResult =
  | { method: 'permutation'; result: PermutationImportance }
  | { method: 'pdp'; result: PartialDependence[] }
  | { method: 'shap'; result: StoredKernelShap };
