// The trace review store against a real Workbench (the traceability test project): linking from an artifact's page,
// unlinking from the editor, coverage, clause coverage with confirmations, and the impact view's review of suspect
// links (clear, re-verify), each reloading what is shown.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from 'zustand/vanilla';
import { tempDir } from '../../../main/test-support/temp-project';
import { traceProject, type TraceProject } from '../../../main/test-support/trace-project';
import { createTraceReviewStore, diffKey, targetKey, type TraceReviewState } from './trace-review-store';
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

  it('suggests clauses for a requirement best first, and no longer once one is confirmed for it', async () => {
    const file = path.join(tempDir(), 'risk.csv');
    fs.writeFileSync(file, 'id,document,text\nRISK-1,Risk,The risk management file shall list every hazard of the churn warning and its risk.\n');
    await p.call('requirements.import', { source: { kind: 'path', path: file } });
    const risk = { kind: 'requirement', id: 'RISK-1' } as const;
    await state().suggestClauses('iec62304', risk);
    const suggested = () => state().clauseSuggestions!.suggestions;
    expect(state().clauseSuggestions!.target).toEqual(risk);
    expect(suggested()[0]?.clause).toBe('4.2');
    const scores = suggested().map((s) => s.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(await state().mapClause('iec62304', '4.2', risk, 'confirmed')).toEqual({ ok: true });
    expect(suggested().map((s) => s.clause)).not.toContain('4.2');
  });

  it('shows what an edit of a requirement makes suspect, with the revisions named and their word diff', async () => {
    await p.call('trace.link', { requirement: 'ML-1', target: p.targets.model, type: 'satisfies' });
    await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies' });
    await p.call('requirements.edit', { id: 'ML-1', text: 'The churn classifier shall reach an accuracy of at least 0.9 on prod data.' });
    await state().loadImpact('ML-1');
    const impact = state().impact!;
    expect(impact).toMatchObject({ requirement: 'ML-1', revision: 2 });
    expect(impact.links.map((l) => [l.target.id, l.status])).toEqual(
      expect.arrayContaining([
        [p.modelVersion, 'suspect'],
        [p.evaluation, 'suspect'],
      ]),
    );
    expect(impact.links[0].suspect).toEqual([{ kind: 'requirement-changed', fromRevision: 1, toRevision: 2 }]);
    expect(impact.affected.map((a) => a.node.kind)).toContain('run');
    await state().loadDiff('ML-1', 1, 2);
    const parts = state().diffs[diffKey('ML-1', 1, 2)];
    expect(parts.filter((part) => part.op === 'removed').map((part) => part.text.trim())).toEqual(['0.8']);
  });

  it('clears a suspect link with a reason: the impact shown has it ok with the review, and a clear without one is refused', async () => {
    const link = state().impact!.links.find((l) => l.target.id === p.modelVersion)!;
    const refused = await state().clear(link.id, '  ');
    expect(refused.ok).toBe(false);
    expect(await state().clear(link.id, 'a stricter bound still holds')).toEqual({ ok: true });
    const cleared = state().impact!.links.find((l) => l.id === link.id)!;
    expect(cleared).toMatchObject({ status: 'ok', suspect: [], reviewed: { action: 'cleared', reason: 'a stricter bound still holds' } });
  });

  it('re-verifies a suspect link with new evidence: the link moves to it, re-stamped', async () => {
    const link = state().impact!.links.find((l) => l.target.id === p.evaluation)!;
    expect(await state().reverify(link.id, p.targets.driftReport, 'the drift report covers the new bound')).toEqual({ ok: true });
    const moved = state().impact!.links.filter((l) => l.type === 'verifies');
    expect(moved.map((l) => [l.target.id, l.status, l.reviewed?.action])).toEqual([[p.driftReport, 'ok', 'reverified']]);
    expect(state().impact!.links.every((l) => l.status !== 'suspect')).toBe(true);
  });

  it('keeps the impact of the requirement asked for last when an older answer arrives later', async () => {
    const hold: HeldCall = { channel: 'trace.impact', value: 'ML-1', release: () => undefined };
    held.current = hold;
    const older = state().loadImpact('ML-1');
    await new Promise((r) => setTimeout(r, 10));
    await state().loadImpact('SW-1');
    hold.release();
    await older;
    held.current = null;
    expect(state().impact?.requirement).toBe('SW-1');
  });

  it('lists every requirement and artifact a link can point at for the pickers', async () => {
    await state().loadTargets();
    const keys = state().targets!.map(targetKey);
    expect(keys).toEqual(expect.arrayContaining(['requirement:ML-1', targetKey(p.targets.model), targetKey(p.targets.driftReport)]));
  });
});
