// The 'model.bench' job end to end on a real project: imported ONNX models timed in the job's child process through
// the job runner, on synthetic inputs and on a dataset version, stored as a benchmark evaluation; Cancel stores nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenProject } from '../../app';
import { GraphBuilder } from '../../onnx/onnx-graph-builder';
import { AuditLog } from '../../store/audit-log';
import { EvaluationsRepo } from '../../store/evaluations-repo';
import { LineageRepo } from '../../store/lineage-repo';
import { tempDir } from '../../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../../test-support/test-workbench';
import { importModel } from '../registry/model-import';

const REAL = path.resolve(import.meta.dirname, '../../../../../shared/data/onnx');
const CNN = '04_pytorch_cnn_mnist_dynamic_batch.onnx';
const ZIPMAP = '01_skl2onnx_rf_iris_zipmap.onnx';
const hasReal = [CNN, ZIPMAP].every((f) => fs.existsSync(path.join(REAL, f)));
if (!hasReal) console.log(`skipping the benchmark of real ONNX exports: ${CNN} or ${ZIPMAP} is absent from ${REAL}`);

let bench: TestWorkbench;
let project: OpenProject;
const { call } = channelCalls(() => bench.ctx);
const benchmarked = (jobId: string) => bench.evaluationOf(jobId, 'benchmark');

/** y = x · w for x of shape [N, 4] (doubles): four named columns pack into it. */
function linearModel(fixedBatch?: number): Uint8Array {
  const g = new GraphBuilder();
  const batch = fixedBatch ?? 'N';
  g.input('x', 'double', [batch, 4]);
  const w = g.doubles('w', [0.5, -1, 2, 0.25], [4, 1]);
  g.node('MatMul', ['x', w], {}, { outputs: ['y'] });
  g.output('y', 'double', [batch, 1]);
  return g.encode({ producer: 'bench-test', version: '1', graphName: 'linear' });
}

function importBytes(name: string, bytes: Uint8Array): string {
  const file = path.join(tempDir(), `${name}.onnx`);
  fs.writeFileSync(file, bytes);
  return importModel(project.store, file, { name }).id;
}

beforeAll(async () => {
  bench = await openTestWorkbench();
  project = bench.project;
  importBytes('lin', linearModel());
  importBytes('fixed', linearModel(1));
  await bench.importCsv('rows', ['a,b,c,d', ...Array.from({ length: 20 }, (_, i) => `${i},${i / 2},${20 - i},${i % 3}`)].join('\n'));
}, 60_000);
afterAll(async () => {
  await bench.app.closeProject();
});

