// Where the review pages open a link's target: each kind's page, read back by the app's own route parser.
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash } from '../../../app/routes';
import { targetRoute } from './target-route';

const opened = (kind: Parameters<typeof targetRoute>[0]['kind'], id: string) => {
  const route = targetRoute({ kind, id });
  return route && parseRoute(routeHash(route));
};

describe('targetRoute', () => {
  it('opens a model version, a dataset version, a run, an evaluation, a drift report and a monitor on their pages', () => {
    expect(opened('model_version', 'fault-classifier@2')).toEqual({ page: 'models', route: { page: 'version', name: 'fault-classifier', version: 2, tab: 'overview' } });
    expect(opened('dataset_version', 'readings@1')).toEqual({ page: 'dataset', name: 'readings', version: 1, tab: 'profile' });
    expect(opened('run', 'r-0123abcd')).toMatchObject({ page: 'experiments', route: { page: 'run', id: 'r-0123abcd' } });
    expect(opened('evaluation', 'ev-1')).toEqual({ page: 'models', route: { page: 'evaluation', id: 'ev-1' } });
    expect(opened('drift_report', 'dr-1')).toEqual({ page: 'monitoring', route: { page: 'report', id: 'dr-1' } });
    expect(opened('monitor', 'mon-1')).toEqual({ page: 'monitoring', route: { page: 'monitor', id: 'mon-1' } });
  });

  it('opens a requirement target on its impact view', () => {
    expect(opened('requirement', 'SYS-1')).toEqual({ page: 'trace', route: { tab: 'impact', requirement: 'SYS-1', standard: null } });
  });

  it('has no page for studies, alerts, approvals or an id that is not NAME@VERSION', () => {
    for (const kind of ['study', 'alert', 'approval'] as const) expect(targetRoute({ kind, id: 'x' })).toBeNull();
    expect(targetRoute({ kind: 'model_version', id: 'churn' })).toBeNull();
  });
});
