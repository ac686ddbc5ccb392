// Import-time validation and inspection of an .onnx file: pure parsing of its ModelProto (and external data files), never a runtime session.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { fail } from '../../shared/errors';
import type { OnnxDim, OnnxExternalFile, OnnxInspection, OnnxValueInfo, OnnxValueType } from '../../shared/onnx-model';
import { refuseUnsafeModelFile } from './model-file-format';

export type { OnnxDim, OnnxExternalFile, OnnxInspection, OnnxValueInfo, OnnxValueType } from '../../shared/onnx-model';

const { onnx } = onnxProto;
type Graph = onnxProto.onnx.IGraphProto;
type Tensor = onnxProto.onnx.ITensorProto;
type TypeProto = onnxProto.onnx.ITypeProto;

/**
 * IR versions Airlock accepts: 3 is the first with opset imports; 10 (ONNX 1.16) is the newest that the tests exercise.
 * onnxruntime-node 1.29.0 (the pinned runtime) also opens 11 and 12, so raising the bound needs only tests with such files.
 */
export const MIN_IR_VERSION = 3;
export const MAX_IR_VERSION = 10;

/** A protobuf message cannot exceed 2 GiB; larger weights must be external data. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;

/** TensorProto.DataType names up to ONNX 1.18 (onnx-proto's enum stops at BFLOAT16, newer files use the rest). */
const ELEMENT_TYPES = [
  'UNDEFINED', 'FLOAT', 'UINT8', 'INT8', 'UINT16', 'INT16', 'INT32', 'INT64', 'STRING', 'BOOL', 'FLOAT16', 'DOUBLE', 'UINT32',
  'UINT64', 'COMPLEX64', 'COMPLEX128', 'BFLOAT16', 'FLOAT8E4M3FN', 'FLOAT8E4M3FNUZ', 'FLOAT8E5M2', 'FLOAT8E5M2FNUZ', 'UINT4', 'INT4',
  'FLOAT4E2M1',
] as const;

/** Tensor element types onnxruntime-node can feed and return as a JS typed array (or string array). */
const SCORABLE_ELEMENT_TYPES: ReadonlySet<string> = new Set([
  'FLOAT', 'DOUBLE', 'FLOAT16', 'INT8', 'UINT8', 'INT16', 'UINT16', 'INT32', 'UINT32', 'INT64', 'UINT64', 'BOOL', 'STRING',
]);

const domainName = (domain: string | null | undefined): string => (domain ? domain : 'ai.onnx');

/** protobufjs decodes int64 fields as Long objects when the `long` package is installed. */
function num(v: number | { toNumber(): number } | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

const elementTypeName = (code: number | null | undefined): string => ELEMENT_TYPES[code ?? 0] ?? `DATA_TYPE_${code}`;

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function shapeOf(shape: onnxProto.onnx.ITensorShapeProto | null | undefined): OnnxDim[] | null {
  if (!shape) return null;
  // decoded messages own only the fields present on the wire, so an unset dim_value is not mistaken for size 0
  const has = (d: object, field: string): boolean => Object.prototype.hasOwnProperty.call(d, field);
  return (shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : has(d, 'dimValue') ? num(d.dimValue) : null));
}

function describeType(t: TypeProto | null | undefined): OnnxValueType {
  if (!t) return { kind: 'unknown' };
  if (t.tensorType) return { kind: 'tensor', elementType: elementTypeName(t.tensorType.elemType), shape: shapeOf(t.tensorType.shape) };
  if (t.sparseTensorType) return { kind: 'sparse_tensor', elementType: elementTypeName(t.sparseTensorType.elemType), shape: shapeOf(t.sparseTensorType.shape) };
  if (t.sequenceType) return { kind: 'sequence', element: describeType(t.sequenceType.elemType) };
  if (t.mapType) return { kind: 'map', keyType: elementTypeName(t.mapType.keyType), value: describeType(t.mapType.valueType) };
  if (t.optionalType) return { kind: 'optional', element: describeType(t.optionalType.elemType) };
  return { kind: 'unknown' };
}

