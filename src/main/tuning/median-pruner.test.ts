import { describe, expect, it } from 'vitest';
import { median, MedianPruner } from './median-pruner';
import type { TrialRecord } from './trial';

function trial(number: number, state: TrialRecord['state'], curve: number[], stepOffset = 0): TrialRecord {
  return { number, params: {}, state, value: state === 'complete' ? curve.at(-1)! : null, intermediate: new Map(curve.map((v, i) => [i + stepOffset, v])) };
}

// Five completed loss curves; medians per step: step0 = 0.8, step1 = 0.6, step2 = 0.5.
const completed = [
  trial(0, 'complete', [0.9, 0.7, 0.6]),
  trial(1, 'complete', [0.8, 0.6, 0.5]),
  trial(2, 'complete', [0.7, 0.5, 0.4]),
  trial(3, 'complete', [1.0, 0.9, 0.8]),
  trial(4, 'complete', [0.6, 0.4, 0.3]),
];

describe('MedianPruner with Optuna\'s defaults', () => {
  const pruner = new MedianPruner();

  it('prunes at step s exactly when the trial\'s best value so far is worse than the median of completed trials at s', () => {
    expect(pruner.shouldPrune(trial(5, 'running', [0.81]), completed, 'minimize')).toBe(true);
    expect(pruner.shouldPrune(trial(5, 'running', [0.8]), completed, 'minimize')).toBe(false); // equal to the median is kept
    expect(pruner.shouldPrune(trial(5, 'running', [0.75, 0.65]), completed, 'minimize')).toBe(true);
    // Best so far (0.55 at step 0) beats the step-1 median 0.6 even though the latest value 0.7 does not.
    expect(pruner.shouldPrune(trial(5, 'running', [0.55, 0.7]), completed, 'minimize')).toBe(false);
  });

  it('mirrors the comparison when maximising', () => {
    const scores = completed.map((t) => trial(t.number, 'complete', [...t.intermediate.values()].map((v) => 1 - v)));
    expect(pruner.shouldPrune(trial(5, 'running', [0.19]), scores, 'maximize')).toBe(true);
    expect(pruner.shouldPrune(trial(5, 'running', [0.21]), scores, 'maximize')).toBe(false);
  });

  it('never prunes before 5 trials have completed; running, pruned and failed trials do not count', () => {
    const four = [...completed.slice(0, 4), trial(9, 'pruned', [5, 5, 5]), trial(10, 'running', [5]), trial(11, 'failed', [5])];
    expect(pruner.shouldPrune(trial(5, 'running', [9]), four, 'minimize')).toBe(false);
  });

  it('does not prune at a step no completed trial reached, nor a trial that reported nothing', () => {
    expect(pruner.shouldPrune(trial(5, 'running', [0.5, 0.5, 0.5, 9]), completed, 'minimize')).toBe(false);
    expect(pruner.shouldPrune(trial(5, 'running', []), completed, 'minimize')).toBe(false);
  });

  it('prunes a trial whose every report is NaN', () => {
    expect(pruner.shouldPrune(trial(5, 'running', [NaN]), completed, 'minimize')).toBe(true);
  });

  it('honours warm-up steps and the check interval as Optuna does', () => {
    const warm = new MedianPruner({ nWarmupSteps: 1 });
    expect(warm.shouldPrune(trial(5, 'running', [9]), completed, 'minimize')).toBe(false);
    expect(warm.shouldPrune(trial(5, 'running', [9, 9]), completed, 'minimize')).toBe(true);
    const everyOther = new MedianPruner({ intervalSteps: 2 });
    expect(everyOther.shouldPrune(trial(5, 'running', [0.1, 9]), completed, 'minimize')).toBe(false); // step 1 is not checked
    expect(everyOther.shouldPrune(trial(5, 'running', [0.9, 0.9, 0.9]), completed, 'minimize')).toBe(true);
  });

  it('takes the median as numpy does, halfway between the middle two of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });
});
