import { describe, expect, it } from 'vitest';
import { histogramLength } from './gbdt-histogram';
import { HistogramThreads } from './gbdt-histogram-threads';
import { HistogramKernel, KernelMemory, type HistogramTask } from './gbdt-histogram-wasm';
import { lossAndGradients, sampledLoss, sumLossTerms } from './gbdt-loss';

const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
};

/**
 * In one kernel memory: rows x features codes (every bin, the missing one included), every third row as a node, all
 * rows' gradients, and two histograms.
 */
function node(rows: number, features: number) {
  const memory = new KernelMemory(0);
  const codesAt = memory.alloc(rows * features);
  const codes = new Uint8Array(memory.buffer, codesAt, rows * features);
  for (let i = 0; i < codes.length; i++) codes[i] = Math.floor(noise(i) * 256);
  const byColumnAt = memory.alloc(rows * features);
  const byColumn = new Uint8Array(memory.buffer, byColumnAt, rows * features);
  for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) byColumn[f * rows + r] = codes[r * features + f];
  const idxAt = memory.alloc(4 * rows);
  const idx = new Uint32Array(memory.buffer, idxAt, rows);
  let end = 0;
  for (let r = 0; r < rows; r += 3) idx[end++] = r;
  const gradHessAt = memory.alloc(8 * rows);
  const gradHess = new Float32Array(memory.buffer, gradHessAt, 2 * rows);
  for (let i = 0; i < gradHess.length; i++) gradHess[i] = noise(i + 1e7) - 0.5;
  const [alone, together] = [0, 1].map(() => memory.alloc(8 * histogramLength(features)));
  const histogram = (at: number) => new Float64Array(memory.buffer, at, histogramLength(features));
  const task = (over: 'root' | 'node', hist: number): HistogramTask => over === 'root'
    ? { codes: codesAt, byColumn: byColumnAt, rows, features, idx: null, start: 0, end: rows, gradients: gradHessAt, hist, minuend: null, fromFeature: 0, toFeature: features }
    : { codes: codesAt, byColumn: byColumnAt, rows, features, idx: idxAt, start: 0, end, gradients: gradHessAt, hist, minuend: null, fromFeature: 0, toFeature: features };
  return { memory, codes, alone, together, histogram, task };
}

describe('HistogramThreads', () => {
  it('sums each feature block on its own thread into exactly the histogram one thread builds', () => {
    const rows = 90_000;
    const features = 23;
    const { memory, codes, alone, together, histogram, task } = node(rows, features);
    const kernel = new HistogramKernel(memory.memory);
    const threads = HistogramThreads.start(codes, features, 3);
    expect(threads).not.toBeNull();
    try {
      threads!.useMemory(memory.memory);
      for (const over of ['root', 'node'] as const) {
        kernel.build(task(over, alone));
        histogram(together).fill(7);
        threads!.build(kernel, task(over, together));
        expect(histogram(together)).toEqual(histogram(alone));
        expect(histogram(alone).some((v) => v !== 0)).toBe(true);
      }
    } finally {
      threads?.close();
    }
  });

  it('starts no threads when one is asked for or the data is too small to gain from more', () => {
    expect(HistogramThreads.start(node(90_000, 23).codes, 23, 1)).toBeNull();
    expect(HistogramThreads.start(node(1_000, 23).codes, 23, 2)).toBeNull();
    // 80,000 x 20: where a second thread saved a twentieth of a fit's wall time for a third more CPU
    expect(HistogramThreads.launch(80_000 * 20, 20, 2)).toBeNull();
  });

  it('fills every task\'s gradients and loss terms on three threads exactly as the one-pass loss does, and the terms sum to its loss', () => {
    const rows = 90_000;
    const features = 23;
    const { memory, codes } = node(rows, features);
    const threads = HistogramThreads.start(codes, features, 3);
    expect(threads).not.toBeNull();
    try {
      // The kernel memory on every thread: binary gradients are the kernel's work there.
      threads!.useMemory(memory.memory);
      const inKernel = <T>(make: (b: SharedArrayBuffer, at: number) => T, bytes: number): T => {
        // alloc may grow the memory: its buffer is read after
        const at = memory.alloc(bytes);
        return make(memory.buffer, at);
      };
      for (const [task, outputs] of [['binary', 1], ['multiclass', 3], ['regression', 1]] as const) {
        const scores = inKernel((b, at) => new Float64Array(b, at, rows * outputs), 8 * rows * outputs);
        for (let i = 0; i < scores.length; i++) scores[i] = 6 * (noise(i + 3e7) - 0.5);
        const y = inKernel((b, at) => new Float64Array(b, at, rows), 8 * rows);
        for (let r = 0; r < rows; r++) y[r] = task === 'regression' ? noise(r + 5e7) * 10 : Math.floor(noise(r + 5e7) * (task === 'binary' ? 2 : outputs));
        const alone = new Float32Array(2 * rows * outputs);
        const loss = lossAndGradients(task, scores, y, rows, outputs, alone, 7);
        const together = inKernel((b, at) => new Float32Array(b, at, 2 * rows * outputs).fill(7), alone.byteLength);
        const lossTerms = inKernel((b, at) => new Float64Array(b, at, Math.ceil(rows / 7)), 8 * Math.ceil(rows / 7)).fill(NaN);
        threads!.gradients(new HistogramKernel(memory.memory), { task, scores, y, rows, outputs, gradHess: together, lossStride: 7, lossTerms, leaves: null });
        expect(together).toEqual(alone);
        expect(sumLossTerms(lossTerms)).toBe(loss);
        expect(sampledLoss(task, scores, y, rows, outputs, 7)).toBe(loss);
      }
    } finally {
      threads?.close();
    }
  });
});
