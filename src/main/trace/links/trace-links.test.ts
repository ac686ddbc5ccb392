// Links on a real project: the target catalogue and its labels for every kind, `KIND:ID[@VERSION]` references, and
// trace.link / trace.unlink / trace.links through the channels, with their stamps, rules and audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceTarget } from '../../../shared/trace';
import { TRACE_TARGET_KINDS } from '../../../shared/trace-matrix';
import { approve } from '../../models/registry/approvals';
import { RequirementsRepo } from '../../store/requirements-repo';
import { StudiesRepo } from '../../store/studies-repo';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { errorOf } from '../../test-support/app-error-of';
import { tempDir } from '../../test-support/temp-project';
import { traceProject, type TraceProject } from '../../test-support/trace-project';
import { UserProfiles } from '../../users/user-profiles';
import { targetLabels } from './target-labels';
import { resolveTargetRef, traceTargets } from './trace-targets';

let p: TraceProject;
let alert: string;
let approval: string;
let study: { id: string; name: string };

beforeAll(async () => {
  p = await traceProject();
  // an alert: a rule any report fires, then a report for it to fire on
  await p.call('alerts.addRule', { monitor: p.monitor, metric: 'drift_share', op: '>=', threshold: 0 });
  await p.nextDriftReport();
  alert = (await p.call('alerts.list', { monitor: p.monitor }))[0]!.id;
  // an approval: a second person moves 'champion' to churn@1
  const profiles = new UserProfiles(tempDir());
  profiles.create('bob', 'correct horse battery');
  // a study, recorded as the study job records it when it starts (its trials would cost seconds and add nothing here)
  study = { id: 'study0123456789abcdef', name: 'logreg on prod@2 (random)' };
  new StudiesRepo(p.project.store).create({ ...study, experiment: 'Default', datasetVersion: 'prod@2', target: 'label', modelKind: 'logreg', sampler: 'random', direction: 'maximize', metric: 'accuracy', space: {}, nTrials: 2, jobId: 'no-job' });
  approval = approve(p.project.store, profiles, { ref: p.modelVersion, alias: 'champion', user: 'bob', passphrase: 'correct horse battery', reason: 'first in production', evidence: [] }).id;
}, 60_000);
afterAll(async () => {
  await p.close();
});

const store = () => p.project.store;
const req = (id: string): TraceTarget => ({ kind: 'requirement', id });

