// The classification channels on a real project through the host's dispatch, with their jobs in a child process:
// the shipped default registered on first use, stored verdicts, labels, a retraining as a tracked run compared on
// held-out rows, a bad labels file refused, Cancel storing nothing, and promotion through a four-eyes approval.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { succeededAs } from '../../../shared/jobs';
import type { OpenProject, Workbench } from '../../app';
import { DatasetsRepo } from '../../store/datasets-repo';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import { tempDir } from '../../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { UserProfiles } from '../../users/user-profiles';
import { classifyTexts } from './classify-texts';
import { DEFAULT_CLASSIFIER_ONNX, readDefaultClassifierInfo } from './default-classifier';
import { trainingSetOf } from './held-out-comparison';
import { shippedResource } from './shipped-resources';
import { labelledSlice } from './test-labelled';
import { trainingSet } from './training-set';

let bench: TestWorkbench;
let app: Workbench;
let project: OpenProject;
const { call, refused } = channelCalls(() => bench.ctx);

const requirements = labelledSlice(2).map((r, i) => ({ id: `REQ-${i + 1}`, text: r.text, label: r.label }));
const csvField = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function writeFile(name: string, content: string): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

const audit = (action: string): string[] => project.store.db.prepare('SELECT target FROM audit_log WHERE action = ? ORDER BY seq').pluck().all(action) as string[];
const versions = (): string[] => project.store.db.prepare("SELECT id FROM model_versions WHERE name = 'requirements-classifier' ORDER BY version").pluck().all() as string[];
const datasetVersions = (): number => {
  const d = new DatasetsRepo(project.store.db).dataset('requirement-labels');
  return d ? new DatasetsRepo(project.store.db).versions(d.id).length : 0;
};