/** Why onnxruntime-node cannot feed or return a value of this type, or null when it can. */
function unscorableReason(type: OnnxValueType, role: 'input' | 'output'): string | null {
  if (type.kind === 'tensor') {
    return SCORABLE_ELEMENT_TYPES.has(type.elementType) ? null : `onnxruntime-node has no JS tensor for element type ${type.elementType}`;
  }
  if (role === 'output' && (type.kind === 'sequence' || type.kind === 'map')) {
    return "onnxruntime-node cannot return sequence or map outputs (such as scikit-learn's ZipMap probabilities): score the tensor outputs instead";
  }
  return `onnxruntime-node cannot ${role === 'input' ? 'feed' : 'return'} a ${type.kind.replace('_', ' ')} ${role}`;
}

function valueInfo(v: onnxProto.onnx.IValueInfoProto, role: 'input' | 'output'): OnnxValueInfo {
  const type = describeType(v.type);
  const why = unscorableReason(type, role);
  return { name: v.name ?? '', type, scorable: why === null, ...(why === null ? {} : { why }) };
}

/** The graph and every subgraph held in node attributes, depth first. */
function* graphs(g: Graph): Generator<Graph> {
  yield g;
  for (const node of g.node ?? []) {
    for (const a of node.attribute ?? []) {
      if (a.g) yield* graphs(a.g);
      for (const sub of a.graphs ?? []) yield* graphs(sub);
    }
  }
}

/** Every tensor that may carry weights: initializers, sparse initializers' values and indices, and tensor attributes. */
function* tensors(g: Graph): Generator<Tensor> {
  for (const sub of graphs(g)) {
    yield* sub.initializer ?? [];
    for (const s of sub.sparseInitializer ?? []) {
      if (s.values) yield s.values;
      if (s.indices) yield s.indices;
    }
    for (const node of sub.node ?? []) {
      for (const a of node.attribute ?? []) {
        if (a.t) yield a.t;
        yield* a.tensors ?? [];
      }
    }
  }
}

const elements = (dims: (number | { toNumber(): number })[] | null | undefined): number => (dims ?? []).reduce<number>((n, d) => n * num(d), 1);

/**
 * The first value a node or graph output uses before anything defines it, as the ONNX checker requires nodes in
 * topological order; a subgraph also sees the values its enclosing graphs defined before its node.
 */
function danglingValue(g: Graph, outer: ReadonlySet<string>): string | null {
  const known = new Set(outer);
  for (const v of g.input ?? []) known.add(v.name ?? '');
  for (const t of g.initializer ?? []) known.add(t.name ?? '');
  for (const s of g.sparseInitializer ?? []) known.add(s.values?.name ?? '');
  for (const node of g.node ?? []) {
    for (const a of node.attribute ?? []) {
      for (const sub of [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]) {
        const problem = danglingValue(sub, known);
        if (problem !== null) return problem;
      }
    }
    // an empty name is how ONNX leaves out an optional input
    const missing = (node.input ?? []).find((i) => i !== '' && !known.has(i));
    if (missing !== undefined) return `node '${node.name ?? ''}' (${node.opType}) reads '${missing}', which no input, initializer or earlier node defines`;
    for (const o of node.output ?? []) if (o !== '') known.add(o);
  }
  const unproduced = (g.output ?? []).find((o) => !known.has(o.name ?? ''));
  return unproduced === undefined ? null : `graph output '${unproduced.name ?? ''}' is produced by no node`;
}

/** Refuses a location that could leave the model's folder: absolute, drive-qualified, or with a '..' segment. */
function checkLocation(file: string, location: string): void {
  const bad =
    location === '' ? 'is empty'
    : path.isAbsolute(location) || /^[a-zA-Z]:/.test(location) || location.startsWith('\\') ? 'is absolute'
    : location.split(/[\\/]/).includes('..') ? "contains '..'"
    : null;
  if (bad !== null) {
    fail('BAD_INPUT', `${path.basename(file)} names external data at '${location}', which ${bad}; only files in the model's folder or below are read.`, {
      where: { file, field: 'external_data.location' },
      hint: 'Save the external data beside the model (onnx.save_model(..., location="weights.bin")).',
    });
  }
}

