import { describe, expect, it } from 'vitest';
import { addLeafValues, type LeafValues } from './gbdt-leaf-values';
import { HistogramKernel, KernelMemory } from './gbdt-histogram-wasm';

const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
};

describe('addLeafValues', () => {
  it("adds each leaf's value to the scores of its rows in a block of row numbers only, so blocks together add what one pass over all rows does", () => {
    const rows = 10_000;
    const stride = 2;
    const memory = new KernelMemory(0);
    // Five leaves of scattered, ascending rows, as a grown tree leaves them: each row in one leaf, leaves in a row buffer.
    const rowsAt = memory.alloc(4 * rows);
    const rowBuffer = new Uint32Array(memory.buffer, rowsAt, rows);
    const byLeaf = Array.from({ length: 5 }, () => [] as number[]);
    for (let r = 0; r < rows; r++) byLeaf[Math.floor(noise(r) * 5)].push(r);
    const starts: number[] = [];
    const ends: number[] = [];
    let at = 0;
    for (const leafRows of byLeaf) {
      starts.push(at);
      rowBuffer.set(leafRows, at);
      at += leafRows.length;
      ends.push(at);
    }
    const scoresAt = memory.alloc(8 * rows * stride);
    const scores = new Float64Array(memory.buffer, scoresAt, rows * stride);
    const leaves: LeafValues = { rows: rowsAt, starts, ends, values: [0.1, -0.2, 0.3, 1e-9, -7], scores: scoresAt, stride, offset: 1 };
    const kernel = new HistogramKernel(memory.memory);
    const start = Float64Array.from(scores, (_, i) => noise(i + 1e6));

    scores.set(start);
    addLeafValues(kernel, rowBuffer, leaves, 0, rows);
    const onePass = scores.slice();
    for (let r = 0; r < rows; r++) {
      expect(onePass[r * stride]).toBe(start[r * stride]);
      expect(onePass[r * stride + 1]).toBe(start[r * stride + 1] + leaves.values[byLeaf.findIndex((l) => l.includes(r))]);
    }

    scores.set(start);
    addLeafValues(kernel, rowBuffer, leaves, 0, 3_333);
    for (let r = 3_333; r < rows; r++) expect(scores[r * stride + 1]).toBe(start[r * stride + 1]);
    addLeafValues(kernel, rowBuffer, leaves, 3_333, 7_000);
    addLeafValues(kernel, rowBuffer, leaves, 7_000, rows);
    expect(scores).toEqual(onePass);
  });
});
