// One side of the inference bench for one model, in a process of its own (so each side's peak RSS is its own):
//   airlock: predict() (src/main/models/scoring/predict.ts) over the stored dataset version, as the score job runs it:
//            columns read from the project's blobs, laid out per batch, session.run, outputs collected per row;
//   bare:    a plain onnxruntime-node loop over Float32Array tensors built before the clock starts.
// Both use the same session options, batch size and outputs. Prints one JSON line: rows/s and a checksum of the outputs.
// Usage: node --import tsx bench/inference/score.ts <airlock|bare> <dir> <model>
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { openDatasetColumns } from '../../src/main/experiments/dataset-columns';
import { inspectOnnx } from '../../src/main/models/onnx-inspect';
import { DEFAULT_BATCH_SIZE, mapModelInputs, predict } from '../../src/main/models/scoring/predict';
import { ProjectStore } from '../../src/main/store/project-store';
import type { OnnxInspection } from '../../src/shared/onnx-model';
import { generateRows, MODELS, type BenchModel } from './models';
import type { PlanEntry } from './prepare';

interface Timed {
  seconds: number;
  /** the sum of the first numeric output over every row: both sides must agree */
  checksum: number;
}

/** Session options as model-session.ts opens a registered version on the CPU. */
const SESSION_OPTIONS: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], graphOptimizationLevel: 'all' };

/** The tensor outputs predict fetches (ZipMap and other non-tensors are skipped), in the model's order. */
function tensorOutputs(inspection: OnnxInspection): string[] {
  return inspection.outputs.filter((o) => o.scorable && o.type.kind === 'tensor').map((o) => o.name);
}

async function airlockSide(dir: string, entry: PlanEntry, file: string): Promise<Timed> {
  const store = ProjectStore.open(path.join(dir, 'project'), { appVersion: 'bench', actor: 'bench@airlock', readOnly: true });
  try {
    const inspection = inspectOnnx(file);
    const session = await ort.InferenceSession.create(file, SESSION_OPTIONS);
    const data = openDatasetColumns(store, entry.name);
    const mapping = mapModelInputs(inspection, data.schema);
    const t = performance.now();
    const out = await predict({ version: { id: `${entry.name}@1` }, inspection, session }, data, mapping, { checkCancelled: () => undefined });
    const seconds = (performance.now() - t) / 1000;
    const first = out.outputs.find((o) => o.kind === 'number');
    return { seconds, checksum: first?.kind === 'number' ? first.values.reduce((a, b) => a + b, 0) : NaN };
  } finally {
    store.close();
  }
}

/** One Float32Array per model input over every row: a column by the input's name, else all columns packed row-major. */
function prebuiltInputs(model: BenchModel, rows: number, inspection: OnnxInspection): { name: string; data: Float32Array; rowShape: number[] }[] {
  const values = generateRows(model, rows);
  const k = model.columns.length;
  return inspection.inputs.map((input) => {
    const shape = input.type.kind === 'tensor' ? (input.type.shape ?? []) : [];
    const rowShape = shape.slice(1).map((d) => (typeof d === 'number' ? d : 1));
    const j = model.columns.indexOf(input.name);
    const data = j >= 0 ? Float32Array.from({ length: rows }, (_, r) => values[r * k + j]) : Float32Array.from(values);
    return { name: input.name, data, rowShape };
  });
}

async function bareSide(model: BenchModel, entry: PlanEntry, file: string): Promise<Timed> {
  const inspection = inspectOnnx(file);
  const fetch = tensorOutputs(inspection);
  const session = await ort.InferenceSession.create(file, SESSION_OPTIONS);
  const inputs = prebuiltInputs(model, entry.rows, inspection);
  let checksum = 0;
  const t = performance.now();
  for (let at = 0; at < entry.rows; at += DEFAULT_BATCH_SIZE) {
    const end = Math.min(entry.rows, at + DEFAULT_BATCH_SIZE);
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of inputs) {
      const width = input.rowShape.reduce((a, b) => a * b, 1);
      feeds[input.name] = new ort.Tensor('float32', input.data.subarray(at * width, end * width), [end - at, ...input.rowShape]);
    }
    const results = await session.run(feeds, fetch);
    const first = fetch.map((name) => results[name]).find((r) => r.type !== 'string');
    if (first) {
      const data = first.data as ArrayLike<number | bigint>;
      for (let i = 0; i < data.length; i++) checksum += Number(data[i]);
    }
    for (const r of Object.values(results)) r.dispose();
  }
  return { seconds: (performance.now() - t) / 1000, checksum };
}

async function main(): Promise<void> {
  const [side, dir, name] = process.argv.slice(2);
  const plan = JSON.parse(fs.readFileSync(path.join(dir, 'plan.json'), 'utf8')) as PlanEntry[];
  const entry = plan.find((p) => p.name === name);
  const model = MODELS.find((m) => m.name === name);
  if (!entry?.file || !model) throw new Error(`no prepared model '${name}' in ${dir}`);
  const file = path.join(dir, entry.file);
  const timed = side === 'airlock' ? await airlockSide(dir, entry, file) : await bareSide(model, entry, file);
  console.log(JSON.stringify({ side, model: name, rows: entry.rows, ...timed, rowsPerSecond: entry.rows / timed.seconds }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