/** Reads each distinct external data file once, checking that every tensor's byte range lies inside it. */
function readExternalData(file: string, g: Graph): OnnxExternalFile[] {
  const folder = path.dirname(path.resolve(file));
  const sizes = new Map<string, number>();
  for (const t of tensors(g)) {
    if (t.dataLocation !== onnx.TensorProto.DataLocation.EXTERNAL) continue;
    const entry = (key: string): string | undefined => (t.externalData ?? []).find((e) => e.key === key)?.value ?? undefined;
    const location = entry('location') ?? '';
    checkLocation(file, location);
    const target = path.join(folder, location);
    let size = sizes.get(location);
    if (size === undefined) {
      const stat = fs.statSync(target, { throwIfNoEntry: false });
      if (!stat?.isFile()) {
        fail('FILE_NOT_FOUND', `${path.basename(file)} needs external data file '${location}' (tensor '${t.name ?? ''}'), which is missing beside it.`, {
          where: { file: target, field: 'external_data.location' },
          hint: 'Copy the external data files along with the .onnx file, keeping their relative paths.',
        });
      }
      // a symbolic link could still point outside the folder: the real path must stay inside the model's real folder
      const real = fs.realpathSync(target);
      if (!real.startsWith(fs.realpathSync(folder) + path.sep)) {
        fail('BAD_INPUT', `${path.basename(file)} names external data '${location}', a link that leads outside the model's folder.`, { where: { file: target, field: 'external_data.location' } });
      }
      size = stat.size;
      sizes.set(location, size);
    }
    const offset = Number(entry('offset') ?? 0);
    const length = entry('length') === undefined ? size - offset : Number(entry('length'));
    if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size) {
      fail('BAD_INPUT', `${path.basename(file)}: tensor '${t.name ?? ''}' reads bytes ${offset}..${offset + length} of '${location}', which has ${size} bytes.`, {
        where: { file: target, field: 'external_data' },
      });
    }
  }
  return [...sizes.keys()].sort().map((location) => ({ location, ...hashFile(path.join(folder, location)) }));
}

