// The 'model.compare' job end to end on a real project: two imported classifiers (the champion named by its alias)
// and two regressors scored in the job's child process on one dataset version, stored as a comparison evaluation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenProject } from '../../app';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { tempDir } from '../../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { UserProfiles } from '../../users/user-profiles';
import { approve } from '../registry/approvals';
import { importModel } from '../registry/model-import';
import { linearClassifier, linearRegressor, writeTestModel, type TestModel } from '../test-models';

let bench: TestWorkbench;
let project: OpenProject;
const ROWS = 150;
const { call, refused } = channelCalls(() => bench.ctx);
const compared = (jobId: string) => bench.evaluationOf(jobId, 'comparison');

/** Deterministic rows: f1, f2 in [-1, 1), a label that mostly follows f1 + f2 > 0, and y = 2 f1 - f2. */
const row = (i: number): { f1: number; f2: number; label: string; y: number; said: string } => {
  const f1 = ((i * 37) % 100) / 50 - 1;
  const f2 = ((i * 61) % 100) / 50 - 1;
  const label = f1 + f2 > 0 !== (i % 7 === 0) ? 'pos' : 'neg';
  // the label again as yes / no, which the import stores as a boolean column
  return { f1, f2, label, y: 2 * f1 - f2, said: label === 'pos' ? 'yes' : 'no' };
};
// classes [neg, pos]: score(pos) - score(neg) = f1 + w f2, so the champion (w = 1) follows the label's rule and the
// challenger (w = 0.2) leans on f1
const classifier = (w: number, classes = ['neg', 'pos']): TestModel => linearClassifier({ weights: [0, 1, 0, w], bias: [0, 0], classes });
const predicted = (w: number, i: number): string => (row(i).f1 + w * row(i).f2 > 0 ? 'pos' : 'neg');

