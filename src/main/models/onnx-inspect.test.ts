import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { toAppError, type AppError } from '../../shared/errors';
import { tempDir } from '../test-support/temp-project';
import { inspectOnnx, type OnnxInspection } from './onnx-inspect';

const { onnx } = onnxProto;
const DT = onnx.TensorProto.DataType;
const AT = onnx.AttributeProto.AttributeType;
type Dim = number | string | null;

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

function tensorInfo(name: string, elemType: number, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: { tensorType: { elemType, shape: { dim: dims.map((d) => (d === null ? {} : typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  };
}

interface ModelSpec {
  irVersion?: number;
  opsets?: Record<string, number>;
  graph: onnxProto.onnx.IGraphProto;
  metadata?: Record<string, string>;
}

function encodeModel(spec: ModelSpec): Uint8Array {
  return onnx.ModelProto.encode({
    irVersion: spec.irVersion ?? 8,
    producerName: 'airlock-test',
    producerVersion: '1.0',
    domain: 'lab.test',
    modelVersion: 3,
    opsetImport: Object.entries(spec.opsets ?? { '': 17 }).map(([domain, version]) => ({ domain, version })),
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: spec.graph,
  }).finish();
}

function write(dir: string, name: string, bytes: Uint8Array): string {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  return file;
}

/** scikit-learn's shape: float_input [N, 4] -> LinearClassifier -> label and ZipMap'd probabilities (seq of map). */
function zipMapModel(): Uint8Array {
  return encodeModel({
    opsets: { '': 17, 'ai.onnx.ml': 1 },
    metadata: { author: 'ada', purpose: 'iris' },
    graph: {
      name: 'zipmap',
      input: [tensorInfo('float_input', DT.FLOAT, ['N', 4])],
      node: [
        {
          opType: 'LinearClassifier', domain: 'ai.onnx.ml', name: 'lc', input: ['float_input'], output: ['label', 'probs'],
          attribute: [
            { name: 'coefficients', type: AT.FLOATS, floats: [1, 2, 3, 4, -1, -2, -3, -4] },
            { name: 'intercepts', type: AT.FLOATS, floats: [0.5, -0.5] },
            { name: 'classlabels_ints', type: AT.INTS, ints: [0, 1] },
            { name: 'post_transform', type: AT.STRING, s: new TextEncoder().encode('SOFTMAX') },
          ],
        },
        { opType: 'ZipMap', domain: 'ai.onnx.ml', name: 'zm', input: ['probs'], output: ['output_probability'], attribute: [{ name: 'classlabels_int64s', type: AT.INTS, ints: [0, 1] }] },
      ],
      output: [
        tensorInfo('label', DT.INT64, ['N']),
        { name: 'output_probability', type: { sequenceType: { elemType: { mapType: { keyType: DT.INT64, valueType: { tensorType: { elemType: DT.FLOAT } } } } } } },
      ],
    },
  });
}

/** x [batch, 4] @ W [4, 3] + B [3]; W either inline or external. */
function gemmGraph(w: onnxProto.onnx.ITensorProto, extraInputs: onnxProto.onnx.IValueInfoProto[] = []): onnxProto.onnx.IGraphProto {
  return {
    name: 'gemm',
    input: [tensorInfo('x', DT.FLOAT, ['batch', 4]), ...extraInputs],
    initializer: [w, { name: 'B', dataType: DT.FLOAT, dims: [3], floatData: [0.1, 0.2, 0.3] }],
    node: [{ opType: 'Gemm', domain: '', name: 'g', input: ['x', 'W', 'B'], output: ['y'] }],
    output: [tensorInfo('y', DT.FLOAT, ['batch', 3])],
  };
}
const inlineW: onnxProto.onnx.ITensorProto = { name: 'W', dataType: DT.FLOAT, dims: [4, 3], floatData: Array.from({ length: 12 }, (_, i) => i / 10) };

/** W's 48 bytes at `offset` of `location`. */
function externalW(location: string, offset = 16): onnxProto.onnx.ITensorProto {
  return {
    name: 'W', dataType: DT.FLOAT, dims: [4, 3], dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [{ key: 'location', value: location }, { key: 'offset', value: String(offset) }, { key: 'length', value: '48' }],
  };
}
const weightBytes = (offset = 16, padding = 0): Uint8Array => {
  const out = new Uint8Array(offset + 48 + padding).fill(7);
  out.set(new Uint8Array(new Float32Array(Array.from({ length: 12 }, (_, i) => i / 10)).buffer), offset);
  return out;
};

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    return toAppError(e);
  }
  throw new Error('expected a failure');
}

/** A one-line error that names the file and matches `problem`. */
function expectRefusal(error: AppError, code: string, file: string, problem: RegExp): void {
  expect(error.code).toBe(code);
  expect(error.message).toContain(path.basename(file));
  expect(error.message).toMatch(problem);
  expect(error.message).not.toMatch(/\n/);
}

describe('inspectOnnx on models built in the test', () => {
  it("describes a float_input [N, 4] classifier with a ZipMap output, marking the seq(map) output unscorable and saying why", async () => {
    const bytes = zipMapModel();
    const file = write(tempDir(), 'clf.onnx', bytes);
    const info = inspectOnnx(file);
    expect(info).toMatchObject<Partial<OnnxInspection>>({
      bytes: bytes.length,
      sha256: sha256(bytes),
      modelSha256: sha256(bytes),
      irVersion: 8,
      opsets: [{ domain: 'ai.onnx', version: 17 }, { domain: 'ai.onnx.ml', version: 1 }],
      producer: { name: 'airlock-test', version: '1.0' },
      modelDomain: 'lab.test',
      modelVersion: 3,
      graphName: 'zipmap',
      metadata: [{ key: 'author', value: 'ada' }, { key: 'purpose', value: 'iris' }],
      nodeCount: 2,
      operators: { 'ai.onnx.ml:LinearClassifier': 1, 'ai.onnx.ml:ZipMap': 1 },
      initializerCount: 0,
      parameterCount: 0,
      externalData: [],
    });
    expect(info.inputs).toEqual([{ name: 'float_input', type: { kind: 'tensor', elementType: 'FLOAT', shape: ['N', 4] }, scorable: true }]);
    expect(info.outputs[0]).toEqual({ name: 'label', type: { kind: 'tensor', elementType: 'INT64', shape: ['N'] }, scorable: true });
    expect(info.outputs[1]).toMatchObject({
      name: 'output_probability',
      type: { kind: 'sequence', element: { kind: 'map', keyType: 'INT64', value: { kind: 'tensor', elementType: 'FLOAT', shape: null } } },
      scorable: false,
      why: expect.stringMatching(/ZipMap.*score the tensor outputs/),
    });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(info.inputs.map((i) => i.name));
    expect(session.outputNames).toEqual(info.outputs.map((o) => o.name));
  });

  it('reports several named inputs with string, int64 and float types, symbolic and unnamed dims, in graph order', async () => {
    const bytes = encodeModel({
      graph: {
        name: 'multi',
        input: [tensorInfo('city', DT.STRING, [null, 1]), tensorInfo('count', DT.INT64, ['rows', null]), tensorInfo('dose', DT.DOUBLE, ['rows', 3])],
        node: ['city', 'count', 'dose'].map((n) => ({ opType: 'Identity', domain: '', name: `id_${n}`, input: [n], output: [`${n}_out`] })),
        output: [tensorInfo('city_out', DT.STRING, [null, 1]), tensorInfo('count_out', DT.INT64, ['rows', null]), tensorInfo('dose_out', DT.DOUBLE, ['rows', 3])],
      },
    });
    const info = inspectOnnx(write(tempDir(), 'multi.onnx', bytes));
    expect(info.inputs.map((i) => [i.name, i.type, i.scorable])).toEqual([
      ['city', { kind: 'tensor', elementType: 'STRING', shape: [null, 1] }, true],
      ['count', { kind: 'tensor', elementType: 'INT64', shape: ['rows', null] }, true],
      ['dose', { kind: 'tensor', elementType: 'DOUBLE', shape: ['rows', 3] }, true],
    ]);
    expect(info.operators).toEqual({ 'ai.onnx:Identity': 3 });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['city', 'count', 'dose']);
  });

  it('counts parameters over initializers and leaves initializers that IR 3 lists as graph inputs out of the inputs', () => {
    const bytes = encodeModel({ irVersion: 3, opsets: { '': 9 }, graph: gemmGraph(inlineW, [tensorInfo('W', DT.FLOAT, [4, 3]), tensorInfo('B', DT.FLOAT, [3])]) });
    const info = inspectOnnx(write(tempDir(), 'ir3.onnx', bytes));
    expect(info.inputs.map((i) => i.name)).toEqual(['x']);
    expect(info).toMatchObject({ irVersion: 3, initializerCount: 2, parameterCount: 4 * 3 + 3 });
  });

  it('accepts IR version 10, the newest Airlock reads, and onnxruntime-node opens it', async () => {
    const bytes = encodeModel({ irVersion: 10, opsets: { '': 21 }, graph: gemmGraph(inlineW) });
    expect(inspectOnnx(write(tempDir(), 'ir10.onnx', bytes))).toMatchObject({ irVersion: 10, opsets: [{ domain: 'ai.onnx', version: 21 }] });
    await expect(ort.InferenceSession.create(bytes)).resolves.toBeDefined();
  });

  it('marks a tensor of an element type onnxruntime-node cannot hold (bfloat16) unscorable', () => {
    const bytes = encodeModel({
      graph: { name: 'bf', input: [tensorInfo('x', DT.BFLOAT16, [2])], node: [{ opType: 'Identity', domain: '', input: ['x'], output: ['y'] }], output: [tensorInfo('y', DT.BFLOAT16, [2])] },
    });
    const info = inspectOnnx(write(tempDir(), 'bf.onnx', bytes));
    expect(info.inputs[0]).toMatchObject({ type: { elementType: 'BFLOAT16' }, scorable: false, why: expect.stringMatching(/BFLOAT16/) });
  });
});

describe('inspectOnnx with external data', () => {
  it('reads external data at a relative location, counts it in the size and hashes the model with its weights', async () => {
    const dir = tempDir();
    const weights = weightBytes();
    write(dir, 'weights/w.bin', weights);
    const bytes = encodeModel({ graph: gemmGraph(externalW('weights/w.bin')) });
    const file = write(dir, 'ext.onnx', bytes);
    const info = inspectOnnx(file);
    expect(info.externalData).toEqual([{ location: 'weights/w.bin', bytes: weights.length, sha256: sha256(weights) }]);
    expect(info.bytes).toBe(bytes.length + weights.length);
    expect(info.modelSha256).toBe(sha256(bytes));
    expect(info.sha256).toBe(sha256(`onnx+external\n${sha256(bytes)}\n${sha256(weights)} weights/w.bin\n`));
    expect(info.parameterCount).toBe(15);

    // onnxruntime reads the same weights: y = x W + B for x = e0 is W's first row plus B
    const session = await ort.InferenceSession.create(file);
    const { y } = await session.run({ x: new ort.Tensor('float32', new Float32Array([1, 0, 0, 0]), [1, 4]) });
    expect(Array.from(y.data as Float32Array).map((v) => Math.round(v * 100) / 100)).toEqual([0.1, 0.3, 0.5]);

    weights[20] ^= 1;
    write(dir, 'weights/w.bin', weights);
    expect(inspectOnnx(file).sha256).not.toBe(info.sha256);
  });

  it('hashes an external data file larger than the 1 MiB pieces it is read in, every byte counted', () => {
    const dir = tempDir();
    const weights = weightBytes(16, 3 * 1024 * 1024 + 5);
    write(dir, 'w.bin', weights);
    const info = inspectOnnx(write(dir, 'big.onnx', encodeModel({ graph: gemmGraph(externalW('w.bin')) })));
    expect(info.externalData).toEqual([{ location: 'w.bin', bytes: weights.length, sha256: sha256(weights) }]);
  });

  it.each([
    ['../w.bin', /contains '\.\.'/],
    ['weights/../../w.bin', /contains '\.\.'/],
    ['/etc/w.bin', /is absolute/],
    ['C:\\w.bin', /is absolute/],
  ])("refuses the external data location '%s' without reading it", (location, problem) => {
    const dir = tempDir();
    write(path.dirname(dir), 'w.bin', weightBytes());
    const file = write(dir, 'escape.onnx', encodeModel({ graph: gemmGraph(externalW(location)) }));
    expectRefusal(errorOf(() => inspectOnnx(file)), 'BAD_INPUT', file, problem);
  });

  it('refuses a missing external data file, naming it', () => {
    const file = write(tempDir(), 'lost.onnx', encodeModel({ graph: gemmGraph(externalW('w.bin')) }));
    const error = errorOf(() => inspectOnnx(file));
    expectRefusal(error, 'FILE_NOT_FOUND', file, /'w\.bin'.*missing/);
  });

  it('refuses a symbolic link that leads out of the model folder', () => {
    const dir = tempDir();
    const outside = write(tempDir(), 'w.bin', weightBytes());
    fs.symlinkSync(outside, path.join(dir, 'w.bin'));
    const file = write(dir, 'link.onnx', encodeModel({ graph: gemmGraph(externalW('w.bin')) }));
    expectRefusal(errorOf(() => inspectOnnx(file)), 'BAD_INPUT', file, /outside the model's folder/);
  });

  it('refuses a tensor whose byte range runs past the end of its external file', () => {
    const dir = tempDir();
    write(dir, 'w.bin', weightBytes(0));
    const file = write(dir, 'short.onnx', encodeModel({ graph: gemmGraph(externalW('w.bin', 8)) }));
    expectRefusal(errorOf(() => inspectOnnx(file)), 'BAD_INPUT', file, /bytes 8\.\.56 of 'w\.bin', which has 48 bytes/);
  });
});

describe('inspectOnnx refuses what it cannot read', () => {
  it('refuses a truncated model as ending mid-field', () => {
    const bytes = zipMapModel();
    const file = write(tempDir(), 'cut.onnx', bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectRefusal(errorOf(() => inspectOnnx(file)), 'BAD_INPUT', file, /truncated/);
  });

  it('refuses random bytes as not an ONNX model', () => {
    let seed = 12345;
    const random = Uint8Array.from({ length: 4096 }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
    const file = write(tempDir(), 'noise.onnx', random);
    expectRefusal(errorOf(() => inspectOnnx(file)), 'BAD_INPUT', file, /not a (readable|valid) ONNX model/);
  });

  it('refuses another kind of protobuf as not starting like an ONNX model, and a ModelProto without an IR version', () => {
    const dir = tempDir();
    const graphOnly = write(dir, 'graph.pb', onnx.GraphProto.encode(gemmGraph(inlineW)).finish());
    expectRefusal(errorOf(() => inspectOnnx(graphOnly)), 'BAD_INPUT', graphOnly, /does not start as an ONNX model does/);
    const noIr = write(dir, 'noir.onnx', onnx.ModelProto.encode({ producerName: 'x', opsetImport: [{ domain: '', version: 17 }], graph: gemmGraph(inlineW) }).finish());
    expectRefusal(errorOf(() => inspectOnnx(noIr)), 'BAD_INPUT', noIr, /has no IR version/);
  });

  it('refuses a Python pickle even when it is named .onnx, explaining that pickles run code', () => {
    // pickle.dumps({'a': 1}, protocol=4)
    const pickle = Uint8Array.from([0x80, 0x04, 0x95, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0x7d, 0x94, 0x8c, 0x01, 0x61, 0x94, 0x4b, 0x01, 0x73, 0x2e]);
    const file = write(tempDir(), 'model.onnx', pickle);
    expectRefusal(errorOf(() => inspectOnnx(file)), 'UNSUPPORTED_FORMAT', file, /pickle.*runs arbitrary code/);
  });

  it.each([
    [2, /IR version 2; Airlock reads IR versions 3 to 10/],
    [11, /IR version 11; Airlock reads IR versions 3 to 10/],
  ])('refuses IR version %i as unsupported', (irVersion, problem) => {
    const file = write(tempDir(), `ir${irVersion}.onnx`, encodeModel({ irVersion, graph: gemmGraph(inlineW) }));
    expectRefusal(errorOf(() => inspectOnnx(file)), 'UNSUPPORTED_FORMAT', file, problem);
  });

  it('refuses a model without a graph, and a node whose domain has no opset import', () => {
    const dir = tempDir();
    const noGraph = write(dir, 'nograph.onnx', onnx.ModelProto.encode({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }] }).finish());
    expectRefusal(errorOf(() => inspectOnnx(noGraph)), 'BAD_INPUT', noGraph, /has no graph/);
    const zipMapNoMl = zipMapModel();
    const decoded = onnx.ModelProto.decode(zipMapNoMl);
    decoded.opsetImport = decoded.opsetImport.filter((o) => o.domain === '');
    const file = write(dir, 'noml.onnx', onnx.ModelProto.encode(decoded).finish());
    expectRefusal(errorOf(() => inspectOnnx(file)), 'BAD_INPUT', file, /uses domain ai\.onnx\.ml, which the model imports no opset for/);
  });

  it('refuses a node that reads a value nothing defines, and a graph output no node produces', () => {
    const dir = tempDir();
    const graph = (input: string, output: string): onnxProto.onnx.IGraphProto => ({
      name: 'g', input: [tensorInfo('x', DT.FLOAT, [1])], node: [{ opType: 'Relu', domain: '', name: 'r', input: [input], output: ['y'] }], output: [tensorInfo(output, DT.FLOAT, [1])],
    });
    const ghost = write(dir, 'ghost.onnx', encodeModel({ graph: graph('ghost', 'y') }));
    expectRefusal(errorOf(() => inspectOnnx(ghost)), 'BAD_INPUT', ghost, /node 'r' \(Relu\) reads 'ghost', which no input, initializer or earlier node defines/);
    const orphan = write(dir, 'orphan.onnx', encodeModel({ graph: graph('x', 'z') }));
    expectRefusal(errorOf(() => inspectOnnx(orphan)), 'BAD_INPUT', orphan, /graph output 'z' is produced by no node/);
  });

  it('accepts a subgraph that reads a value of its enclosing graph, and counts its nodes and parameters', async () => {
    const branch = (name: string, value: number): onnxProto.onnx.IGraphProto => ({
      name,
      initializer: [{ name: `${name}_c`, dataType: DT.FLOAT, dims: [1], floatData: [value] }],
      node: [{ opType: 'Add', domain: '', name: `${name}_add`, input: ['x', `${name}_c`], output: [`${name}_y`] }],
      output: [tensorInfo(`${name}_y`, DT.FLOAT, [1])],
    });
    const bytes = encodeModel({
      graph: {
        name: 'if',
        input: [tensorInfo('x', DT.FLOAT, [1]), tensorInfo('flag', DT.BOOL, [])],
        node: [{
          opType: 'If', domain: '', name: 'choose', input: ['flag'], output: ['y'],
          attribute: [{ name: 'then_branch', type: AT.GRAPH, g: branch('then', 1) }, { name: 'else_branch', type: AT.GRAPH, g: branch('else', -1) }],
        }],
        output: [tensorInfo('y', DT.FLOAT, [1])],
      },
    });
    const info = inspectOnnx(write(tempDir(), 'if.onnx', bytes));
    expect(info).toMatchObject({ nodeCount: 3, operators: { 'ai.onnx:If': 1, 'ai.onnx:Add': 2 }, initializerCount: 2, parameterCount: 2 });
    await expect(ort.InferenceSession.create(bytes)).resolves.toBeDefined();
  });

  it('refuses a missing file, a folder and an empty file, naming each', () => {
    const dir = tempDir();
    expectRefusal(errorOf(() => inspectOnnx(dir)), 'NOT_A_FILE', dir, /is not a file/);
    const missing = path.join(dir, 'absent.onnx');
    expectRefusal(errorOf(() => inspectOnnx(missing)), 'FILE_NOT_FOUND', missing, /does not exist/);
    const empty = write(dir, 'empty.onnx', new Uint8Array());
    expectRefusal(errorOf(() => inspectOnnx(empty)), 'FILE_EMPTY', empty, /is empty/);
  });
});

interface ExpectedValue {
  name: string;
  kind: string;
  elem_type?: string;
  shape?: (number | string | null)[];
}
interface ExpectedModel {
  file: string;
  bytes: number;
  sha256: string;
  ir_version: number;
  opset_import: Record<string, number>;
  producer_name: string;
  producer_version: string;
  model_domain: string;
  model_version: number;
  graph_name: string;
  metadata_props_keys: string[];
  metadata_props_total_chars: number;
  inputs: ExpectedValue[];
  outputs: ExpectedValue[];
  node_count: number;
  op_types: Record<string, number>;
  initializers: number;
}

const REAL = path.resolve(__dirname, '../../../../shared/data/onnx');
const real: ExpectedModel[] = fs.existsSync(path.join(REAL, 'expected.json'))
  ? (JSON.parse(fs.readFileSync(path.join(REAL, 'expected.json'), 'utf8')) as { models: ExpectedModel[] }).models
  : [];
if (real.length === 0) console.log(`skipping the real ONNX exports: ${REAL}/expected.json is absent`);

describe.skipIf(real.length === 0)('inspectOnnx on real exports in ../shared/data/onnx', () => {
  it.each(real.map((m) => [m.file, m] as const))('%s matches expected.json and onnxruntime-node opens it', async (_, expected) => {
    const file = path.join(REAL, expected.file);
    const info = inspectOnnx(file);
    expect(info).toMatchObject({
      bytes: expected.bytes,
      sha256: expected.sha256,
      irVersion: expected.ir_version,
      producer: { name: expected.producer_name, version: expected.producer_version },
      modelDomain: expected.model_domain,
      modelVersion: expected.model_version,
      graphName: expected.graph_name,
      nodeCount: expected.node_count,
      operators: expected.op_types,
      initializerCount: expected.initializers,
      externalData: [],
    });
    expect(Object.fromEntries(info.opsets.map((o) => [o.domain, o.version]))).toEqual(expected.opset_import);
    expect(info.metadata.map((m) => m.key)).toEqual(expected.metadata_props_keys);
    expect(info.metadata.reduce((n, m) => n + m.value.length, 0)).toBe(expected.metadata_props_total_chars);
    const tensorsOf = (values: ExpectedValue[]): unknown[] =>
      values.map((v) => (v.kind === 'tensor' ? { name: v.name, type: { kind: 'tensor', elementType: v.elem_type, shape: v.shape }, scorable: true } : { name: v.name, scorable: false }));
    expect(info.inputs).toMatchObject(tensorsOf(expected.inputs));
    expect(info.outputs).toMatchObject(tensorsOf(expected.outputs));

    const session = await ort.InferenceSession.create(file);
    expect(session.inputNames).toEqual(info.inputs.map((i) => i.name));
  });

  it("describes skl2onnx's ZipMap output as a sequence of maps from INT64 that cannot be scored", () => {
    const file = path.join(REAL, '01_skl2onnx_rf_iris_zipmap.onnx');
    const zipmap = inspectOnnx(file).outputs.find((o) => o.name === 'output_probability');
    expect(zipmap).toMatchObject({ type: { kind: 'sequence', element: { kind: 'map', keyType: 'INT64' } }, scorable: false, why: expect.stringMatching(/ZipMap/) });
  });

  it("counts Tribuo's logistic regression parameters as its 4x3 weights and 3 biases", () => {
    const file = path.join(REAL, '08_tribuo_iris_lr_with_metadata.onnx');
    // a logistic regression over 4 features and 3 classes: a 4x3 weight matrix and 3 biases
    expect(inspectOnnx(file).parameterCount).toBe(15);
  });
});