async function trained(input: Parameters<typeof call<'requirements.train'>>[1]) {
  const done = await project.jobs.wait((await call('requirements.train', input)).jobId);
  if (!succeededAs(done, 'requirements.train')) throw new Error(`train ended ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result;
}

beforeAll(async () => {
  bench = await openTestWorkbench(1);
  ({ app, project } = bench);
  const csv = `id,text\n${requirements.map((r) => `${r.id},${csvField(r.text)}`).join('\n')}\n`;
  await call('requirements.import', { source: { kind: 'path', path: writeFile('reqs.csv', csv) }, document: 'System spec' });
}, 60_000);
afterAll(async () => {
  await app.closeProject();
});

describe('the classifier channels', () => {
  it('report no classifier before the first classification, with the shipped default\'s figures', async () => {
    expect(await call('requirements.classifier', {})).toEqual({ active: null, pinned: false, latest: null, metrics: readDefaultClassifierInfo().cv, corrections: 0, pendingCorrections: 0 });
  });

  it('classify registers the shipped default as version 1 on first use and stores a verdict per requirement, as the file gives them', async () => {
    const done = await project.jobs.wait((await call('requirements.classify', {})).jobId);
    if (!succeededAs(done, 'requirements.classify')) throw new Error(`classify ended ${done.state}: ${JSON.stringify(done.error)}`);
    expect(done.result).toEqual({ classified: requirements.length, model: 'requirements-classifier@1' });
    const v1 = new ModelVersionsRepo(project.store.db).resolve('requirements-classifier@1');
    expect(v1.source).toBe('import');
    expect(audit('model.import')).toEqual(['model_version:requirements-classifier@1']);
    const description = project.store.db.prepare("SELECT details FROM audit_log WHERE action = 'model.import'").pluck().get() as string;
    expect(description).toContain(readDefaultClassifierInfo().labelledSet.sha256);

    const stored = await call('requirements.classifications', { document: 'System spec' });
    expect(stored.map((c) => c.id)).toEqual(requirements.map((r) => r.id));
    const expected = await classifyTexts(shippedResource(DEFAULT_CLASSIFIER_ONNX), requirements.map((r) => r.text));
    stored.forEach((c, i) => expect(c).toEqual({ id: requirements[i].id, revision: 1, model: 'requirements-classifier@1', ...expected[i] }));
    expect((await call('requirements.classifier', {})).active).toBe('requirements-classifier@1');
  }, 30_000);

  it('classify refuses a document the project does not have before any job is queued', async () => {
    const jobs = project.jobs.list().length;
    expect(await refused('requirements.classify', { document: 'Nope' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'document' } });
    expect(project.jobs.list().length).toBe(jobs);
  });

  it('classifies an edited requirement again at its new revision, and classifications show only the latest revision\'s verdict', async () => {
    await call('requirements.edit', { id: 'REQ-3', text: 'The operator console shall display the alarm list in red on a black background.' });
    expect((await call('requirements.classifications', {})).map((c) => c.id)).not.toContain('REQ-3');
    const done = await project.jobs.wait((await call('requirements.classify', { document: 'System spec' })).jobId);
    expect(done.state).toBe('succeeded');
    expect((await call('requirements.classifications', {})).find((c) => c.id === 'REQ-3')).toMatchObject({ revision: 2, class: 'look-and-feel' });
  }, 30_000);

  it('label appends a person\'s label with the verdict it accepts or corrects, audited; the latest wins', async () => {
    const verdict = (await call('requirements.classifications', {})).find((c) => c.id === 'REQ-1')!;
    const first = await call('requirements.label', { id: 'REQ-1', label: 'safety' });
    expect(first).toMatchObject({ id: 'REQ-1', label: 'safety', predicted: verdict.class, revision: 1, createdBy: project.store.actor });
    await call('requirements.label', { id: 'REQ-1', label: 'functional' });
    await call('requirements.label', { id: 'REQ-2', label: 'security' });
    expect(audit('requirement.label')).toEqual(['requirement:REQ-1', 'requirement:REQ-1', 'requirement:REQ-2']);
    expect(await call('requirements.classifier', {})).toMatchObject({ corrections: 2, pendingCorrections: 2 });
    expect(await refused('requirements.label', { id: 'REQ-404', label: 'safety' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'id' } });
  });

  it('train refuses a labels file with an unknown class in one line naming the file, line and field, before any job', async () => {
    const jobs = project.jobs.list().length;
    const file = writeFile('mine.csv', 'text,label\nThe pump shall stop within 2 s.,safety\nThe screen shall be blue.,colour\n');
    const error = await refused('requirements.train', { labels: { kind: 'path', path: file } });
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { file: 'mine.csv', line: 3, field: 'label' } });
    expect(error.message).toContain("'colour'");
    expect(error.message).toContain('regulatory-compliance');
    expect(error.message.split('\n')).toHaveLength(1);
    expect(project.jobs.list().length).toBe(jobs);
  });

  it('a training cancelled during its folds stores no dataset version, run or classifier version', async () => {
    const { jobId } = await call('requirements.train', { folds: 2 });
    while (project.jobs.get(jobId).fraction < 0.05) await new Promise((r) => setTimeout(r, 20));
    expect(project.jobs.get(jobId).message).toMatch(/fold|reading/);
    await call('jobs.cancel', { id: jobId });
    expect((await project.jobs.wait(jobId)).state).toBe('cancelled');
    expect(versions()).toEqual(['requirements-classifier@1']);
    expect(datasetVersions()).toBe(0);
    expect(project.store.db.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(0);
  }, 30_000);

  it('once an approval pins version 1, a retraining registers version 2 as a tracked run that classifies only once approved', async () => {
    new UserProfiles(app.dataDir).create('carol', 'correct horse battery');
    await call('models.approve', { ref: 'requirements-classifier@1', alias: 'active', user: 'carol', passphrase: 'correct horse battery', reason: 'the shipped default, reviewed' });
    expect(await call('requirements.classifier', {})).toMatchObject({ active: 'requirements-classifier@1', pinned: true });

    const file = writeFile('domain.csv', 'text,label\n"The infusion pump shall stop the flow within 2 s of an occlusion alarm.",safety\nThe nurse station shall show the pump status in green or red.,look-and-feel\n');
    const r = await trained({ folds: 2, seed: 3, labels: { kind: 'path', path: file } });
    expect(r).toMatchObject({ version: 'requirements-classifier@2', dataset: 'requirement-labels@1', rows: { default: 1835, corrections: 2, file: 2 }, active: false });
    expect(r.cv.accuracy).toBeGreaterThan(0.5);
    expect(r.heldOut.candidate).toMatchObject({ model: 'requirements-classifier@2' });
    // v1's training set (the shipped labelled set) trained again without the held-out rows, on the same rows
    expect(r.heldOut.current).toMatchObject({ model: 'requirements-classifier@1', rows: r.heldOut.candidate.rows });
    expect(r.heldOut.candidate.rows).toBeGreaterThan(250);
    expect(r.heldOut.candidate.accuracy).toBeGreaterThan(0.5);
    // the shipped file itself only on held-out rows it never read: here at most the file's two
    if (r.heldOut.unseenByCurrent) expect(r.heldOut.unseenByCurrent.current).toMatchObject({ model: 'requirements-classifier@1', rows: r.heldOut.unseenByCurrent.candidate.rows });
    expect(r.heldOut.unseenByCurrent?.current.rows ?? 0).toBeLessThanOrEqual(2);

    const run = await call('runs.get', { id: r.run });
    expect(run).toMatchObject({ experiment: 'Requirements classifier', status: 'finished', datasetVersion: 'requirement-labels@1' });
    expect(run.metrics.cv_accuracy_mean).toBeCloseTo(r.cv.accuracy, 12);
    const v2 = new ModelVersionsRepo(project.store.db).resolve('requirements-classifier@2');
    expect(v2.runId).toBe(r.run);
    // what a later retraining compares v2 by: the training set stored with its run, read back
    expect(trainingSetOf(project.store, v2)).toEqual(trainingSet(project.store, { path: file, fileName: 'domain.csv' }).map(({ text, label }) => ({ text, label })));
    expect(await call('requirements.classifier', {})).toMatchObject({ active: 'requirements-classifier@1', pinned: true, latest: 'requirements-classifier@2' });

    // promoting it is the approval flow (a second person's signed approval moves the alias), and then it classifies
    await call('models.approve', { ref: 'requirements-classifier@2', alias: 'active', user: 'carol', passphrase: 'correct horse battery', reason: 'better on the held-out rows' });
    const info = await call('requirements.classifier', {});
    expect(info).toMatchObject({ active: 'requirements-classifier@2', pinned: true, pendingCorrections: 0 });
    expect(info.metrics.accuracy).toBeCloseTo(r.cv.accuracy, 12);
    const done = await project.jobs.wait((await call('requirements.classify', { document: 'System spec' })).jobId);
    expect(succeededAs(done, 'requirements.classify') && done.result.model).toBe('requirements-classifier@2');
    expect((await call('requirements.classifications', {})).every((c) => c.model === 'requirements-classifier@2')).toBe(true);
  }, 90_000);
});
