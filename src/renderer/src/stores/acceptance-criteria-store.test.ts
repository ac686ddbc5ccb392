// The acceptance-criteria store against a real project (traceProject) whose ML-1 is linked to a real scoring
// evaluation: its calls go through the host's dispatch, and its reloads come from the Workbench's events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { traceProject, type TraceProject } from '../../../main/test-support/trace-project';
import { setCriteria } from '../../../main/trace/criteria/requirement-criteria';
import { createAcceptanceCriteriaStore, type AcceptanceCriteriaState } from './acceptance-criteria-store';
import { inProcessHost } from './test-host';

let p: TraceProject;
let store: StoreApi<AcceptanceCriteriaState>;

beforeAll(async () => {
  p = await traceProject();
  await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'evaluated-by' });
  store = createAcceptanceCriteriaStore(inProcessHost(p));
}, 60_000);
afterAll(async () => {
  await p.close();
});

const statuses = () => store.getState().info?.criteria.map((c) => [c.text, c.result.status]);

describe('the acceptance-criteria store', () => {
  it('loads a requirement without criteria, saves some and shows their verdicts', async () => {
    await store.getState().load('ML-1');
    expect(store.getState().info).toMatchObject({ requirement: 'ML-1', criteria: [], status: null });
    expect(await store.getState().save(['accuracy >= 0.95', 'accuracy >= 0.99'])).toEqual({ ok: true });
    expect(statuses()).toEqual([
      ['accuracy >= 0.95', 'pass'],
      ['accuracy >= 0.99', 'fail'],
    ]);
    expect(store.getState().info?.status).toBe('fail');
  });

  it('hands a refusal back to the editor and keeps what is stored', async () => {
    const outcome = await store.getState().save(['accuracy >= 0.95', 'accuracy is high']);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', where: { field: 'criteria.1', column: 10 } } });
    expect(statuses()).toEqual([
      ['accuracy >= 0.95', 'pass'],
      ['accuracy >= 0.99', 'fail'],
    ]);
  });

  it("reloads when 'trace.changed' names its requirement, and only then", async () => {
    // criteria changed behind the window's back, as the CLI changes them: the store hears of it only when told
    setCriteria(p.project.store, 'ML-1', ['recall >= 0.9']);
    const settle = () => new Promise((r) => setTimeout(r, 20));
    p.app.traceChanged(['SW-1']);
    await settle();
    expect(statuses()).toEqual([
      ['accuracy >= 0.95', 'pass'],
      ['accuracy >= 0.99', 'fail'],
    ]);
    p.app.traceChanged(['SW-1', 'ML-1']);
    await settle();
    expect(statuses()).toEqual([['recall >= 0.9', 'no-evidence']]);
  });
});