describe('model.bench', () => {
  it('times each batch size on synthetic inputs after the warm-up, names a provider that cannot run and why, and stores the report with its machine', async () => {
    const { jobId } = await call('models.bench', { model: 'lin@1', providers: ['cpu', 'cuda'], batchSizes: [16, 1], runs: 4, warmup: 2 });
    const { summary, body } = await benchmarked(jobId);
    expect(summary).toMatchObject({ kind: 'benchmark', modelVersion: 'lin@1', otherModelVersion: null, datasetVersion: null, title: 'Benchmark of lin@1 on synthetic inputs' });
    expect(body.inputs).toBe('synthetic');
    expect(body.warmup).toBe(2);
    expect(body.points.map((p) => [p.provider, p.batchSize, p.runs])).toEqual([
      ['cpu', 1, 4],
      ['cpu', 16, 4],
    ]);
    for (const p of body.points) {
      expect(p.p50Ms).toBeGreaterThan(0);
      expect(p.p50Ms).toBeLessThanOrEqual(p.p95Ms);
      expect(p.p95Ms).toBeLessThanOrEqual(p.p99Ms);
      expect(p.rowsPerSecond).toBeCloseTo((p.batchSize * 1000) / p.p50Ms, 6);
    }
    const cuda = body.machine.providers.find((p) => p.name === 'cuda')!;
    if (!cuda.available) expect(body.unavailable).toEqual([{ provider: 'cuda', reason: cuda.detail }]);
    expect(body.machine.providers.map((p) => p.name)).toEqual(['cpu', 'webgpu', 'cuda']);
    expect(body.machine.cores).toBeGreaterThan(0);
    // the report is linked to the model version and audited
    const edges = new LineageRepo(project.store.db).graph({ node: { kind: 'evaluation', id: summary.id }, direction: 'upstream', depth: 1 }).edges;
    expect(edges.map((e) => `${e.from.id} ${e.relation}`)).toEqual(['lin@1 evaluated']);
    const audit = new AuditLog(project.store.db).list(1000).filter((e) => e.action === 'evaluation.store' && e.target === `evaluation:${summary.id}`);
    expect(audit).toHaveLength(1);
  }, 30_000);

  it('feeds the first rows of a dataset version mapped like scoring, capping the default batch sizes at its 20 rows', async () => {
    const { jobId } = await call('models.bench', { model: 'lin@1', providers: ['cpu'], dataset: { dataset: 'rows', version: 1 }, runs: 3, warmup: 0 });
    const { summary, body } = await benchmarked(jobId);
    expect(summary.datasetVersion).toBe('rows@1');
    expect(body.inputs).toBe('dataset');
    expect(body.points.map((p) => p.batchSize)).toEqual([1, 8, 20]);
    const edges = new LineageRepo(project.store.db).graph({ node: { kind: 'evaluation', id: summary.id }, direction: 'upstream', depth: 1 }).edges;
    expect(edges.map((e) => `${e.from.id} ${e.relation}`).sort()).toEqual(['lin@1 evaluated', 'rows@1 evaluated_on']);
  }, 30_000);

  it('fails a batch size the model cannot take, naming it, and stores nothing', async () => {
    const before = new EvaluationsRepo(project.store.db).list().length;
    const { jobId } = await call('models.bench', { model: 'fixed@1', providers: ['cpu'], batchSizes: [1, 8], runs: 3 });
    const done = await project.jobs.wait(jobId);
    expect(done.state).toBe('failed');
    expect(done.error?.message).toBe('The model takes batches of exactly 1 rows (its batch dim is fixed), so batch size 8 cannot be timed.');
    expect(new EvaluationsRepo(project.store.db).list()).toHaveLength(before);
  }, 30_000);

  it('fails naming each provider asked for and why, when none of them can run the model', async () => {
    const done = await project.jobs.wait((await call('models.bench', { model: 'lin@1', providers: ['cuda'], batchSizes: [1], runs: 3 })).jobId);
    // where CUDA works (a GPU machine with the runtime pack) the benchmark runs on it instead
    if (done.state === 'succeeded') expect((await benchmarked(done.id)).body.points.map((p) => p.provider)).toEqual(['cuda']);
    else expect(done.error?.message).toMatch(/^No execution provider asked for can run lin@1 \(cuda: .+\)\.$/);
  }, 30_000);

  it('stops when cancelled, storing nothing', async () => {
    const before = new EvaluationsRepo(project.store.db).list().length;
    const { jobId } = await call('models.bench', { model: 'lin@1', providers: ['cpu'], batchSizes: [1], runs: 10_000, warmup: 0 });
    for (let i = 0; i < 200 && !project.jobs.get(jobId).message.startsWith('cpu: batch 1'); i++) await new Promise((r) => setTimeout(r, 50));
    project.jobs.cancel(jobId);
    const done = await project.jobs.wait(jobId);
    expect(done.state).toBe('cancelled');
    expect(new EvaluationsRepo(project.store.db).list()).toHaveLength(before);
  }, 30_000);

  it.skipIf(!hasReal)('times real exports on made-up inputs: a PyTorch CNN with a dynamic batch, and a scikit-learn forest whose ZipMap output is not fetched', async () => {
    for (const [name, file] of [['cnn', CNN], ['forest', ZIPMAP]] as const) importModel(project.store, path.join(REAL, file), { name });
    const cnn = await benchmarked((await call('models.bench', { model: 'cnn@1', providers: ['cpu'], batchSizes: [1, 32], runs: 3, warmup: 1 })).jobId);
    expect(cnn.body.points.map((p) => [p.batchSize, p.runs])).toEqual([
      [1, 3],
      [32, 3],
    ]);
    // a batch of 32 images costs more than one image, and less than 32 separate calls would
    expect(cnn.body.points[1].p50Ms).toBeGreaterThan(cnn.body.points[0].p50Ms);
    expect(cnn.body.points[1].rowsPerSecond).toBeGreaterThan(cnn.body.points[0].rowsPerSecond);
    const forest = await benchmarked((await call('models.bench', { model: 'forest@1', providers: ['cpu'], batchSizes: [64], runs: 3, warmup: 1 })).jobId);
    expect(forest.body.points).toHaveLength(1);
  }, 40_000);
});
