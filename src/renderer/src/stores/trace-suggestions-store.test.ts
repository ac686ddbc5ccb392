// The suggestions store against a real Workbench (the traceability test project): accepting makes a link of origin
// 'suggestion' (the other way round for a child) and drops the candidate; rejecting drops it for good.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { traceProject, type TraceProject } from '../../../main/test-support/trace-project';
import { createTraceSuggestionsStore, type TraceSuggestionsState } from './trace-suggestions-store';
import { inProcessHost } from './test-host';

let p: TraceProject;
let store: StoreApi<TraceSuggestionsState>;
const state = () => store.getState();
const shown = () => (state().suggestions ?? []).map((s) => `${s.type} ${s.target.kind}:${s.target.id}`);

beforeAll(async () => {
  p = await traceProject();
  store = createTraceSuggestionsStore(inProcessHost(p));
}, 30_000);

afterAll(() => p.close());

describe('trace suggestions store', () => {
  it('loads a requirement\'s candidates, accepts one as a suggested link and no longer shows it', async () => {
    await state().load('ML-1');
    expect(shown()[0]).toBe(`satisfies model_version:${p.modelVersion}`);
    const outcome = await state().accept(state().suggestions![0]);
    expect(outcome).toEqual({ ok: true });
    const [link] = await p.call('trace.links', { requirement: 'ML-1', target: p.targets.model });
    expect(link).toMatchObject({ type: 'satisfies', origin: 'suggestion' });
    expect(shown()).not.toContain(`satisfies model_version:${p.modelVersion}`);
    expect(state().acting).toBeNull();
  });

  it('accepts a child the other way round: the child refines the requirement shown', async () => {
    await state().load('SYS-1');
    const child = state().suggestions!.find((s) => s.reverse && s.target.id === 'SW-1');
    expect(child).toBeDefined();
    expect(await state().accept(child!)).toEqual({ ok: true });
    const links = await p.call('trace.links', { requirement: 'SW-1' });
    expect(links.map((l) => [l.type, l.target.id, l.origin])).toContainEqual(['refines', 'SYS-1', 'suggestion']);
    expect(shown()).not.toContain('refines requirement:SW-1');
  });

  it('rejects a candidate with a reason, and a fresh store does not show it either', async () => {
    await state().load('ML-1');
    const evaluation = state().suggestions!.find((s) => s.target.kind === 'evaluation');
    expect(evaluation).toBeDefined();
    expect(await state().reject(evaluation!, ' wrong window ')).toEqual({ ok: true });
    expect(shown()).not.toContain(`verifies evaluation:${p.evaluation}`);
    const fresh = createTraceSuggestionsStore(inProcessHost(p));
    await fresh.getState().load('ML-1');
    expect((fresh.getState().suggestions ?? []).some((s) => s.target.id === p.evaluation)).toBe(false);
    const [entry] = p.project.store.audit.list(1);
    expect(entry).toMatchObject({ action: 'trace.reject', details: { reason: 'wrong window' } });
  });

  it('reloads on trace.changed: a link made elsewhere drops out of the list', async () => {
    await state().load('ML-1');
    const dataset = `trained-on dataset_version:${p.datasetVersions[1]}`;
    expect(shown()).toContain(dataset);
    await p.call('trace.link', { requirement: 'ML-1', target: p.targets.dataset, type: 'trained-on' });
    p.app.traceChanged(['ML-1']);
    await expect.poll(() => shown()).not.toContain(dataset);
  });

  it('answers a refusal to the row that asked, and keeps the list', async () => {
    await state().load('ML-1');
    const before = shown();
    const outcome = await state().accept({ target: { kind: 'dataset_version', id: 'gone@9' }, label: 'gone@9', type: 'trained-on', score: 0.5, reason: 'name: gone' });
    expect(outcome.ok).toBe(false);
    expect(shown()).toEqual(before);
  });
});
