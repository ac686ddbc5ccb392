// Small ONNX models for tests, built with onnx-proto: a float [N, k] classifier with label and probabilities, a
// scikit-learn-like tree ensemble with a ZipMap output, a model with string, int64 and float inputs, and a model whose
// weights are external data. Each is written to a folder as a file (plus its external files) for importModel.
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;
const AT = onnx.AttributeProto.AttributeType;
type Dim = number | string | null;
type Attribute = onnxProto.onnx.IAttributeProto;

/** An encoded model and the external data files it names, by location relative to the model's folder. */
export interface TestModel {
  bytes: Uint8Array;
  external: { location: string; bytes: Uint8Array }[];
}

export function tensorInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

const utf8 = new TextEncoder();
const ints = (name: string, values: number[]): Attribute => ({ name, type: AT.INTS, ints: values });
const floats = (name: string, values: number[]): Attribute => ({ name, type: AT.FLOATS, floats: values });
const int = (name: string, i: number): Attribute => ({ name, type: AT.INT, i });
const str = (name: string, s: string): Attribute => ({ name, type: AT.STRING, s: utf8.encode(s) });
const strs = (name: string, values: string[]): Attribute => ({ name, type: AT.STRINGS, strings: values.map((v) => utf8.encode(v)) });
const floatTensor = (name: string, dims: number[], values: number[]): onnxProto.onnx.ITensorProto => ({ name, dataType: DT.FLOAT, dims, floatData: values });

export function encodeModel(graph: onnxProto.onnx.IGraphProto, opsets: Record<string, number> = { '': 17 }): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: 8,
    producerName: 'airlock-test',
    producerVersion: '1.0',
    opsetImport: Object.entries(opsets).map(([domain, version]) => ({ domain, version })),
    graph,
  }).finish();
}

/** Writes the model and its external files into `dir`; returns the model file's path. */
export function writeTestModel(dir: string, name: string, model: TestModel): string {
  const file = path.join(dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, model.bytes);
  for (const e of model.external) {
    fs.mkdirSync(path.dirname(path.join(dir, e.location)), { recursive: true });
    fs.writeFileSync(path.join(dir, e.location), e.bytes);
  }
  return file;
}

export interface LinearClassifierSpec {
  /** [k, classes] weights, row-major */
  weights: number[];
  bias: number[];
  classes: string[];
  /** the input's name (default 'x') */
  input?: string;
}

/**
 * x FLOAT [N, k] -> probabilities = softmax(x W + b) FLOAT [N, classes], label = classes[argmax] STRING [N]: the
 * shape of Airlock's own exported classifiers.
 */
export function linearClassifier(spec: LinearClassifierSpec): TestModel {
  const c = spec.classes.length;
  const k = spec.weights.length / c;
  const x = spec.input ?? 'x';
  return {
    bytes: encodeModel({
      name: 'linear-classifier',
      input: [tensorInfo(x, DT.FLOAT, ['N', k])],
      initializer: [
        floatTensor('W', [k, c], spec.weights),
        floatTensor('B', [c], spec.bias),
        { name: 'classes', dataType: DT.STRING, dims: [c], stringData: spec.classes.map((s) => utf8.encode(s)) },
      ],
      node: [
        { opType: 'Gemm', input: [x, 'W', 'B'], output: ['scores'] },
        { opType: 'Softmax', input: ['scores'], output: ['probabilities'], attribute: [int('axis', 1)] },
        { opType: 'ArgMax', input: ['probabilities'], output: ['best'], attribute: [int('axis', 1), int('keepdims', 0)] },
        { opType: 'Gather', input: ['classes', 'best'], output: ['label'] },
      ],
      output: [tensorInfo('label', DT.STRING, ['N']), tensorInfo('probabilities', DT.FLOAT, ['N', c])],
    }),
    external: [],
  };
}

export interface StumpSpec {
  /** the number of float features of float_input */
  features: number;
  /** the feature split on, and the threshold: x[feature] <= threshold is class 0, else class 1 */
  feature: number;
  threshold: number;
  /** the two leaves' class-1 probabilities (default 0.2 and 0.9) */
  leafProbabilities?: [number, number];
}

/**
 * scikit-learn's shape for a tree model: float_input FLOAT [N, k] -> TreeEnsembleClassifier (one stump) ->
 * output_label INT64 [N] and output_probability, a ZipMap'd sequence of maps that onnxruntime-node cannot return.
 */