/** Size and SHA-256 read in 1 MiB pieces: external data exists because weights outgrow 2 GiB, more than one Buffer read should hold. */
function hashFile(file: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const piece = new Uint8Array(1 << 20);
  const fd = fs.openSync(file, 'r');
  let bytes = 0;
  try {
    for (let n = fs.readSync(fd, piece); n > 0; n = fs.readSync(fd, piece)) {
      hash.update(piece.subarray(0, n));
      bytes += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, sha256: hash.digest('hex') };
}

/** The first bytes, read alone so that a refused multi-gigabyte pickle is never read whole. */
function readHead(file: string): Uint8Array {
  const head = new Uint8Array(8);
  const fd = fs.openSync(file, 'r');
  try {
    return head.subarray(0, fs.readSync(fd, head, 0, head.length, 0));
  } finally {
    fs.closeSync(fd);
  }
}

function decode(file: string, bytes: Uint8Array): onnxProto.onnx.ModelProto {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (e) {
    // every exporter writes ir_version (field 1, a varint: tag 0x08) first, so another first byte means another kind of file;
    // after a right start, protobufjs's "index out of range" means a field runs past the end: the file was cut short
    const message = e instanceof Error ? e.message : String(e);
    const why =
      bytes[0] !== 0x08 ? 'it does not start as an ONNX model does (with its IR version)'
      : /index out of range/.test(message) ? 'it ends in the middle of a field (truncated?)'
      : `it is not a valid protobuf (${message})`;
    return fail('BAD_INPUT', `${path.basename(file)} is not a readable ONNX model: ${why}.`, { where: { file }, hint: 'Export the model again, or copy it again in full.' });
  }
}

/** Parses and validates an .onnx file (and its external data) and describes it; fails with a one-line error naming the file otherwise. */
export function inspectOnnx(file: string): OnnxInspection {
  const name = path.basename(file);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) fail('FILE_NOT_FOUND', `${name} does not exist.`, { where: { file } });
  if (!stat.isFile()) fail('NOT_A_FILE', `${name} is not a file.`, { where: { file } });
  if (stat.size === 0) fail('FILE_EMPTY', `${name} is empty.`, { where: { file } });
  if (stat.size > MAX_MODEL_BYTES) {
    fail('BAD_INPUT', `${name} has ${stat.size} bytes, more than the 2 GiB a protobuf can hold.`, { where: { file }, hint: 'Save the weights as external data.' });
  }
  refuseUnsafeModelFile(file, readHead(file));
  const bytes = fs.readFileSync(file);
  const model = decode(file, bytes);

  const irVersion = num(model.irVersion);
  const invalid = (problem: string): never => fail('BAD_INPUT', `${name} is not a valid ONNX model: ${problem}.`, { where: { file } });
  if (irVersion === 0) invalid('it has no IR version (another kind of protobuf, such as a TensorFlow .pb?)');
  if (irVersion < MIN_IR_VERSION || irVersion > MAX_IR_VERSION) {
    fail('UNSUPPORTED_FORMAT', `${name} uses ONNX IR version ${irVersion}; Airlock reads IR versions ${MIN_IR_VERSION} to ${MAX_IR_VERSION}.`, {
      where: { file, field: 'ir_version' },
      hint: irVersion > MAX_IR_VERSION ? 'Export with an older opset / IR version (onnx.version_converter).' : 'Convert the model with a current ONNX release.',
    });
  }
  const graph = model.graph;
  if (!graph) return invalid('it has no graph');
  if (model.opsetImport.length === 0) invalid('it imports no opset');
  const opsets = model.opsetImport.map((o) => ({ domain: domainName(o.domain), version: num(o.version) }));
  const imported = new Set(opsets.map((o) => o.domain));

  const operators: Record<string, number> = {};
  let nodeCount = 0;
  for (const g of graphs(graph)) {
    for (const node of g.node ?? []) {
      const domain = domainName(node.domain);
      if (!node.opType) invalid(`node '${node.name ?? ''}' has no operator type`);
      if (!imported.has(domain)) invalid(`node '${node.name ?? ''}' (${node.opType}) uses domain ${domain}, which the model imports no opset for`);
      const key = `${domain}:${node.opType}`;
      operators[key] = (operators[key] ?? 0) + 1;
      nodeCount++;
    }
  }
  if ((graph.output ?? []).length === 0) invalid('its graph has no outputs');
  const dangling = danglingValue(graph, new Set());
  if (dangling !== null) invalid(dangling);

  // IR < 4 lists initializers among the graph inputs too; those are weights, not values a caller feeds
  const initializerNames = new Set((graph.initializer ?? []).map((t) => t.name));
  const allTensors = [...tensors(graph)];
  const parameterCount = [...graphs(graph)].reduce(
    (n, g) => n + (g.initializer ?? []).reduce((m, t) => m + elements(t.dims), 0) + (g.sparseInitializer ?? []).reduce((m, s) => m + elements(s.dims), 0),
    0,
  );
  const externalData = allTensors.some((t) => t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) ? readExternalData(file, graph) : [];
  const modelSha256 = sha256(bytes);
  const combined =
    externalData.length === 0
      ? modelSha256
      : createHash('sha256').update(`onnx+external\n${modelSha256}\n${externalData.map((x) => `${x.sha256} ${x.location}\n`).join('')}`).digest('hex');

  return {
    file,
    bytes: bytes.length + externalData.reduce((n, x) => n + x.bytes, 0),
    sha256: combined,
    modelSha256,
    irVersion,
    opsets,
    producer: { name: model.producerName, version: model.producerVersion },
    modelDomain: model.domain,
    modelVersion: num(model.modelVersion),
    graphName: graph.name ?? '',
    docString: model.docString,
    metadata: model.metadataProps.map((p) => ({ key: p.key ?? '', value: p.value ?? '' })),
    inputs: (graph.input ?? []).filter((v) => !initializerNames.has(v.name ?? '')).map((v) => valueInfo(v, 'input')),
    outputs: (graph.output ?? []).map((v) => valueInfo(v, 'output')),
    nodeCount,
    operators,
    initializerCount: [...graphs(graph)].reduce((n, g) => n + (g.initializer ?? []).length + (g.sparseInitializer ?? []).length, 0),
    parameterCount,
    externalData,
  };
}
