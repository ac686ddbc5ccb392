// The link rules as data: which types point at which kinds, no self-links, no refines/derived-from cycles.
import { describe, expect, it } from 'vitest';
import { TRACE_LINK_TYPES, TRACE_TARGET_KINDS } from '../../../shared/trace-matrix';
import { hierarchyCycle, LINK_RULES, ruleProblem } from './link-rules';

describe('link rules', () => {
  it('let every link type point at some kinds, each a real target kind', () => {
    for (const type of TRACE_LINK_TYPES) {
      expect(LINK_RULES[type].length, type).toBeGreaterThan(0);
      for (const kind of LINK_RULES[type]) expect(TRACE_TARGET_KINDS).toContain(kind);
    }
  });

  it('allow the pairs the issue names and refuse the rest, naming the kinds a type may point at', () => {
    expect(ruleProblem('R-1', 'trained-on', { kind: 'dataset_version', id: 'prod@2' })).toBeNull();
    expect(ruleProblem('R-1', 'evaluated-by', { kind: 'evaluation', id: 'eval-1' })).toBeNull();
    expect(ruleProblem('R-1', 'monitored-by', { kind: 'alert', id: 'alert-1' })).toBeNull();
    expect(ruleProblem('R-1', 'verifies', { kind: 'drift_report', id: 'drift-1' })).toBeNull();
    expect(ruleProblem('R-1', 'satisfies', { kind: 'model_version', id: 'churn@1' })).toBeNull();
    expect(ruleProblem('R-1', 'refines', { kind: 'requirement', id: 'R-0' })).toBeNull();
    expect(ruleProblem('R-1', 'trained-on', { kind: 'model_version', id: 'churn@1' })).toEqual({ field: 'type', message: "A 'trained-on' link points at a dataset version; not at a model version." });
    expect(ruleProblem('R-1', 'derived-from', { kind: 'run', id: 'r' })).toMatchObject({ field: 'type' });
    expect(ruleProblem('R-1', 'monitored-by', { kind: 'model_version', id: 'churn@1' })).toMatchObject({ field: 'type' });
  });

  it('refuse a requirement linked to itself, whatever the type', () => {
    for (const type of ['refines', 'derived-from', 'satisfies', 'verifies'] as const) {
      expect(ruleProblem('R-1', type, { kind: 'requirement', id: 'R-1' })).toEqual({ field: 'target', message: 'Requirement R-1 cannot be linked to itself.' });
    }
  });

  it('find the path a new hierarchy edge would close into a cycle, and none where it closes none', () => {
    const edges = [
      { from: 'C', to: 'B' },
      { from: 'B', to: 'A' },
      { from: 'D', to: 'A' },
    ];
    const asked: string[][] = [];
    const from = (nodes: readonly string[]) => {
      asked.push([...nodes]);
      return edges.filter((e) => nodes.includes(e.from));
    };
    expect(hierarchyCycle(from, 'A', 'C')).toEqual(['C', 'B', 'A']);
    // one level of edges at a time, from the target upwards
    expect(asked).toEqual([['C'], ['B']]);
    expect(hierarchyCycle(from, 'A', 'D')).toEqual(['D', 'A']);
    expect(hierarchyCycle(from, 'C', 'D')).toBeNull();
    expect(hierarchyCycle(from, 'D', 'C')).toBeNull();
    expect(hierarchyCycle(() => [], 'A', 'B')).toBeNull();
  });
});
