// Comparing runs whose params, metrics or ids are named like Object.prototype's properties (an MLflow import can bring them).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../store/project-store';
import { RunsRepo } from '../store/runs-repo';
import { airlock } from '../test-support/run-cli';
import { tempDir, testStoreOptions } from '../test-support/temp-project';
import { ExperimentsService } from './experiments-service';

/** Two runs: one with params and a metric named after Object.prototype members, one with none; the first's id is __proto__. */
function project(): { dir: string; store: ProjectStore } {
  const dir = path.join(tempDir(), 'proj');
  const store = ProjectStore.create(dir, testStoreOptions);
  const repo = new RunsRepo(store.db);
  store.db.transaction(() => {
    const base = { experiment: 'imported', status: 'finished' as const, startedAt: '2026-01-01T00:00:00Z', endedAt: '2026-01-01T00:01:00Z' };
    repo.insertRun({ ...base, id: '__proto__', name: 'odd', params: { constructor: 'a', toString: 'b', lr: '0.1' }, metrics: { valueOf: 0.5, loss: 0.2 } });
    repo.insertRun({ ...base, id: 'plain', name: 'plain', params: { lr: '0.1' }, metrics: { loss: 0.3 } });
  })();
  return { dir, store };
}

describe('compare runs', () => {
  it('lists params and metrics only one run has as differing, reading own keys only, and keeps a run whose id is __proto__', () => {
    const { store } = project();
    const cmp = new ExperimentsService(store).compare(['__proto__', 'plain']);
    expect(cmp.differingParams).toEqual(['constructor', 'toString']);
    expect(cmp.differingMetrics).toEqual(['loss', 'valueOf']);
    expect(Object.keys(cmp.confusion).sort()).toEqual(['__proto__', 'plain']);
    expect(JSON.parse(JSON.stringify(cmp.confusion))).toEqual({ ['__proto__']: null, plain: null });
    store.close();
  });

  it('prints "-" for a param or metric a run lacks in the CLI, not Object\'s function nor a crash', async () => {
    const { dir, store } = project();
    store.close();
    const { code, stdout } = await airlock('runs', 'compare', '__proto__', 'plain', '--project', dir);
    expect(code).toBe(0);
    expect(stdout).toContain('param constructor: a | -');
    expect(stdout).toContain('param toString: b | -');
    expect(stdout).toContain('metric valueOf: 0.50000 | -');
    expect(stdout).not.toMatch(/native code|function/);
  }, 60_000);
});
