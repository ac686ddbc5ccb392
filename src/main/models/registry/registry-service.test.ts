import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainRequestInput } from '../../../shared/experiment-requests';
import type { TrainResult } from '../../../shared/experiments';
import type { OpenProject, Workbench } from '../../app';
import { LineageRepo } from '../../store/lineage-repo';
import { ModelVersionsRepo } from '../../store/model-versions-repo';
import { RunsRepo } from '../../store/runs-repo';
import { errorOf } from '../../test-support/app-error-of';
import { openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { mulberry32 } from '../../training/splits';
import { UserProfiles } from '../../users/user-profiles';
import { authorOf, registerRun, RUN_MODEL_ONNX } from './registry-service';

let bench: TestWorkbench;
let app: Workbench;
let project: OpenProject;
let trained: TrainResult;

const train = (request: Partial<TrainRequestInput> = {}): Promise<TrainResult> => bench.train({ dataset: 'points', target: 'y', model: 'logreg', seed: 1, ...request });

/** 300 rows where y depends on x1: enough for a real logistic regression, trained in a real 'train' job. */
beforeAll(async () => {
  bench = await openTestWorkbench(1);
  ({ app, project } = bench);
  const random = mulberry32(5);
  const lines = ['x1,x2,y'];
  for (let i = 0; i < 300; i++) {
    const x1 = random() * 4 - 2;
    lines.push(`${x1.toFixed(4)},${random().toFixed(4)},${x1 + random() - 0.5 > 0 ? 'yes' : 'no'}`);
  }
  await bench.importCsv('points', `${lines.join('\n')}\n`);
  trained = await train();
}, 60_000);
afterAll(async () => {
  await app.closeProject();
});

describe('registerRun', () => {
  it('leaves a finished run unregistered: its model stays an artifact until someone registers it', () => {
    expect(trained.model).toBeNull();
    const run = project.experiments.run(trained.run);
    expect(run.artifacts.map((a) => a.path)).toEqual(expect.arrayContaining(['model/model.json', RUN_MODEL_ONNX]));
    expect(run.modelVersion).toBeNull();
    expect(project.store.db.prepare('SELECT COUNT(*) AS n FROM model_versions').get()).toEqual({ n: 0 });
  });

  it("registers a finished run's model as version 1: ONNX hash, inspection, description, lineage and audit", () => {
    const { version, reused } = registerRun(project.store, trained.run, { name: 'points-clf', description: 'baseline' });
    expect(reused).toBe(false);
    const onnx = project.store.blobs.get(new RunsRepo(project.store.db).artifact(trained.run, RUN_MODEL_ONNX).blob);
    expect(version).toMatchObject({ id: 'points-clf@1', version: 1, source: 'run', runId: trained.run, trainedOn: 'points@1', author: project.store.actor });
    expect(version.hash).toBe(createHash('sha256').update(onnx).digest('hex'));
    const inspection = JSON.parse(project.store.blobs.get(version.inspectionBlob!).toString('utf8'));
    expect(inspection).toMatchObject({ file: RUN_MODEL_ONNX, sha256: version.hash, producer: { name: 'airlock' } });
    expect(inspection.inputs.map((i: { name: string }) => i.name).sort()).toEqual(['x1', 'x2']);
    const edges = new LineageRepo(project.store.db).graph({ node: { kind: 'model_version', id: 'points-clf@1' }, direction: 'upstream', depth: 1 }).edges;
    expect(edges.map((e) => `${e.from.id} ${e.relation}`)).toEqual([`${trained.run} produced`]);
    expect(project.store.audit.list(1)[0]).toMatchObject({ action: 'model.register', target: 'model_version:points-clf@1', details: { run: trained.run, hash: version.hash, description: 'baseline' } });
    expect(project.experiments.run(trained.run).modelVersion).toEqual({ id: 'points-clf@1', name: 'points-clf', version: 1 });
  });

  it('returns the existing version when the same run is registered again under the same name, and allows another name', () => {
    const audits = project.store.audit.list(1000).length;
    const again = registerRun(project.store, trained.run, { name: 'points-clf' });
    expect(again).toMatchObject({ reused: true, version: { id: 'points-clf@1' } });
    expect(project.store.audit.list(1000)).toHaveLength(audits);
    expect(registerRun(project.store, trained.run, { name: 'other' }).version).toMatchObject({ id: 'other@1', runId: trained.run });
    // the run shows the version it was first registered as, though 'other' sorts first
    expect(project.experiments.run(trained.run).modelVersion).toEqual({ id: 'points-clf@1', name: 'points-clf', version: 1 });
  });

  it('records the fingerprint of a local user profile named by --as, and only the name for anyone else', async () => {
    const profiles = new UserProfiles(app.dataDir);
    const ada = profiles.create('ada', 'correct horse battery');
    expect(authorOf(profiles, 'ada')).toEqual({ author: 'ada', authorFingerprint: ada.fingerprint });
    expect(authorOf(profiles, 'bob')).toEqual({ author: 'bob', authorFingerprint: null });
    expect(authorOf(profiles, undefined)).toEqual({});
    const second = await train({ seed: 2 });
    expect(registerRun(project.store, second.run, { name: 'points-clf', ...authorOf(profiles, 'ada') }).version).toMatchObject({
      id: 'points-clf@2',
      author: 'ada',
      authorFingerprint: ada.fingerprint,
    });
  });

  it('refuses a run that is not finished, or does not exist, storing nothing', () => {
    const runs = new RunsRepo(project.store.db);
    const failed = project.store.mutate({ action: 'test.run', target: 'run:failed' }, () =>
      runs.insertRun({ id: 'f'.repeat(32), experiment: 'Default', name: 'broken', status: 'failed', startedAt: '2026-01-01T00:00:00Z', error: { code: 'INTERNAL', message: 'diverged' } }),
    );
    const versions = () => project.store.db.prepare('SELECT COUNT(*) AS n FROM model_versions').get();
    const before = versions();
    expect(errorOf(() => registerRun(project.store, failed.id, { name: 'nope' }))).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('is failed'), where: { field: 'run' } });
    expect(errorOf(() => registerRun(project.store, 'a'.repeat(32), { name: 'nope' }))).toMatchObject({ code: 'NOT_FOUND', where: { field: 'run' } });
    expect(versions()).toEqual(before);
  });
});

describe('train --register', () => {
  it("registers the finished run's model in the run's own transaction, the run's audit entry first", async () => {
    const r = await train({ seed: 3, register: 'pipeline-clf' });
    expect(r.model).toBe('pipeline-clf@1');
    expect(new ModelVersionsRepo(project.store.db).resolve('pipeline-clf@1')).toMatchObject({ runId: r.run, source: 'run' });
    const [register, record] = project.store.audit.list(2);
    expect(record).toMatchObject({ action: 'run.record', target: `run:${r.run}` });
    expect(register).toMatchObject({ action: 'model.register', target: 'model_version:pipeline-clf@1', details: { run: r.run } });
  });

  it('refuses a model name that NAME@VERSION could not carry before any run exists', () => {
    const job = project.jobs.submit('train', 'train', { request: { dataset: 'points', target: 'y', model: 'logreg', register: 'no spaces' } });
    return project.jobs.wait(job.id).then((done) => expect(done).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', where: { field: 'register' } } }));
  });
});
