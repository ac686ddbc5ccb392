// The GPU providers where this machine has them: the same classifier on webgpu and on cuda as on cpu, labels equal and
// probabilities within float tolerance. Where a provider is unavailable (CI machines have no GPU) its test is skipped
// and the reason printed, so a machine that should have one shows why it did not run.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../training/splits';
import { detectProviders, type ProviderName } from './execution-providers';
import { linearClassifier } from './test-models';

const FEATURES = 16;
const CLASSES = ['a', 'b', 'c'];
const ROWS = 512;

const random = mulberry32(20240108);
const model = linearClassifier({
  weights: Array.from({ length: FEATURES * CLASSES.length }, () => random() * 2 - 1),
  bias: CLASSES.map(() => random() - 0.5),
  classes: CLASSES,
}).bytes;
const x = Float32Array.from({ length: ROWS * FEATURES }, () => random() * 4 - 2);

async function score(provider: ProviderName): Promise<{ labels: string[]; probabilities: Float32Array }> {
  const session = await ort.InferenceSession.create(model, { executionProviders: [provider] });
  try {
    const out = await session.run({ x: new ort.Tensor('float32', x, [ROWS, FEATURES]) });
    return { labels: Array.from(out.label.data as string[]), probabilities: out.probabilities.data as Float32Array };
  } finally {
    await session.release();
  }
}

const statuses = await detectProviders();

describe('GPU execution providers', () => {
  for (const name of ['webgpu', 'cuda'] as const) {
    const status = statuses.find((s) => s.name === name);
    if (!status?.available) console.log(`skipping the ${name} test: ${status?.reason ?? 'not detected'}`);
    it.skipIf(!status?.available)(`${name} gives the labels cpu gives and probabilities within 1e-4 of cpu's`, async () => {
      const cpu = await score('cpu');
      const gpu = await score(name);
      expect(gpu.labels).toEqual(cpu.labels);
      let worst = 0;
      for (let i = 0; i < cpu.probabilities.length; i++) worst = Math.max(worst, Math.abs(gpu.probabilities[i] - cpu.probabilities[i]));
      expect(worst).toBeLessThan(1e-4);
    });
  }
});
