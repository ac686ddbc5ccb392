import fs from 'node:fs';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../shared/domain';
import { errorOf } from '../test-support/app-error-of';
import type { FeatureColumn } from '../training/model-types';
import { layoutBatch, mapInputs, parseInputOptions, type OnnxInputInfo } from './input-mapping';

const iris: ColumnSchema[] = [
  { name: 'sepal_length', type: 'numeric' },
  { name: 'sepal_width', type: 'numeric' },
  { name: 'species', type: 'categorical' },
  { name: 'petal_length', type: 'numeric' },
  { name: 'petal_width', type: 'integer' },
];
const floatInput: OnnxInputInfo = { name: 'float_input', elementType: 'FLOAT', shape: [null, 4] };

describe('mapInputs', () => {
  it('packs the columns other than the target, in dataset order, into a [batch, k] input when exactly k remain', () => {
    const m = mapInputs([floatInput], iris, {}, 'species');
    expect(m).toEqual({
      inputs: [
        {
          input: 'float_input',
          elementType: 'FLOAT',
          kind: 'float',
          source: 'packed',
          columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
          rowShape: [4],
          fixedBatch: null,
          missing: 'nan',
        },
      ],
      unusedColumns: [],
    });
  });

  it('refuses to pack when the number of remaining columns is not k, naming the input, both counts and the target', () => {
    const e = errorOf(() => mapInputs([floatInput], [...iris, { name: 'site', type: 'numeric' }], {}, 'species'));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toBe("Input 'float_input' is named like no column and takes 4 values per row, but 5 columns remain besides the target 'species'.");
    expect(e.hint).toBe('Name its columns: --input float_input=COL[,COL...]');
    expect(e.where).toEqual({ field: 'float_input' });
  });

  it('gives each input named like a column that column, of any type the input accepts, and leaves the rest unused', () => {
    const inputs: OnnxInputInfo[] = [
      { name: 'species', elementType: 'STRING', shape: ['N', 1] },
      { name: 'petal_width', elementType: 'INT64', shape: ['N'] },
      { name: 'sepal_length', elementType: 'DOUBLE', shape: [null, 1] },
    ];
    const m = mapInputs(inputs, iris);
    expect(m.inputs.map((f) => [f.input, f.source, f.columns, f.kind, f.rowShape, f.missing])).toEqual([
      ['species', 'name', ['species'], 'string', [1], 'empty-string'],
      ['petal_width', 'name', ['petal_width'], 'integer', [], 'refuse'],
      ['sepal_length', 'name', ['sepal_length'], 'float', [1], 'nan'],
    ]);
    expect(m.unusedColumns).toEqual(['sepal_width', 'petal_length']);
  });

  it('packs the one input left after the named ones from the columns they did not take', () => {
    const inputs: OnnxInputInfo[] = [
      { name: 'species', elementType: 'STRING', shape: ['N', 1] },
      { name: 'numbers', elementType: 'FLOAT', shape: ['N', 4] },
    ];
    const m = mapInputs(inputs, iris);
    expect(m.inputs[1]).toMatchObject({ source: 'packed', columns: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'] });
  });

  it('takes an explicit mapping over a name match and over packing, in the order given, resolving a symbolic width', () => {
    const inputs: OnnxInputInfo[] = [
      { name: 'sepal_length', elementType: 'FLOAT', shape: ['N', 'features'] },
      { name: 'label_text', elementType: 'STRING', shape: ['N', 1] },
    ];
    const m = mapInputs(inputs, iris, { sepal_length: ['petal_width', 'sepal_length', 'sepal_width'], label_text: ['species'] }, 'petal_length');
    expect(m.inputs.map((f) => [f.source, f.columns, f.rowShape])).toEqual([
      ['explicit', ['petal_width', 'sepal_length', 'sepal_width'], [3]],
      ['explicit', ['species'], [1]],
    ]);
    expect(m.unusedColumns).toEqual([]);
  });

  it('feeds an image-like input [batch, 1, 28, 28] from 784 pixel columns, and records a fixed batch size', () => {
    const pixels: ColumnSchema[] = [{ name: 'digit', type: 'categorical' }, ...Array.from({ length: 784 }, (_, i) => ({ name: `px${i}`, type: 'integer' as const }))];
    const free = mapInputs([{ name: 'input_image', elementType: 'FLOAT', shape: ['batch', 1, 28, 28] }], pixels, {}, 'digit');
    expect(free.inputs[0]).toMatchObject({ source: 'packed', rowShape: [1, 28, 28], fixedBatch: null });
    expect(free.inputs[0].columns).toEqual(pixels.slice(1).map((c) => c.name));
    const one = mapInputs([{ name: 'input_image', elementType: 'FLOAT', shape: [1, 1, 28, 28] }], pixels, {}, 'digit');
    expect(one.inputs[0].fixedBatch).toBe(1);
  });

  it('refuses a column whose type the input cannot take, naming the input, the element type and the column', () => {
    const cases: [OnnxInputInfo, string, string][] = [
      [{ name: 'species', elementType: 'FLOAT', shape: ['N', 1] }, 'species', "Input 'species' takes FLOAT values, but column 'species' is categorical (it needs numeric or integer or boolean)."],
      [{ name: 'sepal_length', elementType: 'STRING', shape: ['N', 1] }, 'sepal_length', "Input 'sepal_length' takes STRING values, but column 'sepal_length' is numeric (it needs text or categorical)."],
      [{ name: 'sepal_length', elementType: 'INT64', shape: ['N', 1] }, 'sepal_length', "Input 'sepal_length' takes INT64 values, but column 'sepal_length' is numeric (it needs integer)."],
      [{ name: 'petal_width', elementType: 'BOOL', shape: ['N', 1] }, 'petal_width', "Input 'petal_width' takes BOOL values, but column 'petal_width' is integer (it needs boolean)."],
    ];
    for (const [input, column, message] of cases) {
      const e = errorOf(() => mapInputs([input], iris));
      expect(e).toEqual({ code: 'BAD_INPUT', message, where: { field: column } });
    }
    // packed columns are checked one by one: the categorical one among them is named
    const e = errorOf(() => mapInputs([{ name: 'x', elementType: 'FLOAT', shape: ['N', 5] }], iris));
    expect(e.message).toContain("column 'species' is categorical");
  });

  it('refuses a shape the given columns cannot fill: a width mismatch, a scalar input, a type no column holds', () => {
    expect(errorOf(() => mapInputs([{ name: 'sepal_length', elementType: 'FLOAT', shape: ['N', 3] }], iris)).message).toBe(
      "Input 'sepal_length' of shape [N, 3] takes 3 values per row, but it is given one column ('sepal_length').",
    );
    expect(errorOf(() => mapInputs([{ name: 'x', elementType: 'FLOAT', shape: ['N', 'a', 2] }], iris, { x: ['sepal_length', 'sepal_width', 'petal_length'] })).message).toBe(
      "Input 'x' of shape [N, a, 2] cannot hold the 3 values per row of 3 columns.",
    );
    expect(errorOf(() => mapInputs([{ name: 'sepal_length', elementType: 'FLOAT', shape: [] }], iris)).message).toMatch(/^Input 'sepal_length' is a single value \(shape \[\]\)/);
    expect(errorOf(() => mapInputs([{ name: 'sepal_length', elementType: 'COMPLEX64', shape: ['N'] }], iris)).message).toBe(
      "Input 'sepal_length' takes COMPLEX64 values, which Airlock cannot feed from a dataset column.",
    );
  });

  it('refuses two unnamed inputs, explicit names the model lacks, absent columns, an empty mapping and an absent target', () => {
    const two: OnnxInputInfo[] = [
      { name: 'a', elementType: 'FLOAT', shape: ['N', 2] },
      { name: 'b', elementType: 'FLOAT', shape: ['N', 2] },
    ];
    expect(errorOf(() => mapInputs(two, iris, {}, 'species')).message).toBe("Inputs 'a', 'b' are named like no column, and which columns go to which cannot be guessed.");
    expect(errorOf(() => mapInputs([floatInput], iris, { floatinput: ['sepal_length'] })).message).toBe("The model has no input 'floatinput'; its inputs are 'float_input'.");
    expect(errorOf(() => mapInputs([floatInput], iris, { float_input: ['a', 'b', 'c', 'd'] }))).toEqual({
      code: 'BAD_INPUT',
      message: "Input 'float_input' is mapped to column 'a', which the dataset does not have.",
      where: { field: 'a' },
    });
    expect(errorOf(() => mapInputs([floatInput], iris, { float_input: [] })).message).toBe("Input 'float_input' is mapped to no column.");
    expect(errorOf(() => mapInputs([floatInput], iris, {}, 'label')).message).toBe("The target 'label' is not a column of the dataset.");
  });

  it('maps the inputs of the real exports in ../shared/data/onnx, and the sklearn model scores the tensor laid out that way', async () => {
    const dir = path.resolve(__dirname, '../../../../shared/data/onnx');
    if (!fs.existsSync(path.join(dir, 'expected.json'))) {
      console.log(`skipped: ${dir} is absent, so the real ONNX exports cannot be mapped`);
      return;
    }
    const expected: { models: { file: string; inputs: { name: string; elem_type: string; shape: (number | string | null)[] }[] }[] } = JSON.parse(
      fs.readFileSync(path.join(dir, 'expected.json'), 'utf8'),
    );
    const inputsOf = (file: string): OnnxInputInfo[] =>
      expected.models.find((m) => m.file === file)!.inputs.map((i) => ({ name: i.name, elementType: i.elem_type, shape: i.shape }));

    const sklearn = mapInputs(inputsOf('01_skl2onnx_rf_iris_zipmap.onnx'), iris, {}, 'species');
    expect(sklearn.inputs[0]).toMatchObject({ input: 'float_input', source: 'packed', rowShape: [4], fixedBatch: null });
    const tribuo = mapInputs(inputsOf('08_tribuo_iris_lr_with_metadata.onnx'), iris, {}, 'species');
    expect(tribuo.inputs[0]).toMatchObject({ input: 'input', source: 'packed', rowShape: [4] });
    const pixels: ColumnSchema[] = Array.from({ length: 784 }, (_, i) => ({ name: `px${i}`, type: 'numeric' as const }));
    expect(mapInputs(inputsOf('04_pytorch_cnn_mnist_dynamic_batch.onnx'), pixels).inputs[0].rowShape).toEqual([1, 28, 28]);

    // Two rows laid out by layoutBatch, the label output only, since onnxruntime-node cannot return the ZipMap.
    // Setosa has short petals; virginica long ones.
    const feed = sklearn.inputs[0];
    const columns = new Map<string, FeatureColumn>(
      [
        ['sepal_length', [5.1, 7.7]],
        ['sepal_width', [3.5, 3.0]],
        ['petal_length', [1.4, 6.1]],
        ['petal_width', [0.2, 2.3]],
      ].map(([name, values]) => [String(name), { name: String(name), kind: 'numeric', values: Float64Array.from(values as number[]) }]),
    );
    const batch = layoutBatch(feed, columns, 0, 2);
    if (batch.type !== 'float32') throw new Error(`float_input laid out as ${batch.type}`);
    const session = await ort.InferenceSession.create(path.join(dir, '01_skl2onnx_rf_iris_zipmap.onnx'));
    try {
      const out = await session.run({ [feed.input]: new ort.Tensor('float32', batch.data, batch.dims) }, ['output_label']);
      expect(Array.from(out.output_label.data as BigInt64Array, Number)).toEqual([0, 2]);
    } finally {
      await session.release();
    }
  });
});

describe('layoutBatch', () => {
  const numeric = (name: string, values: number[]): FeatureColumn => ({ name, kind: 'numeric', values: Float64Array.from(values) });
  const strings = (name: string, values: (string | null)[]): FeatureColumn => ({ name, kind: 'categorical', values });
  const table = new Map<string, FeatureColumn>(
    [numeric('a', [1, 2, NaN, 4]), numeric('b', [10, 20, 30, 40]), numeric('flag', [1, 0, 1, 0]), strings('site', ['north', null, 'south', 'east'])].map((c) => [c.name, c]),
  );
  const schema: ColumnSchema[] = [
    { name: 'a', type: 'numeric' },
    { name: 'b', type: 'integer' },
    { name: 'flag', type: 'boolean' },
    { name: 'site', type: 'categorical' },
  ];
  const feedOf = (input: OnnxInputInfo, columns: string[]) => mapInputs([input], schema, { [input.name]: columns }).inputs[0];

  it('lays out rows [start, end) row-major in the mapped column order, missing numbers as NaN', () => {
    const t = layoutBatch(feedOf({ name: 'x', elementType: 'FLOAT', shape: ['N', 3] }, ['b', 'a', 'flag']), table, 1, 4);
    expect(t).toEqual({ type: 'float32', data: Float32Array.from([20, 2, 0, 30, NaN, 1, 40, 4, 0]), dims: [3, 3] });
    const d = layoutBatch(feedOf({ name: 'x', elementType: 'DOUBLE', shape: ['N'] }, ['a']), table, 0, 2);
    expect(d).toEqual({ type: 'float64', data: Float64Array.from([1, 2]), dims: [2] });
  });

  it('lays out a batch of several hundred rows the same block by block as cell by cell, from any start row', () => {
    const rows = 700;
    const wide = new Map([numeric('a', Array.from({ length: rows }, (_, r) => r * 0.1)), numeric('b', Array.from({ length: rows }, (_, r) => -r))].map((c) => [c.name, c]));
    const t = layoutBatch(feedOf({ name: 'x', elementType: 'FLOAT', shape: ['N', 3] }, ['b', 'a', 'b']), wide, 3, 603);
    expect(t.dims).toEqual([600, 3]);
    expect(t.data).toEqual(Float32Array.from({ length: 1800 }, (_, i) => (i % 3 === 1 ? (3 + Math.floor(i / 3)) * 0.1 : -(3 + Math.floor(i / 3)))));
  });

  it('feeds strings with "" for a missing value, integers as int64 or int32, booleans as bool', () => {
    expect(layoutBatch(feedOf({ name: 's', elementType: 'STRING', shape: ['N', 1] }, ['site']), table, 0, 3)).toEqual({
      type: 'string',
      data: ['north', '', 'south'],
      dims: [3, 1],
    });
    expect(layoutBatch(feedOf({ name: 'i', elementType: 'INT64', shape: ['N', 1] }, ['b']), table, 2, 4)).toEqual({ type: 'int64', data: BigInt64Array.from([30n, 40n]), dims: [2, 1] });
    expect(layoutBatch(feedOf({ name: 'i', elementType: 'INT32', shape: ['N'] }, ['b']), table, 0, 1)).toEqual({ type: 'int32', data: Int32Array.from([10]), dims: [1] });
    expect(layoutBatch(feedOf({ name: 'f', elementType: 'BOOL', shape: ['N'] }, ['flag']), table, 0, 4)).toEqual({ type: 'bool', data: Uint8Array.from([1, 0, 1, 0]), dims: [4] });
  });

  it('refuses a missing value for an integer input and a value its type cannot hold, naming the column and the row', () => {
    const withGap = new Map(table).set('b', numeric('b', [10, NaN, 300, 40]));
    const int64 = feedOf({ name: 'i', elementType: 'INT64', shape: ['N'] }, ['b']);
    expect(() => layoutBatch(int64, withGap, 0, 4)).toThrow("Column 'b' has no value in row 2, and input 'i' takes INT64 values, which cannot be missing.");
    const uint8 = feedOf({ name: 'u', elementType: 'UINT8', shape: ['N'] }, ['b']);
    expect(() => layoutBatch(uint8, withGap, 2, 4)).toThrow("Column 'b' holds 300 in row 3, which input 'u' cannot take as UINT8 (0 to 255).");
  });
});

describe('parseInputOptions', () => {
  it('reads NAME=COL[,COL...] options, splitting the name at the first = only', () => {
    expect(parseInputOptions(['float_input=a,b,c', 'x=y=z', 'empty='])).toEqual({ float_input: ['a', 'b', 'c'], x: ['y=z'], empty: [] });
  });

  it('refuses an option without a name or an =, and an input named twice', () => {
    expect(errorOf(() => parseInputOptions(['a,b'])).message).toBe("--input 'a,b' is not NAME=COL[,COL...].");
    expect(errorOf(() => parseInputOptions(['=a'])).code).toBe('BAD_INPUT');
    expect(errorOf(() => parseInputOptions(['x=a', 'x=b'])).message).toBe("--input names 'x' twice.");
  });
});
