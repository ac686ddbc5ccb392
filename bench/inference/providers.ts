// The dense network on each execution provider in one process: ms per batch with the input and output copied through
// host memory on every run (what Airlock's scoring does), and the largest difference from the CPU's answer.
// Usage: node --import tsx bench/inference/providers.ts [--batch N] [--runs N] [--providers cpu,webgpu,cuda] [--out DIR]
// --out DIR writes dense.onnx, x.f32 and y-cpu.f32 there, for torch_dense.py to run the same network on the same input.
import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { DENSE, denseInput, denseModel } from './dense-model';

const SEED = 20240108;

interface Options {
  batch: number;
  runs: number;
  providers: string[];
  out: string | null;
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = (flag: string, fallback: number): number => {
    const n = Number(value(flag) ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer, got ${value(flag)}`);
    return n;
  };
  return {
    batch: count('--batch', 4096),
    runs: count('--runs', 20),
    providers: (value('--providers') ?? 'cpu,webgpu,cuda').split(','),
    out: value('--out') ?? null,
  };
}

interface ProviderFigure {
  provider: string;
  ok: boolean;
  error?: string;
  sessionSeconds?: number;
  msPerBatch?: { median: number; mean: number; min: number };
  rowsPerSecond?: number;
  maxAbsDiffVsCpu?: number | null;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timeProvider(model: Uint8Array, x: Float32Array, provider: string, o: Options, cpu: Float32Array | null): Promise<{ figure: ProviderFigure; y: Float32Array | null }> {
  let session: ort.InferenceSession;
  const t0 = performance.now();
  try {
    session = await ort.InferenceSession.create(model, { executionProviders: [provider], graphOptimizationLevel: 'all' });
  } catch (e) {
    return { figure: { provider, ok: false, error: String(e instanceof Error ? e.message : e).split('\n')[0] }, y: null };
  }
  const sessionSeconds = (performance.now() - t0) / 1000;
  // a fresh tensor over the host array and the output read back as host data, every run
  const runOnce = async (): Promise<Float32Array> => {
    const result = await session.run({ x: new ort.Tensor('float32', x, [o.batch, DENSE.width]) });
    const data = result.y.data;
    if (!(data instanceof Float32Array)) throw new Error(`${provider} returned ${typeof data} instead of float32 data`);
    return data;
  };
  let y = await runOnce();
  for (let i = 0; i < 2; i++) y = await runOnce(); // warm-up: kernels compiled, buffers allocated
  const times: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    const t = performance.now();
    y = await runOnce();
    times.push(performance.now() - t);
  }
  await session.release();
  let diff: number | null = null;
  if (cpu) {
    diff = 0;
    for (let i = 0; i < y.length; i++) diff = Math.max(diff, Math.abs(y[i] - cpu[i]));
  }
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  const med = median(times);
  return {
    figure: { provider, ok: true, sessionSeconds, msPerBatch: { median: med, mean, min: Math.min(...times) }, rowsPerSecond: (o.batch * 1000) / med, maxAbsDiffVsCpu: diff },
    y,
  };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const model = denseModel(SEED);
  const x = denseInput(SEED + 1, o.batch);
  const figures: ProviderFigure[] = [];
  let cpu: Float32Array | null = null;
  for (const provider of o.providers) {
    const { figure, y } = await timeProvider(model, x, provider, o, cpu);
    if (provider === 'cpu' && y) cpu = y;
    figures.push(figure);
    console.error(figure.ok ? `${provider}: ${figure.msPerBatch?.median.toFixed(2)} ms per batch of ${o.batch}` : `${provider}: not run: ${figure.error}`);
  }
  if (o.out) {
    fs.mkdirSync(o.out, { recursive: true });
    fs.writeFileSync(path.join(o.out, 'dense.onnx'), model);
    fs.writeFileSync(path.join(o.out, 'x.f32'), x);
    if (cpu) fs.writeFileSync(path.join(o.out, 'y-cpu.f32'), cpu);
  }
  console.log(JSON.stringify({ model: `${DENSE.layers} x (MatMul ${DENSE.width}x${DENSE.width} + Relu), fp32`, batch: o.batch, runs: o.runs, onnxruntime: ort.env.versions.common, figures }));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
