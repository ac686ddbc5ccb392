// The explainers on a real exported model through onnxruntime-node: Tribuo's iris logistic regression (softmax over 3).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../training/splits';
import type { FeatureColumn } from '../training/model-types';
import type { ScoreFn } from './black-box';
import { kernelShap } from './kernel-shap';
import { partialDependence } from './partial-dependence';
import { IMPORTANCE_METRICS, permutationImportance } from './permutation-importance';

const file = join(__dirname, '../../../../shared/data/onnx/08_tribuo_iris_lr_with_metadata.onnx');
const present = existsSync(file);
if (!present) console.log(`skipping the real-model explanation tests: ${file} is absent (the shared data folder is not beside this checkout)`);

/**
 * Iris measurements as z-scores around the three species' means: the model's probabilities saturate on raw
 * centimetres (it was trained on standardised features), so only standardised inputs make its output vary.
 */
function irisColumns(rows: number): FeatureColumn[] {
  const random = mulberry32(12);
  const means = [[-1.0, 0.85, -1.3, -1.25], [0.1, -0.65, 0.28, 0.17], [0.9, -0.2, 1.03, 1.09]];
  const data = Array.from({ length: rows }, (_, r) => means[r % 3].map((m) => Math.round((m + (random() - 0.5) * 1.2) * 100) / 100));
  return ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'].map((name, j) => ({ name, kind: 'numeric', values: Float64Array.from(data, (row) => row[j]) }));
}

/** The model's probability of its third class, packing the four columns into its [batch, 4] float input. */
async function thirdClass(): Promise<ScoreFn> {
  const session = await ort.InferenceSession.create(readFileSync(file));
  return async (cols) => {
    const n = cols[0].values.length;
    const packed = new Float32Array(n * 4);
    cols.forEach((c, j) => {
      if (c.kind !== 'numeric') throw new Error('numeric columns only');
      for (let r = 0; r < n; r++) packed[r * 4 + j] = c.values[r];
    });
    const out = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', packed, [n, 4]) });
    const probs = out[session.outputNames[0]].data;
    if (!(probs instanceof Float32Array)) throw new Error('expected float probabilities');
    return Float64Array.from({ length: n }, (_, r) => probs[r * 3 + 2]);
  };
}

describe.skipIf(!present)('explanations of a real Tribuo ONNX model', () => {
  const columns = irisColumns(90);

  it('KernelSHAP with every coalition equals the exact Shapley values computed from all 16 coalitions of the same model', async () => {
    const score = await thirdClass();
    const result = await kernelShap(columns, [0, 1, 2], score, { background: { k: 5 }, seed: 2 });
    const bg = result.background;
    for (const r of result.rows) {
      // v(S) for every subset S of the 4 columns, one model call each
      const v = new Float64Array(16);
      for (let set = 0; set < 16; set++) {
        const synthetic = columns.map((c, j): FeatureColumn => {
          const b = bg.columns[j];
          if (c.kind !== 'numeric' || b.kind !== 'numeric') throw new Error('numeric columns only');
          return { name: c.name, kind: 'numeric', values: Float64Array.from(b.values, (bv) => (set & (1 << j) ? c.values[r.row] : bv)) };
        });
        const s = await score(synthetic);
        v[set] = s.reduce((a, x, k) => a + x * bg.weights[k], 0);
      }
      const weight = [1 / 4, 1 / 12, 1 / 12, 1 / 4];
      const exact = [0, 1, 2, 3].map((j) => {
        let phi = 0;
        for (let set = 0; set < 16; set++) if (!(set & (1 << j))) phi += weight[(set.toString(2).match(/1/g) ?? []).length] * (v[set | (1 << j)] - v[set]);
        return phi;
      });
      // float32 model outputs: values agree to the model's own precision
      r.values.forEach((phi, j) => expect(Math.abs(phi - exact[j]), `row ${r.row} ${columns[j].name}`).toBeLessThan(1e-6));
      expect(Math.abs(r.values.reduce((a, b) => a + b, 0) - (r.prediction - result.baseValue))).toBeLessThan(1e-9);
    }
    // the model's output really moves on these rows, so the agreement above is not 0 = 0
    expect(Math.max(...result.meanAbs)).toBeGreaterThan(0.01);
  });

  it('permutation importance and partial dependence run through the session; the PD average is the mean of all ICE lines', async () => {
    const score = await thirdClass();
    const y = Float64Array.from(await score(columns), (p) => (p > 0.5 ? 1 : 0));
    const pi = await permutationImportance(columns, y, score, IMPORTANCE_METRICS.accuracy, { repeats: 3, seed: 1 });
    // labels taken from the model itself: the unshuffled model is right on every row
    expect(pi.baseline).toBe(1);
    expect(Math.max(...pi.columns.map((c) => c.mean))).toBeGreaterThan(0);
    const all = Array.from({ length: 90 }, (_, i) => i);
    const pd = await partialDependence(columns, 'petal_length', score, { grid: 10, iceRows: all, batchRows: 300 });
    expect(pd.grid).toHaveLength(10);
    pd.average.forEach((a, g) => expect(Math.abs(a - pd.ice.reduce((sum, line) => sum + line.values[g], 0) / 90)).toBeLessThan(1e-12));
    expect(Math.abs(pd.average[9] - pd.average[0])).toBeGreaterThan(0.01);
  });
});