beforeAll(async () => {
  bench = await openTestWorkbench();
  project = bench.project;
  const dir = tempDir();
  importModel(project.store, writeTestModel(dir, 'a.onnx', classifier(1)), { name: 'clf', author: 'alice' });
  importModel(project.store, writeTestModel(dir, 'b.onnx', classifier(0.2)), { name: 'clf', author: 'alice' });
  importModel(project.store, writeTestModel(dir, 'yn1.onnx', classifier(1, ['no', 'yes'])), { name: 'yn', author: 'alice' });
  importModel(project.store, writeTestModel(dir, 'yn2.onnx', classifier(0.2, ['no', 'yes'])), { name: 'yn', author: 'alice' });
  importModel(project.store, writeTestModel(dir, 'r1.onnx', linearRegressor([2, -1], 0)), { name: 'reg', author: 'alice' });
  importModel(project.store, writeTestModel(dir, 'r2.onnx', linearRegressor([2, -1], 0.5)), { name: 'reg', author: 'alice' });
  const profiles = new UserProfiles(tempDir());
  profiles.create('bob', 'correct horse battery');
  approve(project.store, profiles, { ref: 'clf@1', alias: 'champion', user: 'bob', passphrase: 'correct horse battery', reason: 'first model', evidence: [] });
  await bench.importCsv('holdout', ['f1,f2,label,y,said', ...Array.from({ length: ROWS }, (_, i) => Object.values(row(i)).join(','))].join('\n'));
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

describe('model.compare', () => {
  it('scores champion (by alias) and challenger on the same rows and provider: metrics with paired intervals, agreement and the disagreeing rows', async () => {
    // x [N, 2] takes f1 and f2; with y a column too, packing the columns left besides the target would not fit
    const { jobId } = await call('models.compare', { champion: 'clf@champion', challenger: 'clf@2', dataset: { dataset: 'holdout', version: 1 }, target: 'label', provider: 'cpu', inputs: { x: ['f1', 'f2'] }, bootstrap: 200, seed: 3 });
    const { summary, body } = await compared(jobId);
    expect(summary).toMatchObject({ kind: 'comparison', modelVersion: 'clf@1', otherModelVersion: 'clf@2', datasetVersion: 'holdout@1', title: 'clf@1 vs clf@2 on holdout@1' });
    expect(body.runtime).toEqual({ provider: 'cpu', fallback: null, skippedOutputs: [] });
    expect(body.rows).toBe(ROWS);
    expect(body.target).toBe('label');

    const rows = Array.from({ length: ROWS }, (_, i) => i);
    const accuracy = (w: number): number => rows.filter((i) => predicted(w, i) === row(i).label).length / ROWS;
    const byName = new Map(body.metrics.map((m) => [m.name, m]));
    expect([...byName.keys()]).toEqual(['accuracy', 'f1_macro', 'roc_auc']);
    const acc = byName.get('accuracy')!;
    expect(acc.champion.value).toBeCloseTo(accuracy(1), 12);
    expect(acc.challenger.value).toBeCloseTo(accuracy(0.2), 12);
    expect(acc.difference.value).toBeCloseTo(accuracy(0.2) - accuracy(1), 12);
    for (const m of body.metrics) {
      for (const side of [m.champion, m.challenger, m.difference]) {
        expect(side.low).not.toBeNull();
        expect(side.low!).toBeLessThanOrEqual(side.value!);
        expect(side.high!).toBeGreaterThanOrEqual(side.value!);
      }
    }

    const disagreeing = rows.filter((i) => predicted(1, i) !== predicted(0.2, i));
    expect(disagreeing.length).toBeGreaterThan(0);
    expect(body.disagreements).toBe(disagreeing.length);
    expect(body.agreement).toBeCloseTo(1 - disagreeing.length / ROWS, 12);
    expect(body.disagreeing[0]).toEqual({ row: disagreeing[0], champion: predicted(1, disagreeing[0]), challenger: predicted(0.2, disagreeing[0]), truth: row(disagreeing[0]).label });
    expect(body.latency.champion).toBeGreaterThan(0);
    expect(body.latency.challenger).toBeGreaterThan(0);

    const edges = new LineageRepo(project.store.db).graph({ node: { kind: 'evaluation', id: summary.id }, direction: 'upstream', depth: 1 }).edges;
    expect(edges.map((e) => `${e.from.id} ${e.relation}`).sort()).toEqual(['clf@1 evaluated', 'clf@2 evaluated', 'holdout@1 evaluated_on']);

  }, 40_000);

  it("reads a yes / no target, stored as a boolean column, as the classifiers' yes and no", async () => {
    const { body } = await compared((await call('models.compare', { champion: 'yn@1', challenger: 'yn@2', dataset: { dataset: 'holdout', version: 1 }, target: 'said', provider: 'cpu', inputs: { x: ['f1', 'f2'] }, bootstrap: 0 })).jobId);
    const rows = Array.from({ length: ROWS }, (_, i) => i);
    const accuracy = rows.filter((i) => predicted(1, i) === row(i).label).length / ROWS;
    expect(body.metrics[0]).toMatchObject({ name: 'accuracy', champion: { value: accuracy, low: null, high: null } });
    expect(body.metrics.find((m) => m.name === 'roc_auc')?.champion.value).toBeGreaterThan(0.5);
    expect(['yes', 'no']).toContain(body.disagreeing[0].truth);
  }, 40_000);

  it('compares regressors without a target by agreement alone', async () => {
    const { body } = await compared((await call('models.compare', { champion: 'reg@1', challenger: 'reg@2', dataset: { dataset: 'holdout', version: 1 }, provider: 'cpu', inputs: { x: ['f1', 'f2'] } })).jobId);
    expect(body.metrics).toEqual([]);
    expect(body.target).toBeNull();
    // reg@2 adds 0.5 to every prediction: they never agree
    expect(body.agreement).toBe(0);
    expect(body.disagreeing).toHaveLength(100);
    expect(body.disagreeing[1].row).toBe(1);
    expect(body.disagreeing[1].challenger as number).toBeCloseTo((body.disagreeing[1].champion as number) + 0.5, 5);
    expect(body.disagreeing[1].truth).toBeNull();
  }, 40_000);

  it('refuses a missing champion or challenger before queueing, naming the field that names it', async () => {
    const jobs = project.jobs.list().length;
    const request = { dataset: { dataset: 'holdout', version: 1 }, provider: 'cpu' as const, inputs: { x: ['f1', 'f2'] } };
    expect(await refused('models.compare', { ...request, champion: 'clf@prod', challenger: 'clf@2' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'champion' } });
    expect(await refused('models.compare', { ...request, champion: 'clf@1', challenger: 'clf@9' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'challenger' } });
    expect(project.jobs.list()).toHaveLength(jobs);
  });

  it('refuses a classifier against a regressor, naming both, and stores nothing', async () => {
    const before = new EvaluationsRepo(project.store.db).list().length;
    const mixed = await project.jobs.wait((await call('models.compare', { champion: 'clf@1', challenger: 'reg@1', dataset: { dataset: 'holdout', version: 1 }, provider: 'cpu', inputs: { x: ['f1', 'f2'] } })).jobId);
    expect(mixed.state).toBe('failed');
    expect(mixed.error?.message).toBe('clf@1 is a classification model and reg@1 a regression model, so their predictions cannot be compared.');
    expect(new EvaluationsRepo(project.store.db).list()).toHaveLength(before);
  }, 40_000);
});
