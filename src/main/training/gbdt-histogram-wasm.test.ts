import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { histogramLength, SLOT } from './gbdt-histogram';
import { HistogramKernel, kernelMath, KernelMemory, type HistogramTask } from './gbdt-histogram-wasm';
import { fillGradients, fillLossTerms } from './gbdt-loss';
import { KERNEL_MODULE, kernelModuleText } from './gbdt-histogram-wasm-build';
import { BINS_PER_FEATURE } from './gbdt-binning';

const noise = (i: number): number => {
  const s = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return s - Math.floor(s);
};

describe('the histogram kernel', () => {
  it('ships the bytes its .wat source compiles to now', async () => {
    expect(fs.readFileSync(KERNEL_MODULE, 'utf8'), 'the .wat changed: run npx tsx scripts/build-wasm.ts').toBe(await kernelModuleText());
  });

  /** A kernel over `rows` x `features` codes from `codeOf(i)`, a node of about 40 % of the rows and gradients of mixed magnitudes. */
  function histogramFixture(rows: number, features: number, codeOf: (i: number) => number) {
    const memory = new KernelMemory(0);
    const codesAt = memory.alloc(rows * features);
    const codes = new Uint8Array(memory.buffer, codesAt, rows * features);
    for (let i = 0; i < codes.length; i++) codes[i] = codeOf(i);
    const byColumnAt = memory.alloc(rows * features);
    const byColumn = new Uint8Array(memory.buffer, byColumnAt, rows * features);
    for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) byColumn[f * rows + r] = codes[r * features + f];
    const idxAt = memory.alloc(4 * rows);
    const idx = new Uint32Array(memory.buffer, idxAt, rows);
    let end = 0;
    for (let r = 0; r < rows; r++) if (noise(r + 1e6) < 0.4) idx[end++] = r;
    const gradientsAt = memory.alloc(8 * rows);
    const gradients = new Float32Array(memory.buffer, gradientsAt, 2 * rows);
    for (let i = 0; i < gradients.length; i++) gradients[i] = (noise(i + 2e6) - 0.3) * 10 ** Math.floor(noise(i + 3e6) * 8 - 4);
    const histAt = memory.alloc(8 * histogramLength(features));
    const hist = new Float64Array(memory.buffer, histAt, histogramLength(features));
    /** the sums one float64 add per row and bin gives, in ascending row order, over the features [from, to); -1 elsewhere */
    const expectedSums = (byIdx: boolean, from: number, to: number): Float64Array => {
      const expected = new Float64Array(hist.length).fill(-1);
      expected.fill(0, from * span, to * span);
      for (let i = 0; i < (byIdx ? end : rows); i++) {
        const row = byIdx ? idx[i] : i;
        for (let f = from; f < to; f++) {
          const s = f * span + codes[row * features + f] * SLOT;
          expected[s] += gradients[2 * row];
          expected[s + 1] += gradients[2 * row + 1];
          expected[s + 2] += 1;
        }
      }
      return expected;
    };
    const task = (byIdx: boolean, from: number, to: number, minuend: number | null): HistogramTask =>
      ({ codes: codesAt, byColumn: byColumnAt, rows, features, idx: byIdx ? idxAt : null, start: 0, end: byIdx ? end : rows, gradients: gradientsAt, hist: histAt, minuend, fromFeature: from, toFeature: to });
    return { memory, kernel: new HistogramKernel(memory.memory), hist, expectedSums, task };
  }
  const span = BINS_PER_FEATURE * SLOT;

  // Few distinct codes, so most bins sum many rows and any change of order would round differently; 255 is the missing bin.
  const fewCodes = (i: number): number => (noise(i) < 0.1 ? 255 : Math.floor(noise(i + 0.5) * 6));

  // 5,000 rows: row by row from the row-major codes; 1.2M rows x 7 features, past 8M codes: one feature at a time from the column-major ones
  it.each([5_000, 1_200_000])('sums each bin of the asked features of %i rows in ascending row order, as one float64 add per row does, leaves the others, and subtracts them from the minuend', (rows) => {
    const { memory, kernel, hist, expectedSums, task } = histogramFixture(rows, 7, fewCodes);
    for (const [byIdx, from, to] of [[false, 0, 7], [true, 0, 7], [true, 2, 5]] as const) {
      hist.fill(-1);
      kernel.build(task(byIdx, from, to, null));
      expect(hist).toEqual(expectedSums(byIdx, from, to));
    }
    const minuendAt = memory.alloc(8 * hist.length);
    const minuend = new Float64Array(memory.buffer, minuendAt, hist.length);
    for (let i = 0; i < minuend.length; i++) minuend[i] = noise(i + 5e6) * 1000;
    const before = minuend.slice();
    kernel.build(task(true, 2, 5, minuendAt));
    const sums = expectedSums(true, 2, 5);
    expect(minuend).toEqual(before.map((v, i) => (i >= 2 * span && i < 5 * span ? v - sums[i] : v)));
  });

  it('sums many mostly-zero features (as TF-IDF gives) block by block to the same bits, and subtracts them from the minuend there', () => {
    // 45 features: past the one-pass width, so the build runs in blocks, the last one short.
    const features = 45;
    const { memory, kernel, hist, expectedSums, task } = histogramFixture(3_000, features, (i) => (noise(i) < 0.9 ? 0 : Math.floor(noise(i + 0.5) * 256)));
    const minuendAt = memory.alloc(8 * hist.length);
    const minuend = new Float64Array(memory.buffer, minuendAt, hist.length);
    for (let i = 0; i < minuend.length; i++) minuend[i] = noise(i + 5e6) * 1000;
    const before = minuend.slice();
    hist.fill(-1);
    kernel.build(task(true, 1, features - 1, minuendAt));
    const sums = expectedSums(true, 1, features - 1);
    expect(hist).toEqual(sums);
    expect(minuend).toEqual(before.map((v, i) => (i >= span && i < (features - 1) * span ? v - sums[i] : v)));
  });
});

