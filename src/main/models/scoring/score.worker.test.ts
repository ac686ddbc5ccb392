// The 'model.score' job end to end on a real project: imported ONNX models run in the job's child process through the
// job runner, the scored rows stored as a new dataset version with lineage, audit and a scoring evaluation.
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Input } from '../../../shared/api';
import type { ScoreJobResult } from '../../../shared/evaluations';
import { succeededAs, type JobInfo } from '../../../shared/jobs';
import type { LineageNode, LineageRelation } from '../../../shared/lineage';
import type { OpenProject } from '../../app';
import { openDatasetColumns } from '../../experiments/dataset-columns';
import { AuditLog } from '../../store/audit-log';
import { DatasetsRepo } from '../../store/datasets-repo';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { pidAlive } from '../../store/pid-alive';
import { jobProcessesOf } from '../../test-support/job-processes';
import { tempDir } from '../../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { readEvaluation } from '../evaluations/store-evaluation';
import { detectProviders } from '../execution-providers';
import { importModel } from '../registry/model-import';
import { externalDataRegressor, linearClassifier, mixedInputsModel, writeTestModel, zipMapStump, type TestModel } from '../test-models';

let bench: TestWorkbench;
let project: OpenProject;

const { call } = channelCalls(() => bench.ctx);

async function scored(input: Input<'models.score'>): Promise<ScoreJobResult> {
  const { jobId } = await call('models.score', input);
  const done: JobInfo = await project.jobs.wait(jobId);
  if (!succeededAs(done, 'model.score')) throw new Error(`${done.kind} ended ${done.state}: ${JSON.stringify(done.error)}`);
  return done.result;
}

async function failed(input: Input<'models.score'>): Promise<JobInfo> {
  const { jobId } = await call('models.score', input);
  const done = await project.jobs.wait(jobId);
  expect(done.state).toBe('failed');
  return done;
}

function register(name: string, model: TestModel): string {
  return importModel(project.store, writeTestModel(tempDir(), `${name}.onnx`, model), { name }).id;
}

const downstream = (node: LineageNode, relation: LineageRelation): string[] =>
  new LineageRepo(project.store.db).graph({ node, direction: 'downstream', depth: 1, relations: [relation] }).edges.map((e) => e.to.id);

const versionsOf = (name: string): number => {
  const repo = new DatasetsRepo(project.store.db);
  const d = repo.dataset(name);
  return d ? repo.versions(d.id).length : 0;
};

/** softmax of (b - a, a - b): 'yes' when a > b */
const leansOnAMinusB = { weights: [-1, 1, 1, -1], bias: [0, 0], classes: ['no', 'yes'] };

