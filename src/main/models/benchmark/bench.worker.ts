// The 'model.bench' job, in a child process: latency and throughput of a model version per provider and batch size,
// on rows of a dataset version or on inputs made up from its shapes, stored as a 'benchmark' evaluation with the
// machine it ran on. A cancelled or failed job stores nothing.
import * as ort from 'onnxruntime-node';
import type { BenchmarkBody, EvaluationJobResult, LatencyPoint } from '../../../shared/evaluations';
import { fail } from '../../../shared/errors';
import { parseRequest } from '../../../shared/experiment-requests';
import { benchRequest, PROVIDER_NAMES, type BenchRequest, type ProviderName, type ProviderStatus } from '../../../shared/models';
import type { OnnxInspection } from '../../../shared/onnx-model';
import { openDatasetColumns } from '../../experiments/dataset-columns';
import type { JobContext, JobHandler } from '../../jobs/protocol';
import { ProjectStore } from '../../store/project-store';
import { storeEvaluation } from '../evaluations/store-evaluation';
import { detectProviders } from '../execution-providers';
import { layoutBatch, type BatchTensor } from '../input-mapping';
import { openModelSession, type OpenedModel } from '../model-session';
import { mapModelInputs } from '../scoring/predict';
import { batchSizesFor, DEFAULT_WARMUP, plannedRuns, summariseLatency, timeRuns } from './latency';
import { describeMachine } from './machine';
import { syntheticBatch, syntheticInputs } from './synthetic-inputs';

/** Where the rows come from: the batch sizes they allow, and one batch of each size. */
interface BenchInputs {
  kind: BenchmarkBody['inputs'];
  datasetVersion: string | null;
  batchSizes: number[];
  batch(rows: number): Record<string, BatchTensor>;
}

const fixedBatchOf = (batches: readonly (number | null)[]): number | null => batches.find((b): b is number => b !== null) ?? null;

/** The first `rows` rows of the dataset version, mapped to the inputs as scoring maps them. */
function datasetInputs(store: ProjectStore, inspection: OnnxInspection, request: BenchRequest): BenchInputs | null {
  if (!request.dataset) {
    if (request.inputs) fail('BAD_INPUT', 'An input mapping needs a dataset version to take the columns from.', { where: { field: 'inputs' }, hint: 'Add --dataset NAME@VERSION.' });
    return null;
  }
  const data = openDatasetColumns(store, request.dataset.dataset, request.dataset.version);
  const mapping = mapModelInputs(inspection, data.schema, request.inputs ?? {});
  const columns = new Map([...new Set(mapping.inputs.flatMap((f) => f.columns))].map((name) => [name, data.read(name)]));
  return {
    kind: 'dataset',
    datasetVersion: data.versionId,
    batchSizes: batchSizesFor(request.batchSizes, data.rows, fixedBatchOf(mapping.inputs.map((f) => f.fixedBatch))),
    batch: (rows) => Object.fromEntries(mapping.inputs.map((feed) => [feed.input, layoutBatch(feed, columns, 0, rows)])),
  };
}

function benchInputs(store: ProjectStore, inspection: OnnxInspection, request: BenchRequest): BenchInputs {
  const fromDataset = datasetInputs(store, inspection, request);
  if (fromDataset) return fromDataset;
  const inputs = syntheticInputs(inspection.inputs);
  return {
    kind: 'synthetic',
    datasetVersion: null,
    batchSizes: batchSizesFor(request.batchSizes, null, fixedBatchOf(inputs.map((i) => i.fixedBatch))),
    batch: (rows) => syntheticBatch(inputs, rows),
  };
}

/** The outputs onnxruntime-node can return (a ZipMap's sequence of maps cannot be fetched, so it is not computed). */
function fetchesOf(opened: OpenedModel): string[] {
  const fetches = opened.inspection.outputs.filter((o) => o.scorable && o.type.kind === 'tensor').map((o) => o.name);
  if (fetches.length === 0) fail('BAD_INPUT', `Model ${opened.version.id} has no tensor output onnxruntime-node can return, so there is nothing to time.`, { where: { field: 'model' } });
  return fetches;
}

const tensors = (batch: Record<string, BatchTensor>): Record<string, ort.Tensor> =>
  Object.fromEntries(Object.entries(batch).map(([name, t]) => [name, new ort.Tensor(t.type, t.data, t.dims)]));

