// Which metrics a study can optimise, which one it optimises by default, and in which direction: the host's study and
// the window's forms and charts read the same rules.
import type { TaskName } from './experiments';

export type MetricFamily = 'classification' | 'regression';

/** the validation metrics a study can optimise, per family; the first is the default */
export const STUDY_METRICS: Record<MetricFamily, string[]> = {
  classification: ['val_log_loss', 'val_accuracy', 'val_f1_macro', 'val_f1_weighted', 'val_roc_auc', 'val_pr_auc', 'val_ece'],
  regression: ['val_rmse', 'val_mae', 'val_r2'],
};

export function metricFamily(task: TaskName | string | null): MetricFamily {
  return task === 'regression' ? 'regression' : 'classification';
}

/** what a study optimises when it is given no metric: log loss for classes, RMSE for regression */
export function defaultMetric(task: TaskName | string | null): string {
  return STUDY_METRICS[metricFamily(task)][0];
}

/** lower is better for losses and errors, higher for scores */
export function lowerIsBetter(metric: string): boolean {
  return /(loss|rmse|mae|ece|error)/.test(metric);
}

export function metricDirection(metric: string): 'minimize' | 'maximize' {
  return lowerIsBetter(metric) ? 'minimize' : 'maximize';
}
