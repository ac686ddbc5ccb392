// The hyperparameters each model kind takes, with their defaults and ranges: a renderer copy of
// src/main/experiments/model-params.ts (the renderer never imports main; the host re-checks every value it is sent).
import type { ModelKindName, TaskName } from '../../../../shared/experiments';

export type ParamSpec =
  | { type: 'float' | 'int'; default: number; min: number; max: number; hint: string }
  | { type: 'bool'; default: boolean; hint: string }
  | { type: 'layers'; default: string; hint: string };

export const MODEL_PARAMS: Record<ModelKindName, Record<string, ParamSpec>> = {
  logreg: {
    C: { type: 'float', default: 1, min: 1e-8, max: 1e8, hint: 'inverse regularisation strength' },
    max_iter: { type: 'int', default: 100, min: 1, max: 10_000, hint: 'solver iterations' },
    tol: { type: 'float', default: 1e-4, min: 0, max: 1, hint: 'stopping tolerance' },
  },
  linreg: {
    alpha: { type: 'float', default: 1, min: 0, max: 1e8, hint: 'L2 penalty (ridge)' },
  },
  gbdt: {
    learning_rate: { type: 'float', default: 0.1, min: 1e-4, max: 1, hint: 'shrinkage per round' },
    max_iter: { type: 'int', default: 100, min: 1, max: 5000, hint: 'boosting rounds' },
    max_leaf_nodes: { type: 'int', default: 31, min: 2, max: 4096, hint: 'leaves per tree' },
    max_depth: { type: 'int', default: 0, min: 0, max: 64, hint: '0: unlimited' },
    min_samples_leaf: { type: 'int', default: 20, min: 1, max: 1_000_000, hint: 'rows per leaf' },
    l2_regularization: { type: 'float', default: 0, min: 0, max: 1e6, hint: 'leaf value penalty' },
    early_stopping: { type: 'bool', default: false, hint: 'stop when validation loss stalls' },
  },
  mlp: {
    hidden_layer_sizes: { type: 'layers', default: '64', hint: 'layer widths, e.g. 64,32' },
    alpha: { type: 'float', default: 1e-4, min: 0, max: 10, hint: 'L2 penalty' },
    learning_rate_init: { type: 'float', default: 1e-3, min: 1e-6, max: 1, hint: 'Adam step size' },
    max_iter: { type: 'int', default: 50, min: 1, max: 5000, hint: 'epochs' },
    batch_size: { type: 'int', default: 128, min: 1, max: 65_536, hint: 'rows per step' },
  },
};

export const MODEL_LABELS: Record<ModelKindName, string> = {
  logreg: 'Logistic regression',
  linreg: 'Linear regression (ridge)',
  gbdt: 'Gradient-boosted trees',
  mlp: 'Neural network (MLP)',
};

export type ParamValues = Record<string, number | boolean | string>;

export function defaultParams(model: ModelKindName): ParamValues {
  return Object.fromEntries(Object.entries(MODEL_PARAMS[model]).map(([key, spec]) => [key, spec.default]));
}

/** the metrics a study can optimise for a task; the host picks val_log_loss or val_rmse when none is named */
export const STUDY_METRICS: Record<'classification' | 'regression', string[]> = {
  classification: ['val_log_loss', 'val_accuracy', 'val_f1_macro', 'val_f1_weighted', 'val_roc_auc', 'val_pr_auc', 'val_ece'],
  regression: ['val_rmse', 'val_mae', 'val_r2'],
};

export function metricFamily(task: TaskName | null): 'classification' | 'regression' {
  return task === 'regression' ? 'regression' : 'classification';
}

/** lower is better for losses and errors, higher for scores: the same rule the host's study uses */
export function lowerIsBetter(metric: string): boolean {
  return /(loss|rmse|mae|ece|error)/.test(metric);
}
