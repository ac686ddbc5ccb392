// A hyperparameter study: hands out trials (several may run at once), records their reports and outcomes, and says which to prune.
import { fail } from '../../shared/errors';
import { paramImportance } from '../../shared/param-importance';
import type { Params, SearchSpace } from './search-space';
import type { Direction, Pruner, Sampler, TrialRecord, TrialState } from './trial';

export interface StudyOptions {
  space: SearchSpace;
  direction: Direction;
  sampler: Sampler;
  /** none: never prune */
  pruner?: Pruner;
}

export interface AskedTrial {
  number: number;
  params: Params;
}

/** A trial as plain JSON, for job messages and run tracking. */
export interface TrialSnapshot {
  number: number;
  params: Params;
  state: TrialState;
  value: number | null;
  /** [step, value] pairs in step order */
  intermediate: [number, number][];
}

export class Study {
  readonly space: SearchSpace;
  readonly direction: Direction;
  private readonly sampler: Sampler;
  private readonly pruner: Pruner | undefined;
  private readonly records: TrialRecord[] = [];

  constructor({ space, direction, sampler, pruner }: StudyOptions) {
    this.space = space;
    this.direction = direction;
    this.sampler = sampler;
    this.pruner = pruner;
  }

  /**
   * Starts a trial; may be called again before earlier ones are told, so callers run up to their core count at
   * once. Returns null when the sampler has nothing left (every grid point handed out).
   */
  ask(): AskedTrial | null {
    const params = this.sampler.sample(this.space, this.records, this.direction);
    if (params === null) return null;
    const number = this.records.length;
    this.records.push({ number, params, state: 'running', value: null, intermediate: new Map() });
    return { number, params: { ...params } };
  }

  /** Records an intermediate value (e.g. validation loss after an epoch); a later report at the same step replaces it. */
  report(trial: number, step: number, value: number): void {
    if (!Number.isInteger(step) || step < 0) fail('BAD_INPUT', `step must be a non-negative integer, got ${step}`);
    this.running(trial).intermediate.set(step, value);
  }

  shouldPrune(trial: number): boolean {
    const record = this.running(trial);
    return this.pruner?.shouldPrune(record, this.records, this.direction) ?? false;
  }

  /** Ends a trial with its objective, or as pruned or failed. A NaN objective counts as failed, as in Optuna. */
  tell(trial: number, result: number | 'pruned' | 'failed'): void {
    const record = this.running(trial);
    if (typeof result === 'number' && !Number.isNaN(result)) {
      record.state = 'complete';
      record.value = result;
    } else {
      record.state = result === 'pruned' ? 'pruned' : 'failed';
    }
  }

  get trials(): readonly TrialRecord[] {
    return this.records;
  }

  /** the best complete trial; ties go to the earlier trial */
  bestTrial(): TrialRecord | null {
    const sign = this.direction === 'minimize' ? 1 : -1;
    let best: TrialRecord | null = null;
    for (const t of this.records) {
      if (t.state === 'complete' && (best === null || sign * (t.value as number) < sign * (best.value as number))) best = t;
    }
    return best;
  }

  /** see paramImportance: shares summing to 1 over the declared parameters */
  importance(): Record<string, number> {
    return paramImportance(this.space, this.records);
  }

  snapshot(): TrialSnapshot[] {
    return this.records.map((t) => ({
      number: t.number,
      params: { ...t.params },
      state: t.state,
      value: t.value,
      intermediate: [...t.intermediate.entries()].sort((a, b) => a[0] - b[0]),
    }));
  }

  private running(trial: number): TrialRecord {
    const record = this.records[trial];
    if (!record) return fail('NOT_FOUND', `study has no trial ${trial}`);
    if (record.state !== 'running') return fail('BAD_INPUT', `trial ${trial} has already finished (${record.state})`);
    return record;
  }
}
