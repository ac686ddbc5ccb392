import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { importDataset } from '../../datasets/import-dataset';
import { openDatasetColumns, type DatasetColumns } from '../../experiments/dataset-columns';
import { errorOf, rejectionOf } from '../../test-support/app-error-of';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { inspectOnnx } from '../onnx-inspect';
import { externalDataRegressor, linearClassifier, linearRegressor, mixedInputsModel, writeTestModel, zipMapStump, type TestModel } from '../test-models';
import { mapModelInputs, pickPrediction, predict, type OutputValues, type RunnableModel } from './predict';

const realModels = path.resolve(__dirname, '../../../../../shared/data/onnx');
const noop = (): void => undefined;

/** A bare onnxruntime session on a model written to disk (predict's own input; the registry's is tested with the job). */
async function open(model: TestModel | string): Promise<RunnableModel & { file: string }> {
  const file = typeof model === 'string' ? model : writeTestModel(tempDir(), 'model.onnx', model);
  return { file, version: { id: 'm@1' }, inspection: inspectOnnx(file), session: await ort.InferenceSession.create(file) };
}

/** A real dataset version in a temporary project, from CSV text. */
async function dataset(csv: string): Promise<DatasetColumns> {
  const store = tempProject();
  const file = path.join(tempDir(), 'data.csv');
  fs.writeFileSync(file, csv);
  await importDataset(store, { path: file, fileName: 'data.csv', name: 'data' }, { progress: noop, checkCancelled: noop });
  return openDatasetColumns(store, 'data', 1);
}

const mapping = (model: RunnableModel & { file: string }, data: DatasetColumns, explicit: Record<string, string[]> = {}, target?: string) =>
  mapModelInputs(inspectOnnx(model.file), data.schema, explicit, target);

const list = (o: OutputValues): (string | number)[] => (o.kind === 'string' ? o.values : Array.from(o.values));

function rowsCsv(n: number): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < n; i++) lines.push(`${((i * 37) % 23) / 4 - 2},${((i * 11) % 17) / 3 - 1},${i % 3 === 0 ? 'yes' : 'no'}`);
  return `${lines.join('\n')}\n`;
}