/** The providers to time: those asked for, in the order asked, or every available one; and why the others cannot run. */
function providersToTime(statuses: readonly ProviderStatus[], asked: readonly ProviderName[] | undefined): { run: ProviderName[]; unavailable: BenchmarkBody['unavailable'] } {
  const status = (p: ProviderName): ProviderStatus | undefined => statuses.find((s) => s.name === p);
  const wanted = asked ? [...new Set(asked)] : PROVIDER_NAMES.filter((p) => status(p)?.available);
  const unavailable = wanted.filter((p) => !status(p)?.available).map((p) => ({ provider: p, reason: status(p)?.reason ?? 'it was not detected' }));
  return { run: wanted.filter((p) => status(p)?.available), unavailable };
}

interface RowProgress {
  run(provider: ProviderName, batchSize: number, done: number, runs: number): void;
  pointDone(batchSize: number): void;
}

/** Progress as the share of rows fed so far (warm-up included): a run's cost grows with its batch size. */
function rowProgress(ctx: JobContext, providers: number, batchSizes: number[], runsOf: (b: number) => number, warmup: number): RowProgress {
  const perProvider = batchSizes.reduce((sum, b) => sum + (runsOf(b) + warmup) * b, 0);
  const total = perProvider * providers;
  let before = 0;
  return {
    run(provider: ProviderName, batchSize: number, done: number, runs: number): void {
      const fraction = (before + (warmup + done) * batchSize) / total;
      ctx.progress(Math.min(0.99, fraction), `${provider}: batch ${batchSize}, run ${done} of ${runs}`);
    },
    pointDone(batchSize: number): void {
      before += (runsOf(batchSize) + warmup) * batchSize;
    },
  };
}

export const benchJob: JobHandler<BenchRequest, EvaluationJobResult> = async (input, ctx) => {
  const request = parseRequest(benchRequest, input, 'benchmark request');
  const store = ProjectStore.open(ctx.projectDir, { appVersion: ctx.appVersion, actor: ctx.actor });
  try {
    ctx.progress(0, 'detecting execution providers');
    const statuses = await detectProviders();
    const { run, unavailable } = providersToTime(statuses, request.providers);
    const warmup = request.warmup ?? DEFAULT_WARMUP;
    const runsOf = (b: number): number => plannedRuns(b, request.runs);
    const points: LatencyPoint[] = [];
    let inputs: BenchInputs | null = null;
    let modelVersion: string | null = null;
    let progress: RowProgress | null = null;
    for (const provider of run) {
      ctx.checkCancelled();
      const opened = await openModelSession(store, request.model, { provider, statuses });
      try {
        if (opened.provider !== provider) {
          unavailable.push({ provider, reason: opened.fallback ?? `${provider} could not load the model` });
          continue;
        }
        modelVersion = opened.version.id;
        inputs ??= benchInputs(store, opened.inspection, request);
        progress ??= rowProgress(ctx, run.length, inputs.batchSizes, runsOf, warmup);
        const fetches = fetchesOf(opened);
        for (const batchSize of inputs.batchSizes) {
          const samples = await timeRuns(opened.session, tensors(inputs.batch(batchSize)), fetches, {
            warmup,
            runs: runsOf(batchSize),
            checkCancelled: () => ctx.checkCancelled(),
            onRun: (done, runs) => progress?.run(provider, batchSize, done, runs),
          });
          points.push(summariseLatency(provider, batchSize, samples));
          progress.pointDone(batchSize);
        }
      } finally {
        await opened.release();
      }
    }
    if (!inputs || !modelVersion) {
      const why = unavailable.map((u) => `${u.provider}: ${u.reason}`).join('; ') || 'no provider was asked for';
      return fail('BAD_INPUT', `No execution provider asked for can run ${request.model} (${why}).`, { where: { field: 'providers' } });
    }
    ctx.checkCancelled();
    ctx.progress(0.99, 'storing the benchmark');
    const body: BenchmarkBody = { kind: 'benchmark', points, machine: describeMachine(statuses), inputs: inputs.kind, warmup, unavailable };
    const where = inputs.datasetVersion ? ` on ${inputs.datasetVersion}` : ' on synthetic inputs';
    const summary = storeEvaluation(store, { title: `Benchmark of ${modelVersion}${where}`, modelVersion, datasetVersion: inputs.datasetVersion, body }, ctx.actor);
    const fastest = points.reduce((best, p) => (p.rowsPerSecond > best.rowsPerSecond ? p : best), points[0]);
    ctx.progress(1, `${points.length} points; fastest ${Math.round(fastest.rowsPerSecond)} rows/s (${fastest.provider}, batch ${fastest.batchSize})`);
    return summary;
  } finally {
    store.close();
  }
};
