// The registry's channels on a real project, through the host's dispatch: what the window and the CLI call.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workbench, OpenProject } from '../../app';
import { tempDir } from '../../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { UserProfiles } from '../../users/user-profiles';
import { storeEvaluation } from '../evaluations/store-evaluation';
import { linearRegressor, writeTestModel } from '../test-models';

let bench: TestWorkbench;
let app: Workbench;
let project: OpenProject;
let runId: string;

const { call, refused } = channelCalls(() => bench.ctx);

/** variable = x w on float [N, 1], written to its own file. */
const scaleModel = (w: number): string => writeTestModel(tempDir(), `scale-${w}.onnx`, linearRegressor([w], 0));

beforeAll(async () => {
  bench = await openTestWorkbench(1);
  ({ app, project } = bench);
  await bench.importCsv('pts', `a,b,y\n${Array.from({ length: 120 }, (_, i) => `${i % 7},${(i * 13) % 11},${i % 7 > 3 ? 'hi' : 'lo'}`).join('\n')}\n`);
  runId = (await bench.train({ dataset: 'pts', target: 'y', model: 'logreg', seed: 1 })).run;
}, 60_000);
afterAll(async () => {
  await app.closeProject();
});

describe('the registry channels', () => {
  it("models.register registers a run's model with the author named by `as` and their key's fingerprint", async () => {
    const ada = new UserProfiles(app.dataDir).create('ada', 'correct horse battery');
    const v = await call('models.register', { run: runId, name: 'pts-clf', description: 'first', as: 'ada' });
    expect(v).toMatchObject({ id: 'pts-clf@1', source: 'run', runId, trainedOn: 'pts@1', author: 'ada', authorFingerprint: ada.fingerprint, description: 'first', hasOnnx: true, aliases: [], tags: {} });
    expect(v.inspection?.inputs.map((i) => i.name).sort()).toEqual(['a', 'b']);
  });

  it('models.import imports a CLI path as the next version, and the same file again as that version', async () => {
    const file = scaleModel(2);
    const r = await call('models.import', { source: { kind: 'path', path: file }, name: 'scale', as: 'bob' });
    expect(r).toMatchObject({ model: 'scale', version: 1, reused: false, inputs: [{ name: 'x', type: 'tensor(float)', shape: ['N', 1] }], opset: 17 });
    expect(await call('models.import', { source: { kind: 'path', path: file }, name: 'scale' })).toMatchObject({ version: 1, reused: true });
    expect(await call('models.import', { source: { kind: 'path', path: scaleModel(3) }, name: 'scale' })).toMatchObject({ version: 2, reused: false });
  });

  it('models.list and models.get show each model, its versions newest first, and no approvals yet', async () => {
    const list = await call('models.list', {});
    expect(list.map((m) => [m.name, m.versions, m.latest?.version])).toEqual([['pts-clf', 1, 1], ['scale', 2, 2]]);
    const detail = await call('models.get', { name: 'scale' });
    expect(detail.versions.map((v) => [v.id, v.author, v.source])).toEqual([['scale@2', project.store.actor, 'import'], ['scale@1', 'bob', 'import']]);
    expect(detail.approvals).toEqual([]);
    expect(await refused('models.get', { name: 'nothing' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'name' } });
  });

  it('models.setTag and models.setDescription change the model or one version, each change audited', async () => {
    expect((await call('models.setTag', { name: 'scale', key: 'team', value: 'risk' })).tags).toEqual({ team: 'risk' });
    await call('models.setTag', { name: 'scale', version: 2, key: 'stage', value: 'trial' });
    await call('models.setDescription', { name: 'scale', description: 'multiplies by a weight' });
    await call('models.setDescription', { name: 'scale', version: 2, description: 'weight 3' });
    const v2 = await call('models.version', { ref: 'scale@2' });
    expect(v2).toMatchObject({ tags: { stage: 'trial' }, description: 'weight 3', evaluations: [], approvals: [] });
    const removed = await call('models.setTag', { name: 'scale', key: 'team', value: null });
    expect(removed).toMatchObject({ tags: {}, description: 'multiplies by a weight' });
    const audit = project.store.audit.list(5).map((e) => `${e.action} ${e.target}`);
    expect(audit).toEqual(['model.untag model:scale', 'model.describe model_version:scale@2', 'model.describe model:scale', 'model.tag model_version:scale@2', 'model.tag model:scale']);
    expect(await refused('models.setTag', { name: 'scale', version: 9, key: 'k', value: 'v' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
  });

  it('models.version and evaluations.list name a version by NAME@VERSION; evaluations.get returns the stored report', async () => {
    const stored = storeEvaluation(
      project.store,
      { title: 'scored pts', modelVersion: 'pts-clf@1', datasetVersion: 'pts@1', body: { kind: 'scoring', runtime: { provider: 'cpu', fallback: null, skippedOutputs: [] }, output: 'pts-scored@1', rows: 120, seconds: 0.1, metrics: null } },
      'tester',
    );
    expect((await call('models.version', { ref: 'pts-clf@1' })).evaluations.map((e) => e.id)).toEqual([stored.id]);
    expect((await call('evaluations.list', { model: 'pts-clf@1', kind: 'scoring' })).map((e) => e.id)).toEqual([stored.id]);
    expect(await call('evaluations.list', { model: 'scale@1' })).toEqual([]);
    expect(await call('evaluations.list', { dataset: { dataset: 'pts', version: 1 } })).toHaveLength(1);
    expect(await call('evaluations.get', { id: stored.id })).toMatchObject({ id: stored.id, sha256: stored.sha256, body: { kind: 'scoring', rows: 120 } });
    expect(await refused('models.version', { ref: 'pts-clf@champion' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'model' } });
  });

  it('models.get, models.version and models.list show an approval and the alias it moved; NAME@ALIAS names that version', async () => {
    new UserProfiles(app.dataDir).create('carol', 'correct horse battery');
    const approval = await call('models.approve', { ref: 'scale@1', alias: 'champion', user: 'carol', passphrase: 'correct horse battery', reason: 'the simpler weight' });
    const detail = await call('models.get', { name: 'scale' });
    expect(detail.model.aliases).toEqual({ champion: 1 });
    expect(detail.approvals.map((a) => a.id)).toEqual([approval.id]);
    expect(detail.versions.map((v) => [v.version, v.aliases])).toEqual([[2, []], [1, ['champion']]]);
    const champion = await call('models.version', { ref: 'scale@champion' });
    expect(champion).toMatchObject({ id: 'scale@1', aliases: ['champion'], approvals: [{ id: approval.id, approver: 'carol', alias: 'champion' }] });
    expect((await call('models.version', { ref: 'scale@2' })).approvals).toEqual([]);
    expect((await call('models.list', {})).find((m) => m.name === 'scale')?.aliases).toEqual({ champion: 1 });
  });
});