export function zipMapStump(spec: StumpSpec): TestModel {
  const [low, high] = spec.leafProbabilities ?? [0.2, 0.9];
  return {
    bytes: encodeModel(
      {
        name: 'zipmap-stump',
        input: [tensorInfo('float_input', DT.FLOAT, [null, spec.features])],
        node: [
          {
            opType: 'TreeEnsembleClassifier',
            domain: 'ai.onnx.ml',
            input: ['float_input'],
            output: ['output_label', 'probability_tensor'],
            attribute: [
              ints('nodes_treeids', [0, 0, 0]),
              ints('nodes_nodeids', [0, 1, 2]),
              ints('nodes_featureids', [spec.feature, 0, 0]),
              floats('nodes_values', [spec.threshold, 0, 0]),
              strs('nodes_modes', ['BRANCH_LEQ', 'LEAF', 'LEAF']),
              ints('nodes_truenodeids', [1, 0, 0]),
              ints('nodes_falsenodeids', [2, 0, 0]),
              // like skl2onnx, only the positive class has weights: onnxruntime derives the other as 1 - p
              ints('class_treeids', [0, 0]),
              ints('class_nodeids', [1, 2]),
              ints('class_ids', [1, 1]),
              floats('class_weights', [low, high]),
              ints('classlabels_int64s', [0, 1]),
              str('post_transform', 'NONE'),
            ],
          },
          { opType: 'ZipMap', domain: 'ai.onnx.ml', input: ['probability_tensor'], output: ['output_probability'], attribute: [ints('classlabels_int64s', [0, 1])] },
        ],
        output: [
          tensorInfo('output_label', DT.INT64, [null]),
          { name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: DT.INT64, valueType: { tensorType: { elemType: DT.FLOAT } } } } } } },
        ],
      },
      { '': 17, 'ai.onnx.ml': 1 },
    ),
    external: [],
  };
}

/**
 * Three named inputs: city STRING [N, 1], count INT64 [N, 1], x FLOAT [N, 2] -> value FLOAT [N, 1] =
 * cityValues[city] (unknown or "" -> -1) + count + x0 + x1, and count_twice INT64 [N, 1] = 2 * count.
 */
export function mixedInputsModel(cityValues: Record<string, number>): TestModel {
  const cities = Object.keys(cityValues);
  return {
    bytes: encodeModel(
      {
        name: 'mixed-inputs',
        input: [tensorInfo('city', DT.STRING, ['N', 1]), tensorInfo('count', DT.INT64, ['N', 1]), tensorInfo('x', DT.FLOAT, ['N', 2])],
        initializer: [{ name: 'two', dataType: DT.INT64, dims: [], int64Data: [2] }, { name: 'axes', dataType: DT.INT64, dims: [1], int64Data: [1] }],
        node: [
          {
            opType: 'LabelEncoder',
            domain: 'ai.onnx.ml',
            input: ['city'],
            output: ['city_value'],
            attribute: [strs('keys_strings', cities), floats('values_floats', cities.map((c) => cityValues[c])), { name: 'default_float', type: AT.FLOAT, f: -1 }],
          },
          { opType: 'Cast', input: ['count'], output: ['count_float'], attribute: [int('to', DT.FLOAT)] },
          { opType: 'ReduceSum', input: ['x', 'axes'], output: ['x_sum'], attribute: [int('keepdims', 1)] },
          { opType: 'Sum', input: ['city_value', 'count_float', 'x_sum'], output: ['value'] },
          { opType: 'Mul', input: ['count', 'two'], output: ['count_twice'] },
        ],
        output: [tensorInfo('value', DT.FLOAT, ['N', 1]), tensorInfo('count_twice', DT.INT64, ['N', 1])],
      },
      { '': 17, 'ai.onnx.ml': 2 },
    ),
    external: [],
  };
}

/** x FLOAT [batch, 4] -> y = x W + b FLOAT [batch, 3], W's 48 bytes stored in `location` after 16 bytes of padding. */
export function externalDataRegressor(location = 'weights/w.bin'): TestModel {
  const w = Array.from({ length: 12 }, (_, i) => (i - 5) / 10);
  const offset = 16;
  const data = new Uint8Array(offset + 48).fill(7);
  data.set(new Uint8Array(new Float32Array(w).buffer), offset);
  return {
    bytes: encodeModel({
      name: 'external-gemm',
      input: [tensorInfo('x', DT.FLOAT, ['batch', 4])],
      initializer: [
        {
          name: 'W',
          dataType: DT.FLOAT,
          dims: [4, 3],
          dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
          externalData: [
            { key: 'location', value: location },
            { key: 'offset', value: String(offset) },
            { key: 'length', value: '48' },
          ],
        },
        floatTensor('B', [3], [0.1, 0.2, 0.3]),
      ],
      node: [{ opType: 'Gemm', input: ['x', 'W', 'B'], output: ['y'] }],
      output: [tensorInfo('y', DT.FLOAT, ['batch', 3])],
    }),
    external: [{ location, bytes: data }],
  };
}

/**
 * x FLOAT [N, k] -> variable = x w + b FLOAT [N, 1]: the shape of Airlock's own exported regressors. `batch` fixes
 * the batch dim (some exporters do).
 */
export function linearRegressor(weights: number[], bias: number, batch: number | 'N' = 'N'): TestModel {
  const k = weights.length;
  return {
    bytes: encodeModel({
      name: 'linear-regressor',
      input: [tensorInfo('x', DT.FLOAT, [batch, k])],
      initializer: [floatTensor('W', [k, 1], weights), floatTensor('B', [1], [bias])],
      node: [{ opType: 'Gemm', input: ['x', 'W', 'B'], output: ['variable'] }],
      output: [tensorInfo('variable', DT.FLOAT, [batch, 1])],
    }),
    external: [],
  };
}