describe('predict', () => {
  it('collects label and probabilities per row over several batches, equal to one bare onnxruntime run, and reports progress', async () => {
    const model = await open(linearClassifier({ weights: [1, -1, 0.5, 2], bias: [0, 0.3], classes: ['no', 'yes'] }));
    const data = await dataset(rowsCsv(50));
    const progress: number[] = [];
    const out = await predict(model, data, mapping(model, data, {}, 'y'), { batchSize: 7, checkCancelled: noop, progress: (done) => progress.push(done) });
    expect(progress).toEqual([7, 14, 21, 28, 35, 42, 49, 50]);
    expect(out.skipped).toEqual([]);
    expect(out.outputs.map((o) => [o.name, o.type, o.rowShape, o.width, o.kind])).toEqual([
      ['label', 'string', [], 1, 'string'],
      ['probabilities', 'float32', [2], 2, 'number'],
    ]);

    const a = data.read('a').values as Float64Array;
    const b = data.read('b').values as Float64Array;
    const x = new Float32Array(100);
    for (let r = 0; r < 50; r++) [x[2 * r], x[2 * r + 1]] = [a[r], b[r]];
    const bare = await model.session.run({ x: new ort.Tensor('float32', x, [50, 2]) });
    expect(out.outputs[0].values).toEqual(bare.label.data);
    expect(list(out.outputs[1])).toEqual(Array.from(bare.probabilities.data as Float32Array));

    const picked = pickPrediction(out);
    if (picked.task !== 'classification') throw new Error('expected a classification');
    expect(picked.labelOutput).toBe('label');
    expect(picked.labels).toEqual(bare.label.data);
    expect(picked.columnClasses).toEqual(['no', 'yes']);
    expect(Array.from(picked.positiveScore!)).toEqual(Array.from(bare.probabilities.data as Float32Array).filter((_, i) => i % 2 === 1));
  });

  it('skips a ZipMap output, saying why, and keeps the integer label of a tree ensemble as its class', async () => {
    const model = await open(zipMapStump({ features: 2, feature: 1, threshold: 0.5 }));
    const data = await dataset('a,b\n1,0\n2,1\n3,0.5\n4,0.6\n');
    const out = await predict(model, data, mapping(model, data), { checkCancelled: noop });
    expect(out.skipped).toEqual([{ name: 'output_probability', why: expect.stringMatching(/ZipMap/) }]);
    expect(out.outputs.map((o) => [o.name, o.type, list(o)])).toEqual([['output_label', 'int64', [0, 1, 0, 1]]]);
    expect(pickPrediction(out)).toMatchObject({ task: 'classification', labelOutput: 'output_label', labels: ['0', '1', '0', '1'], scores: null, positiveScore: null });
  });

  it('feeds string, int64 and float inputs by name, a missing string as "" and a missing float as NaN', async () => {
    const model = await open(mixedInputsModel({ paris: 10, rome: 20 }));
    const data = await dataset('city,count,x,z\nparis,1,0.5,1\nrome,2,1,\n,3,0.25,2\nparis,4,,1\n');
    const out = await predict(model, data, mapping(model, data, { x: ['x', 'z'] }), { checkCancelled: noop });
    const [value, twice] = out.outputs;
    expect(value).toMatchObject({ name: 'value', rowShape: [1], width: 1 });
    expect(list(value)).toEqual([10 + 1 + 1.5, NaN, -1 + 3 + 2.25, NaN]);
    expect(list(twice)).toEqual([2, 4, 6, 8]);
    // the same rows with count fed to x twice: no float is missing, and the empty city takes the unknown city's -1
    const justCities = await predict(model, data, mapping(model, data, { x: ['count', 'count'] }), { checkCancelled: noop });
    expect(list(justCities.outputs[0])).toEqual([10 + 1 + 2, 20 + 2 + 4, -1 + 3 + 6, 10 + 4 + 8]);
    expect(pickPrediction(out)).toMatchObject({ task: 'regression', valueOutput: 'value' });
  });

  it('runs a model whose weights are external data beside it', async () => {
    const model = await open(externalDataRegressor());
    const data = await dataset('a,b,c,d\n1,0,0,0\n0,0,0,1\n');
    const out = await predict(model, data, mapping(model, data), { checkCancelled: noop });
    // y = x W + b with W[i][j] = (3i + j - 5) / 10: row 1 is W's first row plus b, row 2 its last
    expect(list(out.outputs[0]).map((v) => Number(Number(v).toFixed(5)))).toEqual([-0.4, -0.2, 0, 0.5, 0.7, 0.9]);
    expect(pickPrediction(out)).toMatchObject({ task: 'classification', labelOutput: null, labels: ['2', '2'] });
  });

  it("picks a regressor's single float output as its value", async () => {
    const model = await open(linearRegressor([2, 3], 1));
    const data = await dataset('a,b\n1,1\n0,2\n');
    const picked = pickPrediction(await predict(model, data, mapping(model, data), { checkCancelled: noop }));
    expect(picked).toEqual({ task: 'regression', valueOutput: 'variable', values: Float64Array.from([6, 7]) });
  });

  it('runs a model with a fixed batch of 4 over 10 rows, the last batch overlapping the one before', async () => {
    const model = await open(linearRegressor([2, 3], 1, 4));
    const data = await dataset(`a,b\n${Array.from({ length: 10 }, (_, i) => `${i},${i % 3}`).join('\n')}\n`);
    const progress: number[] = [];
    const out = await predict(model, data, mapping(model, data), { batchSize: 3, checkCancelled: noop, progress: (done) => progress.push(done) });
    expect(progress).toEqual([4, 8, 10]);
    expect(list(out.outputs[0])).toEqual(Array.from({ length: 10 }, (_, i) => 2 * i + 3 * (i % 3) + 1));
    const few = await dataset('a,b\n1,2\n');
    const error = await rejectionOf(predict(model, few, mapping(model, few), { checkCancelled: noop }));
    expect(error.message).toBe('Model m@1 takes batches of exactly 4 rows, but dataset data@1 has 1.');
  });

  it('reads a chunk of rows at a time where the data can read a range, with the same outputs as reading every row first', async () => {
    const model = await open(linearRegressor([2, 3], 1));
    const rows = 70_000;
    const values = { a: Float64Array.from({ length: rows }, (_, r) => r % 101), b: Float64Array.from({ length: rows }, (_, r) => (r % 7) - 3) };
    const whole: DatasetColumns = {
      versionId: 'd@1',
      dataset: 'd',
      version: 1,
      rows,
      schema: [{ name: 'a', type: 'numeric' }, { name: 'b', type: 'numeric' }],
      read: (name) => ({ name, kind: 'numeric', values: values[name as 'a' | 'b'] }),
    };
    const windows: [number, number][] = [];
    const ranged: DatasetColumns = {
      ...whole,
      readRows: (name, from, to) => {
        if (name === 'a') windows.push([from, to]);
        return { name, kind: 'numeric', values: values[name as 'a' | 'b'].slice(from, to) };
      },
    };
    const [out, reference] = await Promise.all([ranged, whole].map((data) => predict(model, data, mapping(model, data), { batchSize: 1000, checkCancelled: noop })));
    // the batch of rows 65,000-66,000 crosses the first chunk's end (65,536), so it is read on its own
    expect(windows).toEqual([[0, 65_536], [65_000, 66_000], [66_000, 70_000]]);
    expect(list(out.outputs[0])).toEqual(Array.from({ length: rows }, (_, r) => 2 * (r % 101) + 3 * ((r % 7) - 3) + 1));
    expect(out.outputs).toEqual(reference.outputs);
  });

  it('stops between batches when the job is cancelled', async () => {
    const model = await open(linearRegressor([2, 3], 1));
    const data = await dataset(rowsCsv(30).replace(/,(yes|no)$/gm, '').replace('a,b,y', 'a,b'));
    const done: number[] = [];
    let calls = 0;
    const run = predict(model, data, mapping(model, data), {
      batchSize: 10,
      progress: (rows) => done.push(rows),
      checkCancelled: () => {
        if (++calls === 3) throw new Error('cancelled');
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    expect(done).toEqual([10, 20]);
  });

  it('refuses in one line a model without any tensor output', () => {
    const picked = errorOf(() => pickPrediction({ rows: 1, outputs: [], skipped: [] }));
    expect(picked.message).toBe("None of the outputs (none) is a label, class scores or one value per row.");
  });
});

describe('predict on real exported models', () => {
  const has = fs.existsSync(realModels);
  if (!has) console.log(`skipping the real ONNX exports: ${realModels} is absent`);

  it.skipIf(!has)("scores iris rows with scikit-learn's random forest: its label per row, and ZipMap skipped with the reason", async () => {
    const model = await open(path.join(realModels, '01_skl2onnx_rf_iris_zipmap.onnx'));
    const data = await dataset('sepal_length,sepal_width,petal_length,petal_width,species\n5.1,3.5,1.4,0.2,setosa\n4.9,3.0,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.4,3.2,4.5,1.5,versicolor\n6.3,3.3,6.0,2.5,virginica\n5.8,2.7,5.1,1.9,virginica\n');
    const out = await predict(model, data, mapping(model, data, {}, 'species'), { checkCancelled: noop });
    expect(out.skipped.map((s) => s.name)).toEqual(['output_probability']);
    expect(out.skipped[0].why).toMatch(/ZipMap/);
    expect(out.outputs.map((o) => [o.name, list(o)])).toEqual([['output_label', [0, 0, 1, 1, 2, 2]]]);
  });

  it.skipIf(!has)('feeds the PyTorch CNN a [batch, 1, 28, 28] image from 784 columns, equal to a bare run', async () => {
    const model = await open(path.join(realModels, '04_pytorch_cnn_mnist_dynamic_batch.onnx'));
    const header = Array.from({ length: 784 }, (_, i) => `p${i}`);
    const rows = [0, 1, 2].map((k) => header.map((_, i) => ((i * (k + 3)) % 17) / 16));
    const data = await dataset(`${header.join(',')}\n${rows.map((r) => r.join(',')).join('\n')}\n`);
    const out = await predict(model, data, mapping(model, data), { batchSize: 2, checkCancelled: noop });
    const bare = await model.session.run({ input_image: new ort.Tensor('float32', Float32Array.from(rows.flat()), [3, 1, 28, 28]) });
    expect(out.outputs[0]).toMatchObject({ name: 'output_probs', rowShape: [10], width: 10 });
    expect(list(out.outputs[0])).toEqual(Array.from(bare.output_probs.data as Float32Array));
  });
});
