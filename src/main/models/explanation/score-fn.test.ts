import { existsSync } from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../../shared/domain';
import type { OnnxInspection } from '../../../shared/onnx-model';
import { rejectionOf } from '../../test-support/app-error-of';
import { tempDir } from '../../test-support/temp-project';
import type { FeatureColumn } from '../../training/model-types';
import { inspectOnnx } from '../onnx-inspect';
import { mapModelInputs, pickPrediction, predict, type RunnableModel } from '../scoring/predict';
import { linearClassifier, linearRegressor, writeTestModel, type TestModel } from '../test-models';
import { columnsAsDataset, explainedScore, modelScoreFn } from './score-fn';

/** A bare session with the whole inspection: the inputs are mapped from it too. */
type Opened = RunnableModel & { inspection: OnnxInspection };

const realModels = path.resolve(__dirname, '../../../../../shared/data/onnx');
const noop = (): void => undefined;

/** A bare onnxruntime session on the model, as predict takes it (the job opens the registry's through openModelSession). */
async function open(model: TestModel | string): Promise<Opened> {
  const file = typeof model === 'string' ? model : writeTestModel(tempDir(), 'model.onnx', model);
  return { version: { id: 'm@1' }, inspection: inspectOnnx(file), session: await ort.InferenceSession.create(file) };
}

/** k numeric columns c0..c(k-1) of n rows, values spread over [-2, 2]. */
function columns(k: number, n: number): { columns: FeatureColumn[]; schema: ColumnSchema[] } {
  const cols = Array.from({ length: k }, (_, j): FeatureColumn => ({ name: `c${j}`, kind: 'numeric', values: Float64Array.from({ length: n }, (_, r) => (((r * (7 + 2 * j)) % 23) / 23) * 4 - 2) }));
  return { columns: cols, schema: cols.map((c) => ({ name: c.name, type: 'numeric' })) };
}

/** What the job does first: predict on the rows, then pick what is explained. */
async function explain(model: Opened, k: number, n: number, className?: string) {
  const { columns: cols, schema } = columns(k, n);
  const mapping = mapModelInputs(model.inspection, schema);
  const outputs = await predict(model, columnsAsDataset(cols, schema, 'd@1'), mapping, { checkCancelled: noop });
  const prediction = pickPrediction(outputs);
  const explained = explainedScore(prediction, className);
  const score = await modelScoreFn(model, mapping, explained, { schema, versionId: 'd@1', checkCancelled: noop })(cols);
  return { outputs, prediction, explained, score };
}

describe('the explained score', () => {
  it("of a multiclass model is by default the probability of the class its probabilities rank first most often, read from that column", async () => {
    // the bias favours 'b', which ranks first on many rows but not all
    const model = await open(linearClassifier({ weights: [1, 0, -1, 0, 0.2, -1], bias: [0, 1, 0], classes: ['a', 'b', 'c'] }));
    const { outputs, prediction, explained, score } = await explain(model, 2, 60);
    if (prediction.task !== 'classification' || !prediction.scores) throw new Error('expected class probabilities');
    const wins = [0, 0, 0];
    for (let r = 0; r < 60; r++) {
      const p = Array.from(prediction.scores.values.subarray(r * 3, r * 3 + 3));
      wins[p.indexOf(Math.max(...p))]++;
    }
    const top = wins.indexOf(Math.max(...wins));
    expect(wins[top]).toBeLessThan(60);
    expect(explained).toEqual({ kind: 'probability', output: 'probabilities', className: ['a', 'b', 'c'][top], classIndex: top });
    const probabilities = outputs.outputs.find((o) => o.name === 'probabilities')!.values as Float64Array;
    expect(Array.from(score)).toEqual(Array.from({ length: 60 }, (_, r) => probabilities[r * 3 + top]));
  });

  it('of a classifier is the probability of the class asked for, and a class it does not have is refused naming those it has', async () => {
    const model = await open(linearClassifier({ weights: [1, 0, -1, 0, 0.2, -1], bias: [0, 1, 0], classes: ['a', 'b', 'c'] }));
    expect((await explain(model, 2, 60, 'c')).explained).toMatchObject({ className: 'c', classIndex: 2 });
    const error = await rejectionOf(explain(model, 2, 60, 'z'));
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'className' } });
    expect(error.message).toContain("'a', 'b', 'c'");
  });

  it('of a regression model is its value, and naming a class for it is refused', async () => {
    const model = await open(linearRegressor([0.5, -2], 1));
    const { explained, score, outputs } = await explain(model, 2, 30);
    expect(explained).toEqual({ kind: 'value', output: outputs.outputs[0].name });
    expect(Array.from(score)).toEqual(Array.from(outputs.outputs[0].values as Float64Array));
    expect(await rejectionOf(explain(model, 2, 30, 'yes'))).toMatchObject({ code: 'BAD_INPUT', where: { field: 'className' } });
  });

  const zipMap = path.join(realModels, '01_skl2onnx_rf_iris_zipmap.onnx');
  if (!existsSync(zipMap)) console.log(`skipping the ZipMap explanation test: ${zipMap} is absent (the shared data folder is not beside this checkout)`);
  it.skipIf(!existsSync(zipMap))("of scikit-learn's ZipMap random forest, whose probabilities cannot be returned, is 1 where it predicts its most frequent class and 0 elsewhere", async () => {
    const model = await open(zipMap);
    const { outputs, explained, score } = await explain(model, 4, 90);
    expect(outputs.skipped.map((s) => s.name)).toEqual(['output_probability']);
    const labels = Array.from(outputs.outputs[0].values as Float64Array, String);
    const counts = new Map<string, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    const most = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    expect(explained).toEqual({ kind: 'label', output: 'output_label', className: most });
    expect(Array.from(score)).toEqual(labels.map((l) => (l === most ? 1 : 0)));
    expect(new Set(score).size).toBe(2);
  });
});