/** 200 rows: a and b numbers, y a yes/no label that leans on a - b, one b missing. */
function labelled(): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < 200; i++) {
    const a = ((i * 37) % 23) / 4 - 2;
    const b = i === 5 ? '' : String(((i * 11) % 17) / 3 - 1);
    lines.push(`${a},${b},${a - Number(b || 0) + ((i * 7) % 5) / 2 - 1 > 0 ? 'yes' : 'no'}`);
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  bench = await openTestWorkbench();
  project = bench.project;
  register('clf', linearClassifier(leansOnAMinusB));
  register('tree', zipMapStump({ features: 2, feature: 0, threshold: 0.5 }));
  register('mixed', mixedInputsModel({ paris: 10, rome: 20 }));
  register('ext', externalDataRegressor());
  await bench.importCsv('loans', labelled());
  await bench.importCsv('cities', 'city,count,x1,x2\nparis,1,0.5,1\nrome,2,1,\n,3,0.25,2\n');
  await bench.importCsv('wide', 'p,q,r,s\n1,0,0,0\n0,0,0,1\n');
  // enough rows, scored one at a time, for a job that is still running when the test acts on it
  await bench.importCsv('many', `a,b\n${Array.from({ length: 50_000 }, (_, i) => `${i % 7},${i % 11}`).join('\n')}\n`);
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

describe('model.score', () => {
  it('stores the input columns and one column per output element, equal to a bare onnxruntime run, with lineage and audit', async () => {
    const result = await scored({ model: 'clf@1', dataset: { dataset: 'loans', version: 1 }, provider: 'cpu', inputs: { x: ['a', 'b'] }, batchSize: 64 });
    expect(result).toMatchObject({ dataset: 'loans-scored', version: 1, rows: 200, provider: 'cpu', fallback: null, columns: ['label', 'probabilities_0', 'probabilities_1'], skippedOutputs: [], evaluation: null, reused: false });

    const out = openDatasetColumns(project.store, 'loans-scored', 1);
    expect(out.schema.map((c) => [c.name, c.type])).toEqual([['a', 'numeric'], ['b', 'numeric'], ['y', 'boolean'], ['label', 'boolean'], ['probabilities_0', 'numeric'], ['probabilities_1', 'numeric']]);
    const input = openDatasetColumns(project.store, 'loans', 1);
    const a = input.read('a').values as Float64Array;
    const b = input.read('b').values as Float64Array;
    expect(out.read('b').values).toEqual(b);
    const x = new Float32Array(400);
    for (let r = 0; r < 200; r++) [x[2 * r], x[2 * r + 1]] = [a[r], b[r]];
    const session = await ort.InferenceSession.create(linearClassifier(leansOnAMinusB).bytes);
    const bare = await session.run({ x: new ort.Tensor('float32', x, [200, 2]) });
    const probabilities = bare.probabilities.data as Float32Array;
    // the importer stores the yes/no labels as booleans, as it does the y column
    expect(out.read('label').values).toEqual(Float64Array.from(bare.label.data as string[], (l) => (l === 'yes' ? 1 : 0)));
    // the row with a missing b gives NaN probabilities, stored as missing cells
    expect(Array.from(out.read('probabilities_1').values as Float64Array)).toEqual(Array.from(probabilities.filter((_, i) => i % 2 === 1)));
    expect(Number.isNaN((out.read('probabilities_0').values as Float64Array)[5])).toBe(true);

    expect(downstream({ kind: 'model_version', id: 'clf@1' }, 'scored')).toEqual(['loans-scored@1']);
    expect(downstream({ kind: 'dataset_version', id: 'loans@1' }, 'scored_from')).toEqual(['loans-scored@1']);
    const entry = new AuditLog(project.store.db).list().find((e) => e.action === 'model.score');
    expect(entry).toMatchObject({ target: 'dataset:loans-scored@1', details: { model: 'clf@1', input: 'loans@1', output: 'loans-scored@1', rows: 200, provider: 'cpu', evaluation: null } });
  });

  it('stores the scoring metrics as an evaluation when a target is given, and scoring twice reuses the version', async () => {
    const result = await scored({ model: 'clf@1', dataset: { dataset: 'loans', version: 1 }, target: 'y', output: 'loans-checked' });
    expect(result).toMatchObject({ dataset: 'loans-checked', version: 1, reused: false });
    const report = readEvaluation(project.store, result.evaluation!);
    expect(report).toMatchObject({ kind: 'scoring', modelVersion: 'clf@1', datasetVersion: 'loans@1', body: { kind: 'scoring', output: 'loans-checked@1', rows: 200, metrics: { task: 'binary', target: 'y', rows: 200 } } });
    if (report.body.kind !== 'scoring') throw new Error('not a scoring report');
    const labels = openDatasetColumns(project.store, 'loans-checked', 1).read('label').values as Float64Array;
    const truth = openDatasetColumns(project.store, 'loans', 1).read('y').values as Float64Array;
    expect(report.body.metrics!.metrics.accuracy).toBe(truth.filter((t, i) => t === labels[i]).length / 200);
    // row 5 has no 'b', so the model gives it no score: ROC AUC is the rank statistic over the other 199 rows
    const p1 = openDatasetColumns(project.store, 'loans-checked', 1).read('probabilities_1').values as Float64Array;
    expect(Number.isNaN(p1[5])).toBe(true);
    const scoredRows = [...truth.keys()].filter((r) => r !== 5);
    const pos = scoredRows.filter((r) => truth[r] === 1);
    const neg = scoredRows.filter((r) => truth[r] === 0);
    const wins = pos.reduce((sum, i) => sum + neg.reduce((s2, j) => s2 + (p1[i] > p1[j] ? 1 : p1[i] === p1[j] ? 0.5 : 0), 0), 0);
    expect(report.body.metrics!.metrics.roc_auc).toBeCloseTo(wins / (pos.length * neg.length), 12);
    expect(report.body.metrics!.metrics.roc_auc).toBeGreaterThan(0.8);

    const again = await scored({ model: 'clf@1', dataset: { dataset: 'loans', version: 1 }, target: 'y', output: 'loans-checked' });
    expect(again).toMatchObject({ dataset: 'loans-checked', version: 1, reused: true });
    expect(again.evaluation).not.toBe(result.evaluation);
    expect(new EvaluationsRepo(project.store.db).get(again.evaluation!)).toMatchObject({ kind: 'scoring', modelVersion: 'clf@1' });
    expect(versionsOf('loans-checked')).toBe(1);
  });

  it('scores a ZipMap tree by its label alone and says ZipMap was skipped', async () => {
    const result = await scored({ model: 'tree@1', dataset: { dataset: 'loans', version: 1 }, target: 'y', inputs: { float_input: ['a', 'b'] }, output: 'tree-out' });
    expect(result.columns).toEqual(['output_label']);
    expect(result.skippedOutputs).toEqual([{ name: 'output_probability', why: expect.stringMatching(/ZipMap/) }]);
    const a = openDatasetColumns(project.store, 'loans', 1).read('a').values as Float64Array;
    expect(openDatasetColumns(project.store, 'tree-out', 1).read('output_label').values).toEqual(Float64Array.from(a, (v) => (v <= 0.5 ? 0 : 1)));
  });

  it('feeds string, int64 and float inputs through an explicit mapping, a missing float as NaN stored as a missing cell', async () => {
    const result = await scored({ model: 'mixed@1', dataset: { dataset: 'cities', version: 1 }, inputs: { x: ['x1', 'x2'] } });
    expect(result.columns).toEqual(['value', 'count_twice']);
    const out = openDatasetColumns(project.store, 'cities-scored', 1);
    expect(Array.from(out.read('value').values as Float64Array)).toEqual([12.5, NaN, -1 + 3 + 2.25]);
    expect(Array.from(out.read('count_twice').values as Float64Array)).toEqual([2, 4, 6]);
    expect(out.schema.find((c) => c.name === 'count_twice')!.type).toBe('integer');
  });

  it('runs a model whose weights are external data', async () => {
    const result = await scored({ model: 'ext@1', dataset: { dataset: 'wide', version: 1 } });
    expect(result.columns).toEqual(['y_0', 'y_1', 'y_2']);
    const out = openDatasetColumns(project.store, 'wide-scored', 1);
    expect(['y_0', 'y_1', 'y_2'].map((c) => Number((out.read(c).values as Float64Array)[1].toFixed(5)))).toEqual([0.5, 0.7, 0.9]);
  });

  it('runs on cuda when this machine has it, and otherwise on cpu saying why', async () => {
    const cuda = (await detectProviders()).find((p) => p.name === 'cuda')!;
    const result = await scored({ model: 'ext@1', dataset: { dataset: 'wide', version: 1 }, provider: 'cuda', output: 'on-cuda' });
    if (cuda.available) expect(result).toMatchObject({ provider: 'cuda', fallback: null });
    else expect(result).toMatchObject({ provider: 'cpu', fallback: expect.stringMatching(/cuda/i) });
  });

  it('fails in one line when a mapped column has the wrong type, storing nothing', async () => {
    const done = await failed({ model: 'mixed@1', dataset: { dataset: 'cities', version: 1 }, inputs: { x: ['x1', 'city'] }, output: 'never' });
    expect(done.error).toMatchObject({ code: 'BAD_INPUT', message: "Input 'x' takes FLOAT values, but column 'city' is text (it needs numeric or integer or boolean)." });
    expect(versionsOf('never')).toBe(0);
  });

  it('stores nothing when cancelled', async () => {
    const { jobId } = await call('models.score', { model: 'clf@1', dataset: { dataset: 'many', version: 1 }, batchSize: 1, output: 'cancelled' });
    await vi.waitUntil(() => project.jobs.get(jobId).message.startsWith('Scored'), { timeout: 20_000, interval: 20 });
    project.jobs.cancel(jobId);
    expect((await project.jobs.wait(jobId)).state).toBe('cancelled');
    expect(versionsOf('cancelled')).toBe(0);
    expect(new AuditLog(project.store.db).list().filter((e) => e.action === 'model.score' && e.target.startsWith('dataset:cancelled'))).toEqual([]);
  });
});

describe('model.score when its process dies', () => {
  it.skipIf(process.platform !== 'linux')('fails the job with a clear message when the scoring process is killed, and the workbench keeps scoring', async () => {
    const { jobId } = await call('models.score', { model: 'clf@1', dataset: { dataset: 'many', version: 1 }, batchSize: 1, output: 'killed' });
    await vi.waitUntil(() => project.jobs.get(jobId).message.startsWith('Scored'), { timeout: 20_000, interval: 20 });
    const [pid] = jobProcessesOf();
    process.kill(pid, 'SIGKILL');
    const done = await project.jobs.wait(jobId);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toMatch(/killed by SIGKILL/);
    await vi.waitUntil(() => !pidAlive(pid), 5000);
    expect(versionsOf('killed')).toBe(0);
    expect((await scored({ model: 'clf@1', dataset: { dataset: 'wide', version: 1 }, inputs: { x: ['p', 'q'] }, output: 'after-kill' })).rows).toBe(2);
  });
});
