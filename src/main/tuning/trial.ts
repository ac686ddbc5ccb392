// What a study records about each trial, and the contract every sampler and pruner fulfils.
import type { Params, SearchSpace } from './search-space';

export type Direction = 'minimize' | 'maximize';

export type TrialState = 'running' | 'complete' | 'pruned' | 'failed';

export interface TrialRecord {
  number: number;
  params: Params;
  state: TrialState;
  /** the objective, set once the trial is complete */
  value: number | null;
  /** step -> reported value */
  intermediate: Map<number, number>;
}

export interface Sampler {
  /**
   * Parameters for the next trial, or null when the sampler has nothing left (a finished grid).
   * `trials` holds every trial so far, running ones included; each sampler decides what to learn from.
   */
  sample(space: SearchSpace, trials: readonly TrialRecord[], direction: Direction): Params | null;
}

export interface Pruner {
  shouldPrune(trial: TrialRecord, trials: readonly TrialRecord[], direction: Direction): boolean;
}