describe('the partition kernel', () => {
  it('moves the rows whose code is at most the bin (and missing ones when they go left) first, keeping both sides in order', () => {
    const rows = 3_000;
    const memory = new KernelMemory(0);
    const columnAt = memory.alloc(rows);
    const column = new Uint8Array(memory.buffer, columnAt, rows);
    for (let r = 0; r < rows; r++) column[r] = noise(r) < 0.2 ? 255 : Math.floor(noise(r + 0.5) * 40);
    const idxAt = memory.alloc(4 * rows);
    const idx = new Uint32Array(memory.buffer, idxAt, rows);
    const scratchAt = memory.alloc(4 * rows);
    const kernel = new HistogramKernel(memory.memory);
    for (const [bin, missingLeft] of [[17, false], [17, true], [0, true], [254, false]] as const) {
      let n = 0;
      for (let r = 0; r < rows; r++) if (noise(r + 4e6) < 0.5) idx[n++] = r;
      // rows before and after the node's range stay where they are
      const [start, end] = [5, n - 7];
      const before = [...idx.subarray(0, n)];
      const node = before.slice(start, end);
      const goesLeft = (row: number) => column[row] <= bin || (missingLeft && column[row] === 255);
      const expected = [...before.slice(0, start), ...node.filter(goesLeft), ...node.filter((r) => !goesLeft(r)), ...before.slice(end)];
      const mid = kernel.partition(columnAt, bin, missingLeft, idxAt, start, end, scratchAt);
      expect(mid).toBe(start + node.filter(goesLeft).length);
      expect([...idx.subarray(0, n)]).toEqual(expected);
    }
  });
});