describe('the target catalogue', () => {
  it('lists every kind in catalogue order, each labelled as the window shows it', () => {
    const all = traceTargets(store());
    const kinds = all.map((t) => t.kind);
    expect([...new Set(kinds)]).toEqual(TRACE_TARGET_KINDS);
    const label = (kind: string, id: string) => all.find((t) => t.kind === kind && t.id === id)?.label;
    expect(label('requirement', 'SYS-1')).toBe('SYS-1 Churn warning');
    expect(label('dataset_version', 'prod@2')).toBe('prod@2');
    expect(label('study', study.id)).toBe(`${study.name} (${study.id.slice(0, 8)})`);
    expect(label('run', p.run)).toMatch(new RegExp(`\\(${p.run.slice(0, 8)}\\)$`));
    expect(label('model_version', p.modelVersion)).toBe('churn@1 (champion)');
    expect(label('evaluation', p.evaluation)).toBe('scoring churn@1 on prod@2');
    expect(label('drift_report', p.driftReport)).toMatch(/^prod watch \d{4}-\d\d-\d\d$/);
    expect(label('monitor', p.monitor)).toBe('prod watch');
    expect(label('alert', alert)).toMatch(/^prod watch \d{4}-\d\d-\d\d: .+/);
    expect(label('approval', approval)).toBe('churn@1 as champion');
    for (const t of all) expect(t.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('keeps only the kinds asked for, oldest first within a kind', () => {
    const datasets = traceTargets(store(), ['dataset_version', 'requirement']);
    // the scoring job's output is a dataset version too, made after prod@2
    expect(datasets.map((t) => `${t.kind}:${t.id}`)).toEqual(['requirement:SYS-1', 'requirement:SW-1', 'requirement:ML-1', 'dataset_version:prod@1', 'dataset_version:prod@2', 'dataset_version:prod-scored@1']);
  });

  it('labels a batch of targets by kind, and a target that is gone by its id', () => {
    const labels = targetLabels(store(), [req('ML-1'), p.targets.model, { kind: 'run', id: 'gone' }]);
    expect(labels.get('requirement:ML-1')).toBe('ML-1 Churn classifier');
    expect(labels.get(`model_version:${p.modelVersion}`)).toBe('churn@1 (champion)');
    expect(labels.get('run:gone')).toBe('gone');
  });
});

describe('resolveTargetRef', () => {
  it('reads a reference of every kind into the target it names', () => {
    const cases: [string, TraceTarget][] = [
      ['req:SW-1', req('SW-1')],
      ['dataset:prod@1', { kind: 'dataset_version', id: 'prod@1' }],
      ['dataset:prod', { kind: 'dataset_version', id: 'prod@2' }],
      ['model:churn@1', p.targets.model],
      ['model:churn@champion', p.targets.model],
      ['model:churn', p.targets.model],
      [`run:${p.run}`, p.targets.run],
      [`study:${study.id}`, { kind: 'study', id: study.id }],
      [`eval:${p.evaluation}`, p.targets.evaluation],
      [`drift:${p.driftReport}`, p.targets.driftReport],
      ['monitor:prod watch', p.targets.monitor],
      [`monitor:${p.monitor}`, p.targets.monitor],
      [`alert:${alert}`, { kind: 'alert', id: alert }],
      [`approval:${approval}`, { kind: 'approval', id: approval }],
    ];
    for (const [ref, target] of cases) expect(resolveTargetRef(store(), ref), ref).toEqual(target);
  });

  it('refuses an unknown kind word and names each thing that is not there', () => {
    expect(errorOf(() => resolveTargetRef(store(), 'widget:1'))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'target' } });
    expect(errorOf(() => resolveTargetRef(store(), 'SYS-1')).message).toMatch(/KIND:ID\[@VERSION\]/);
    expect(errorOf(() => resolveTargetRef(store(), 'req:NOPE'))).toMatchObject({ code: 'NOT_FOUND', message: "'req:NOPE' names no requirement in this project." });
    expect(errorOf(() => resolveTargetRef(store(), 'dataset:prod@9')).code).toBe('NOT_FOUND');
    expect(errorOf(() => resolveTargetRef(store(), 'dataset:nope')).code).toBe('NOT_FOUND');
    expect(errorOf(() => resolveTargetRef(store(), 'model:churn@staging')).message).toMatch(/no alias 'staging'/);
    expect(errorOf(() => resolveTargetRef(store(), 'run:nope')).code).toBe('NOT_FOUND');
  });
});

describe('trace.link, trace.unlink and trace.links', () => {
  it('links a requirement to a model version, stamped with its revision, labelled, and audited', async () => {
    const info = await p.call('trace.link', { requirement: 'ML-1', target: p.targets.model, type: 'satisfies', reason: 'the deployed classifier' });
    const latest = new RequirementsRepo(store().db).latest('ML-1')!;
    expect(info).toMatchObject({ id: expect.stringMatching(/^lnk-[0-9a-f]{16}$/), requirement: 'ML-1', requirementRevision: latest.revision, target: p.targets.model, targetLabel: 'churn@1 (champion)', type: 'satisfies', origin: 'manual', reason: 'the deployed classifier', createdBy: store().actor, reviewed: null });
    expect(new TraceLinksRepo(store().db).get(info.id)).toMatchObject({ requirementFingerprint: latest.fingerprint, removedAt: null });
    expect(store().audit.list(1)[0]).toMatchObject({ action: 'trace.link', target: 'requirement:ML-1', details: { link: info.id, target: `model_version:${p.modelVersion}`, type: 'satisfies', origin: 'manual' } });
  });

  it('answers the same link asked for again with the one already there, writing nothing', async () => {
    const first = await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies' });
    const seq = store().audit.list(1)[0]!.seq;
    const again = await p.call('trace.link', { requirement: 'ML-1', target: p.targets.evaluation, type: 'verifies', suggested: true });
    expect(again.id).toBe(first.id);
    expect(again.origin).toBe('manual');
    expect(store().audit.list(1)[0]!.seq).toBe(seq);
  });

  it('marks an accepted suggestion as such, and a requirement target is stamped with its fingerprint', async () => {
    const info = await p.call('trace.link', { requirement: 'SW-1', target: req('SYS-1'), type: 'refines', suggested: true });
    expect(info.origin).toBe('suggestion');
    expect(info.targetLabel).toBe('SYS-1 Churn warning');
    expect(new TraceLinksRepo(store().db).get(info.id)!.targetStamp).toBe(new RequirementsRepo(store().db).latest('SYS-1')!.fingerprint);
  });

  it('refuses links the rules forbid, each naming the field, and writes nothing', async () => {
    const before = store().audit.list(1)[0]!.seq;
    expect(await p.refused('trace.link', { requirement: 'ML-1', target: p.targets.model, type: 'trained-on' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'type' } });
    expect(await p.refused('trace.link', { requirement: 'ML-1', target: req('ML-1'), type: 'derived-from' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'target' } });
    // SW-1 refines SYS-1 already: SYS-1 deriving from SW-1 would close the loop
    expect((await p.refused('trace.link', { requirement: 'SYS-1', target: req('SW-1'), type: 'derived-from' })).message).toBe('Linking SYS-1 derived-from SW-1 would close a cycle: SYS-1 -> SW-1 -> SYS-1.');
    expect(await p.refused('trace.link', { requirement: 'ML-1', target: { kind: 'run', id: 'nope' }, type: 'verifies' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'target' } });
    expect(await p.refused('trace.link', { requirement: 'NOPE', target: p.targets.run, type: 'verifies' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'requirement' } });
    expect(store().audit.list(1)[0]!.seq).toBe(before);
  });

  it('removes a link softly, audited; linking again undoes it as a new link', async () => {
    const made = await p.call('trace.link', { requirement: 'SW-1', target: p.targets.dataset, type: 'trained-on' });
    const removed = await p.call('trace.unlink', { link: made.id, reason: 'wrong version' });
    expect(removed.id).toBe(made.id);
    expect(new TraceLinksRepo(store().db).get(made.id)!.removedAt).not.toBeNull();
    expect(store().audit.list(1)[0]).toMatchObject({ action: 'trace.unlink', target: 'requirement:SW-1', details: { link: made.id, target: 'dataset_version:prod@2', type: 'trained-on', reason: 'wrong version' } });
    expect((await p.call('trace.links', { requirement: 'SW-1' })).map((l) => l.id)).not.toContain(made.id);
    expect(await p.refused('trace.unlink', { link: made.id })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'link' } });
    const again = await p.call('trace.link', { requirement: 'SW-1', target: p.targets.dataset, type: 'trained-on' });
    expect(again.id).not.toBe(made.id);
  });

  it('lists live links of a requirement or of a target, each described with its status', async () => {
    const ofMl = await p.call('trace.links', { requirement: 'ML-1' });
    expect(ofMl.map((l) => [l.type, l.target.kind])).toEqual([['satisfies', 'model_version'], ['verifies', 'evaluation']]);
    expect(ofMl.every((l) => l.status === 'ok' || l.status === 'no-evidence' || l.status === 'failing')).toBe(true);
    const toSys = await p.call('trace.links', { target: req('SYS-1') });
    expect(toSys.map((l) => [l.requirement, l.type])).toEqual([['SW-1', 'refines']]);
    expect((await p.call('trace.links', {})).length).toBe(4);
    expect(await p.refused('trace.links', { requirement: 'NOPE' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'requirement' } });
  });

  it('answers trace.targets with the catalogue, narrowed to the kinds asked for', async () => {
    expect((await p.call('trace.targets', { kinds: ['monitor'] })).map((t) => t.label)).toEqual(['prod watch']);
  });
});
