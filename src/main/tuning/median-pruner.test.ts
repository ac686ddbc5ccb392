import { describe, expect, it } from 'vitest';
import fixture from './fixtures/pruner-fixtures.json';
import { median, MedianPruner } from './median-pruner';
import type { Direction, TrialRecord } from './trial';

// Every expectation here is Optuna 3.1's MedianPruner decision, recorded by fixtures/make-pruner-fixtures.py.
// Decisions are booleans, so they must match exactly; the median is numpy's percentile(50) to the last bit.

type Case = (typeof fixture.cases)[number];

/** JSON has no NaN: the fixture writes null for it. */
const points = (list: (number | null)[][]): Map<number, number> => new Map(list.map(([step, value]) => [step as number, value ?? NaN]));

function decide(c: Case): boolean {
  const trials: TrialRecord[] = c.trials.map((t, n) => ({ number: n, params: {}, state: t.state as TrialRecord['state'], value: null, intermediate: points(t.intermediate) }));
  const current: TrialRecord = { number: trials.length, params: {}, state: 'running', value: null, intermediate: points(c.current) };
  return new MedianPruner(c.options).shouldPrune(current, trials, c.direction as Direction);
}

describe('MedianPruner, on the worked examples (five loss curves with step medians 0.8, 0.6, 0.5)', () => {
  it.each(fixture.named.map((c) => [c.prune ? 'prunes' : 'keeps', c.name, c] as const))('%s %s, as Optuna does', (_verb, _name, c) => {
    expect(decide(c)).toBe(c.prune);
  });
});

describe('MedianPruner against Optuna 3.1 on 400 seeded studies', () => {
  // sparse steps, ties with the median, NaN values, pruned and failed trials, both directions, and startup, warm-up
  // and interval settings drawn at random
  const decisions = fixture.cases.map((c, i) => ({ i, expected: c.prune, ours: decide(c) }));

  it('makes the same prune-or-keep decision as Optuna in every study', () => {
    expect(decisions.filter((d) => d.ours !== d.expected).map((d) => d.i)).toEqual([]);
  });

  it('meets both decisions often enough for the comparison to mean something', () => {
    expect(decisions.filter((d) => d.expected).length).toBeGreaterThan(30);
    expect(decisions.filter((d) => !d.expected).length).toBeGreaterThan(30);
  });
});

describe('median', () => {
  it.each(fixture.medians.map((m) => [m.values.join(', '), m] as const))('of %s is numpy percentile(50)', (_text, m) => {
    expect(median(m.values)).toBe(m.median);
  });
});