describe('the leaf-value kernel', () => {
  it("adds a leaf's value to the score of each of its rows, one f64 add a row, and touches no other score", () => {
    const rows = 1_000;
    const stride = 3;
    const memory = new KernelMemory(0);
    const scoresAt = memory.alloc(8 * rows * stride);
    const scores = new Float64Array(memory.buffer, scoresAt, rows * stride);
    for (let i = 0; i < scores.length; i++) scores[i] = (noise(i) - 0.5) * 10 ** Math.floor(noise(i + 0.5) * 6 - 3);
    const idxAt = memory.alloc(4 * rows);
    const idx = new Uint32Array(memory.buffer, idxAt, rows);
    let n = 0;
    for (let r = 0; r < rows; r++) if (noise(r + 6e6) < 0.4) idx[n++] = r;
    const value = 0.1 * Math.PI;
    const expected = scores.slice();
    for (let i = 3; i < n - 2; i++) expected[idx[i] * stride + 1] += value;
    new HistogramKernel(memory.memory).addLeaf(idxAt, 3, n - 2, scoresAt + 8, 8 * stride, value);
    expect(scores).toEqual(expected);
  });
});

/**
 * `edges`, then a million inputs: three in four drawn by `shaped` from i and r = noise(i + salt), every fourth any bit
 * pattern (every exponent, subnormals, NaNs).
 */
function mathInputs(edges: readonly number[], salt: number, shaped: (i: number, r: number) => number): number[] {
  const f = new Float64Array(1);
  const words = new Uint32Array(f.buffer);
  const inputs = [...edges];
  for (let i = 0; i < 1_000_000; i++) {
    const r = noise(i + salt);
    if (i % 4 < 3) inputs.push(shaped(i, r));
    else {
      words[0] = Math.floor(noise(i + salt + 2e6) * 2 ** 32);
      words[1] = Math.floor(r * 2 ** 32);
      inputs.push(f[0]);
    }
  }
  return inputs;
}

