// A small typed builder for one ONNX graph: unique value names, constants, nodes, inputs and outputs, encoded with onnx-proto.
// onnx-proto is CommonJS whose exports Node's ESM loader cannot name, so it is imported as a default and unpacked.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
type Attribute = onnxProto.onnx.IAttributeProto;

export const ElemType = {
  float: onnx.TensorProto.DataType.FLOAT,
  double: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  string: onnx.TensorProto.DataType.STRING,
} as const;
export type ElemTypeName = keyof typeof ElemType;

/**
 * Opsets the exported graphs use unless a node needs more: ai.onnx 17 keeps the files loadable by older runtimes,
 * ai.onnx.ml 3 is the first with double-precision tree attributes, com.microsoft 1 holds the Tokenizer.
 */
const BASE_OPSETS = { '': 17, 'ai.onnx.ml': 3, 'com.microsoft': 1 } as const;
export type Domain = keyof typeof BASE_OPSETS;

const utf8 = new TextEncoder();
const AT = onnx.AttributeProto.AttributeType;

/** Attribute values, tagged because a JS number cannot say whether it is an ONNX int or float. */
export const attr = {
  int: (i: number): Attribute => ({ type: AT.INT, i }),
  ints: (ints: number[]): Attribute => ({ type: AT.INTS, ints }),
  string: (s: string): Attribute => ({ type: AT.STRING, s: utf8.encode(s) }),
  strings: (values: string[]): Attribute => ({ type: AT.STRINGS, strings: values.map((v) => utf8.encode(v)) }),
  /** a 1-D double tensor, for the *_as_tensor attributes of the ai.onnx.ml tree operators */
  doubles: (values: readonly number[]): Attribute => ({
    type: AT.TENSOR,
    t: { dataType: ElemType.double, dims: [values.length], doubleData: [...values] },
  }),
};

/** A fixed size, or 'N': the symbolic row count shared by every input and output. */
type Dim = number | 'N';

function valueInfo(name: string, elem: ElemTypeName, dims: Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: ElemType[elem],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export class GraphBuilder {
  private readonly nodes: onnxProto.onnx.INodeProto[] = [];
  private readonly initializers: onnxProto.onnx.ITensorProto[] = [];
  private readonly inputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly outputs: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly valueInfo: onnxProto.onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  private counter = 0;
  private readonly opsets: Record<Domain, number> = { ...BASE_OPSETS };

  /** Raises a domain's opset for an operator that only exists from that version on. */
  requireOpset(domain: Domain, version: number): void {
    this.opsets[domain] = Math.max(this.opsets[domain], version);
  }

  /**
   * Reserves the names the user sees (column inputs, model outputs) before any intermediate is named,
   * so an intermediate can never take a column's name whatever the columns are called.
   */
  reserve(names: string[]): void {
    for (const n of names) this.used.add(n);
  }

  private fresh(hint: string): string {
    let name: string;
    do name = `${hint}_${this.counter++}`;
    while (this.used.has(name));
    this.used.add(name);
    return name;
  }

  input(name: string, elem: ElemTypeName, dims: Dim[]): void {
    this.used.add(name);
    this.inputs.push(valueInfo(name, elem, dims));
  }

  output(name: string, elem: ElemTypeName, dims: Dim[]): void {
    this.outputs.push(valueInfo(name, elem, dims));
  }

  /** States an intermediate's type where an operator's schema gives shape inference nothing to go on. */
  declare(name: string, elem: ElemTypeName, dims: Dim[]): void {
    this.valueInfo.push(valueInfo(name, elem, dims));
  }

  doubles(hint: string, values: ArrayLike<number>, dims: number[] = [values.length]): string {
    return this.constant(hint, { dataType: ElemType.double, dims, doubleData: Array.from(values) });
  }

  int64s(hint: string, values: number[]): string {
    return this.constant(hint, { dataType: ElemType.int64, dims: [values.length], int64Data: values });
  }

  strings(hint: string, values: string[], dims: number[] = [values.length]): string {
    return this.constant(hint, { dataType: ElemType.string, dims, stringData: values.map((v) => utf8.encode(v)) });
  }

  private constant(hint: string, tensor: onnxProto.onnx.ITensorProto): string {
    const name = this.fresh(hint);
    this.initializers.push({ ...tensor, name });
    return name;
  }

  /** Adds one node; returns its output names (fresh ones unless `outputs` names them). */
  node(
    opType: string,
    inputs: string[],
    attributes: Record<string, Attribute> = {},
    options: { domain?: Domain; outputs?: string[] } = {},
  ): string[] {
    const outputs = options.outputs ?? [this.fresh(opType)];
    this.nodes.push({
      opType,
      domain: options.domain ?? '',
      name: this.fresh(`${opType}_node`),
      input: inputs,
      output: outputs,
      attribute: Object.entries(attributes).map(([name, a]) => ({ ...a, name })),
    });
    return outputs;
  }

  /** Shorthand for a node with one output. */
  op(opType: string, inputs: string[], attributes: Record<string, Attribute> = {}, domain?: Domain): string {
    return this.node(opType, inputs, attributes, { domain })[0];
  }

  encode(meta: { producer: string; version: string; docString?: string; graphName: string; graphDocString?: string }): Uint8Array {
    const model: onnxProto.onnx.IModelProto = {
      // ONNX released opset 20 with IR version 9: declare the IR that goes with the newest opset used.
      irVersion: this.opsets[''] >= 20 ? 9 : onnx.Version.IR_VERSION,
      producerName: meta.producer,
      producerVersion: meta.version,
      docString: meta.docString ?? '',
      opsetImport: Object.entries(this.opsets).map(([domain, version]) => ({ domain, version })),
      graph: {
        name: meta.graphName,
        docString: meta.graphDocString ?? '',
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
        valueInfo: this.valueInfo,
      },
    };
    return onnx.ModelProto.encode(model).finish();
  }
}
