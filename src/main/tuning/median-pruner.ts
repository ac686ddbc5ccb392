// Stops a trial whose best intermediate value so far is worse than the median of completed trials at the same step: Optuna 3.1's MedianPruner.
import type { Direction, Pruner, TrialRecord } from './trial';

export interface MedianPrunerOptions {
  /** no pruning until this many trials have completed (Optuna: 5) */
  nStartupTrials?: number;
  /** no pruning before this step (Optuna: 0) */
  nWarmupSteps?: number;
  /** check only at the first report at or after every interval_steps-th step past warm-up (Optuna: 1) */
  intervalSteps?: number;
}

/** linear-interpolation median, as numpy's percentile(50) */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = (sorted.length - 1) / 2;
  return (sorted[Math.floor(mid)] + sorted[Math.ceil(mid)]) / 2;
}

export class MedianPruner implements Pruner {
  private readonly nStartupTrials: number;
  private readonly nWarmupSteps: number;
  private readonly intervalSteps: number;

  constructor({ nStartupTrials = 5, nWarmupSteps = 0, intervalSteps = 1 }: MedianPrunerOptions = {}) {
    this.nStartupTrials = nStartupTrials;
    this.nWarmupSteps = nWarmupSteps;
    this.intervalSteps = intervalSteps;
  }

  /**
   * Like Optuna, the trial is judged by its best value over all its steps (not only the latest), so one
   * noisy step does not kill a trial that has already shown it can do well.
   */
  shouldPrune(trial: TrialRecord, trials: readonly TrialRecord[], direction: Direction): boolean {
    const completed = trials.filter((t) => t.state === 'complete');
    if (completed.length === 0 || completed.length < this.nStartupTrials) return false;
    if (trial.intermediate.size === 0) return false;
    const steps = [...trial.intermediate.keys()];
    const step = Math.max(...steps);
    if (step < this.nWarmupSteps) return false;
    if (!this.isFirstReportInInterval(step, steps)) return false;

    const own = [...trial.intermediate.values()].filter((v) => !Number.isNaN(v));
    if (own.length === 0) return true;
    const best = direction === 'minimize' ? Math.min(...own) : Math.max(...own);

    const atStep = completed.flatMap((t) => (t.intermediate.has(step) ? [t.intermediate.get(step) as number] : [])).filter((v) => !Number.isNaN(v));
    if (atStep.length === 0) return false;
    const m = median(atStep);
    return direction === 'minimize' ? best > m : best < m;
  }

  /** Optuna's _is_first_in_interval_step: a check skipped because nothing was reported at its step happens at the next report. */
  private isFirstReportInInterval(step: number, steps: number[]): boolean {
    const nearestLowerCheck = Math.floor((step - this.nWarmupSteps) / this.intervalSteps) * this.intervalSteps + this.nWarmupSteps;
    const secondLast = steps.reduce((acc, s) => (s > acc && s !== step ? s : acc), -1);
    return secondLast < nearestLowerCheck;
  }
}
