// The trace review store against a real Workbench (the traceability test project): linking from an artifact's page,
// unlinking from the editor, coverage, clause coverage with confirmations, and the impact view's review of suspect
// links (clear, re-verify), each reloading what is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { traceProject, type TraceProject } from '../../../main/test-support/trace-project';
import { createTraceReviewStore, targetKey, type TraceReviewState } from './trace-review-store';
import { inProcessHost, type HeldCall } from './test-host';

let p: TraceProject;
let store: StoreApi<TraceReviewState>;
const held: { current: HeldCall | null } = { current: null };
const state = () => store.getState();
const statusOf = (requirement: string) => state().requirementLinks?.requirement === requirement ? state().requirementLinks!.links.map((l) => `${l.type} ${l.target.id} ${l.status}`) : null;

beforeAll(async () => {
  p = await traceProject();
  store = createTraceReviewStore(inProcessHost(p, { held }));
}, 30_000);

afterAll(() => p.close());

describe('the trace review store', () => {
  it('links a requirement from an artifact\'s page and shows the link on the artifact and in the requirement\'s editor', async () => {
    await state().loadTargetLinks(p.targets.model);
    await state().loadRequirementLinks('ML-1');
    expect(state().targetLinks[targetKey(p.targets.model)].links).toEqual([]);
    expect(await state().link('ML-1', p.targets.model, 'satisfies', 'the classifier')).toEqual({ ok: true });
    expect(state().targetLinks[targetKey(p.targets.model)].links.map((l) => [l.requirement, l.type, l.reason])).toEqual([['ML-1', 'satisfies', 'the classifier']]);
    expect(statusOf('ML-1')).toEqual([`satisfies ${p.modelVersion} ok`]);
    expect(state().busy).toBe(false);
  });

  it('answers a refusal to the dialog that asked and stores nothing', async () => {
    const outcome = await state().link('ML-1', { kind: 'dataset_version', id: 'gone@9' }, 'trained-on', '');
    expect(outcome.ok).toBe(false);
    expect(await p.call('trace.links', { requirement: 'ML-1' })).toHaveLength(1);
    expect(state().error).toBeNull();
  });

  it('unlinks from the editor: the link leaves both lists and the audit log says so', async () => {
    const [link] = state().requirementLinks!.links;
    expect(await state().unlink(link.id)).toEqual({ ok: true });
    expect(statusOf('ML-1')).toEqual([]);
    expect(state().targetLinks[targetKey(p.targets.model)].links).toEqual([]);
    expect(p.project.store.audit.list(1)[0]).toMatchObject({ action: 'trace.unlink' });
  });

  it('counts a requirement covered once an ok verifying link reaches it, and lists it uncovered before', async () => {
    await state().loadCoverage();
    const before = state().coverage!;
    expect(before.uncovered.requirements.map((r) => r.id)).toContain('SW-1');
    expect(await state().link('SW-1', p.targets.evaluation, 'verifies', '')).toEqual({ ok: true });
    const after = state().coverage!;
    expect(after.covered).toBe(before.covered + 1);
    expect(after.uncovered.requirements.map((r) => r.id)).not.toContain('SW-1');
  });

  it('reads a standard\'s gap report at a level, and a confirmed mapping covers its clause on the report shown', async () => {
    await state().loadStandards();
    expect(state().standards!.map((s) => s.id)).toContain('iec62304');
    await state().loadClauses({ standard: 'iec62304', level: 'B' });
    const clause = () => state().clauses!.clauses.find((c) => c.clause === '5.7')!;
    expect(clause().status).toBe('uncovered');
    expect(await state().mapClause('iec62304', '5.7', { kind: 'scoring', id: p.evaluation }, 'confirmed')).toEqual({ ok: true });
    expect(clause()).toMatchObject({ status: 'covered', confirmed: [{ kind: 'scoring', id: p.evaluation }] });
    expect(await state().mapClause('iec62304', '5.7', { kind: 'scoring', id: p.evaluation }, 'rejected')).toEqual({ ok: true });
    expect(clause().status).toBe('uncovered');
  });

  it('suggests clauses for a requirement, best first', async () => {
    await state().suggestClauses('iec62304', { kind: 'requirement', id: 'SW-1' });
    const shown = state().clauseSuggestions!;
    expect(shown.target).toEqual({ kind: 'requirement', id: 'SW-1' });
    const scores = shown.suggestions.map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('lists every requirement and artifact a link can point at for the pickers', async () => {
    await state().loadTargets();
    const keys = state().targets!.map(targetKey);
    expect(keys).toEqual(expect.arrayContaining(['requirement:ML-1', targetKey(p.targets.model), targetKey(p.targets.driftReport)]));
  });
});
