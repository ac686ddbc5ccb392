import { describe, expect, it } from 'vitest';
import type { RunComparison, RunDetail } from '../../../../shared/experiments';
import { compareRows } from './compare-rows';

function run(id: string, params: Record<string, string>, metrics: Record<string, number | null>): RunDetail {
  return {
    id, seq: 1, name: id, experiment: 'e', status: 'finished', source: 'airlock', studyId: null, trialNumber: null, datasetVersion: 'd@1',
    target: 't', modelKind: 'gbdt', task: 'binary', seed: 1, startedAt: '2026-01-01T00:00:00Z', endedAt: null, environment: {}, error: null,
    params, metrics, curves: [], artifacts: [], tags: {}, note: '', modelVersion: null,
  };
}

const comparison: RunComparison = {
  runs: [
    run('a', { lr: '0.1', depth: '3' }, { val_loss: 0.5, val_accuracy: 0.8, constructor: 1 }),
    run('b', { lr: '0.1', depth: '4' }, { val_loss: 0.4, val_accuracy: 0.7 }),
    run('c', { lr: '0.01', depth: '4' }, { val_loss: null, val_accuracy: 0.9 }),
  ],
  differingParams: ['depth', 'lr'],
  differingMetrics: ['constructor', 'val_accuracy', 'val_loss'],
  confusion: {},
};

describe('compare rows', () => {
  it('marks the best run of each metric: the lowest loss, the highest accuracy, ignoring a run without a value', () => {
    const rows = compareRows(comparison, [0, 1, 2]);
    expect(rows.find((r) => r.key === 'val_loss')).toMatchObject({ section: 'Metrics', values: [0.5, 0.4, null], differs: true, best: 1 });
    expect(rows.find((r) => r.key === 'val_accuracy')).toMatchObject({ values: [0.8, 0.7, 0.9], best: 2 });
    // one run has it: nothing to be best against, yet it differs (the others lack it), and no Object property leaks in
    expect(rows.find((r) => r.key === 'constructor')).toMatchObject({ values: [1, null, null], differs: true, best: null });
  });

  it('judges differences among the shown runs only, so a brushed subset hides rows that agree within it', () => {
    const rows = compareRows(comparison, [1, 2]);
    expect(rows.find((r) => r.key === 'depth')).toMatchObject({ values: ['4', '4'], differs: false });
    expect(rows.find((r) => r.key === 'lr')).toMatchObject({ values: ['0.1', '0.01'], differs: true });
    expect(rows.some((r) => r.key === 'constructor')).toBe(false);
    expect(rows.filter((r) => r.section === 'Run').map((r) => r.key)).toEqual(['model_kind', 'dataset_version', 'target', 'seed', 'status', 'started_at']);
  });
});