describe('the binary gradient kernel', () => {
  /** Scores as boosting makes them (a few units either side of 0) and the kernel's edges: past its vector path (|z| >= 704, overflow, infinities), below 2^-28, zeros, NaN. */
  const edgeScores = [0, -0, 1e-300, -1e-300, 2 ** -28, -(2 ** -28), 3e-9, 0.5 * Math.LN2, 1.5 * Math.LN2, 703.9, -703.9, 704, 708.5, -708.5, 709.9, -745.2, -746, 1e6, Infinity, -Infinity, NaN];

  it('computes exp bit for bit as Math.exp does, on a million inputs of every size and sign', () => {
    const exp = kernelMath('exp');
    const inputs = mathInputs(edgeScores, 7e6, (i, r) => (i % 4 === 0 ? -r * 40 : i % 4 === 1 ? (r - 0.5) * 1500 : (r - 0.5) * 10 ** Math.floor(noise(i + 8e6) * 14 - 12)));
    const differ = inputs.filter((x) => !Object.is(exp(x), Math.exp(x)));
    expect(differ).toEqual([]);
  });

  it('computes log1p bit for bit as Math.log1p does on Node 20, on a million inputs of every size and sign', () => {
    const log1p = kernelMath('log1p');
    // each branch of s_log1p.c: x <= -1, |x| < 2^-29 and 2^-54, around sqrt(2) - 1 and sqrt(2)/2 - 1, f = 0, 2^53 up
    const edges = [0, -0, -1, -1.5, 2 ** -29, -(2 ** -30), 2 ** -54, 2 ** -60, Math.SQRT2 - 1, Math.SQRT1_2 - 1, 1, 3, 2 ** 53, 2 ** 54, 1e300, 5e-324, Infinity, -Infinity, NaN];
    const inputs = mathInputs(edges, 17e6, (i, r) => (i % 4 === 0 ? Math.exp(-r * 40) : i % 4 === 1 ? (r - 0.3) * 10 ** Math.floor(noise(i + 18e6) * 30 - 15) : Math.SQRT2 - 1 + (r - 0.5) * 1e-6));
    const differ = inputs.filter((x) => !Object.is(log1p(x), Math.log1p(x)));
    expect(differ).toEqual([]);
  });

  it('writes the binary loss terms that fillLossTerms writes, bit for bit, for the sampled rows asked and no others', () => {
    const rows = 20_001;
    const memory = new KernelMemory(0);
    const scoresAt = memory.alloc(8 * rows);
    const labelsAt = memory.alloc(8 * rows);
    const termsAt = memory.alloc(8 * rows);
    const scores = new Float64Array(memory.buffer, scoresAt, rows);
    const labels = new Float64Array(memory.buffer, labelsAt, rows);
    const terms = new Float64Array(memory.buffer, termsAt, rows);
    for (let r = 0; r < rows; r++) {
      scores[r] = r < edgeScores.length ? edgeScores[r] : (noise(r + 2e7) - 0.5) * (r % 7 === 0 ? 1600 : 12);
      labels[r] = noise(r + 3e7) < 0.4 ? 1 : 0;
    }
    const kernel = new HistogramKernel(memory.memory);
    for (const [stride, from, to] of [[1, 0, rows], [3, 0, rows], [7, 5, 14_003], [4, 8, 9]] as const) {
      const expected = new Float64Array(Math.ceil(rows / stride)).fill(-1);
      fillLossTerms('binary', scores, labels, 1, stride, expected, from, to);
      terms.fill(-1);
      kernel.binaryLossTerms(scoresAt, labelsAt, stride, termsAt, from, to);
      expect(terms.subarray(0, expected.length).every((v, i) => Object.is(v, expected[i]))).toBe(true);
      expect(terms.subarray(expected.length).every((v) => v === -1)).toBe(true);
    }
  });

  it('writes the f32 gradient and hessian pairs that fillGradients writes, bit for bit, for the rows asked and no others', () => {
    const rows = 20_001;
    const memory = new KernelMemory(0);
    const scoresAt = memory.alloc(8 * rows);
    const scores = new Float64Array(memory.buffer, scoresAt, rows);
    const labelsAt = memory.alloc(8 * rows);
    const labels = new Float64Array(memory.buffer, labelsAt, rows);
    const gradHessAt = memory.alloc(8 * rows);
    const gradHess = new Float32Array(memory.buffer, gradHessAt, 2 * rows);
    for (let r = 0; r < rows; r++) {
      scores[r] = r < edgeScores.length ? edgeScores[r] : (noise(r) - 0.5) * 10 ** Math.floor(noise(r + 0.5) * 4 - 1);
      labels[r] = noise(r + 1e6) < 0.3 ? 1 : 0;
    }
    const expected = new Float32Array(2 * rows).fill(-1);
    // an odd count of rows, from an odd row: both the paired and the lone-row path
    const [from, to] = [3, rows];
    fillGradients('binary', scores, labels, rows, 1, expected, from, to);
    gradHess.fill(-1);
    new HistogramKernel(memory.memory).binaryGradients(scoresAt, labelsAt, gradHessAt, from, to);
    const differ = [...gradHess.keys()].filter((i) => !Object.is(gradHess[i], expected[i]));
    expect(differ).toEqual([]);
  });
});

describe('KernelMemory', () => {
  it('hands out 16-byte aligned, disjoint blocks and grows, while views made before stay valid', () => {
    const memory = new KernelMemory(10);
    const first = memory.alloc(10);
    const early = new Uint8Array(memory.buffer, first, 10).fill(9);
    const second = memory.alloc(200_000);
    expect([first % 16, second % 16]).toEqual([0, 0]);
    expect(second).toBeGreaterThanOrEqual(first + 10);
    expect(memory.buffer.byteLength).toBeGreaterThanOrEqual(second + 200_000);
    new Uint8Array(memory.buffer, second, 200_000).fill(1);
    expect([...early]).toEqual(new Array(10).fill(9));
  });

  it("gives each fit on a thread the last fit's memory, started over, so a thread holds one however many fits it runs", () => {
    const first = KernelMemory.forFit();
    const at = first.alloc(100_000);
    first.alloc(100);
    const second = KernelMemory.forFit();
    expect(second).toBe(first);
    expect(second.alloc(100_000)).toBe(at);
  });

  it('refuses a block past the 4 GiB the kernel can address, saying what needs it', () => {
    const memory = new KernelMemory(0);
    memory.alloc(1);
    expect(() => memory.alloc(2 ** 32 - 15)).toThrow(/4\.0 GiB of working memory .* more than the 4 GiB/);
    expect(memory.buffer.byteLength).toBeLessThan(2 ** 20);
  });
});
