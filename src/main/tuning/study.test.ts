import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { MedianPruner } from './median-pruner';
import { RandomSampler } from './random-sampler';
import { parseSearchSpace } from './search-space';
import { Study } from './study';
import { TpeSampler } from './tpe-sampler';

const space = parseSearchSpace({ x: { type: 'float', low: -1, high: 1 } });

describe('Study', () => {
  it('lets several trials run at once and finish in any order', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new TpeSampler({ seed: 2 }) });
    const batch = [study.ask()!, study.ask()!, study.ask()!];
    expect(batch.map((t) => t.number)).toEqual([0, 1, 2]);
    study.tell(2, 0.5);
    study.tell(0, 0.1);
    expect(study.trials.map((t) => t.state)).toEqual(['complete', 'running', 'complete']);
    study.tell(1, 'failed');
    expect(study.bestTrial()!.number).toBe(0);
  });

  it('picks the best trial by direction, the earlier on a tie, ignoring unfinished ones', () => {
    const study = new Study({ space, direction: 'maximize', sampler: new RandomSampler(0) });
    for (const v of [0.2, 0.9, 0.9, 0.1]) study.tell(study.ask()!.number, v);
    study.ask();
    expect(study.bestTrial()!.number).toBe(1);
  });

  it('drives pruning through report and shouldPrune, then records the trial as pruned', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new RandomSampler(0), pruner: new MedianPruner() });
    for (let i = 0; i < 5; i++) {
      const t = study.ask()!;
      study.report(t.number, 0, 0.5);
      study.tell(t.number, 0.5);
    }
    const t = study.ask()!;
    study.report(t.number, 0, 0.4);
    expect(study.shouldPrune(t.number)).toBe(false);
    study.report(t.number, 0, 0.6); // a repeated step replaces the value
    expect(study.shouldPrune(t.number)).toBe(true);
    study.tell(t.number, 'pruned');
    expect(study.trials[t.number].state).toBe('pruned');
  });

  it('never prunes without a pruner', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new RandomSampler(0) });
    const t = study.ask()!;
    study.report(t.number, 0, 1e9);
    expect(study.shouldPrune(t.number)).toBe(false);
  });

  it('records a NaN objective as a failed trial, as Optuna does', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new RandomSampler(0) });
    study.tell(study.ask()!.number, NaN);
    expect(study.trials[0].state).toBe('failed');
    expect(study.bestTrial()).toBeNull();
  });

  it('refuses to report to or tell a trial that is unknown or already finished', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new RandomSampler(0) });
    const t = study.ask()!;
    study.tell(t.number, 1);
    expect(() => study.tell(t.number, 2)).toThrow('already finished');
    expect(() => study.report(7, 0, 1)).toThrow(AppFailure);
    expect(() => study.report(study.ask()!.number, -1, 1)).toThrow('non-negative integer');
  });

  it('snapshots its trials as plain JSON', () => {
    const study = new Study({ space, direction: 'minimize', sampler: new RandomSampler(0) });
    const t = study.ask()!;
    study.report(t.number, 1, 0.3);
    study.report(t.number, 0, 0.5);
    const snap = study.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap[0]).toMatchObject({ number: 0, state: 'running', value: null, intermediate: [[0, 0.5], [1, 0.3]] });
  });
});
