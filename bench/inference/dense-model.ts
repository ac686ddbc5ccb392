// The dense network of ../shared/GPU.md as an ONNX model: LAYERS x (MatMul + Relu) of WIDTH units, fp32, seeded weights;
// the first MatMul takes `inputs` values per row (WIDTH on the GPU, as GPU.md; fewer when a dataset's columns feed it).
// Built with onnx-proto directly because the app's GraphBuilder has no float initialisers (no model of ours needs them).
import onnxProto from 'onnx-proto';
import { mulberry32 } from '../../src/main/training/splits';

const { onnx } = onnxProto;

export const DENSE = { layers: 8, width: 1024 } as const;

/** Uniform weights in +-sqrt(6 / fanIn) (He initialisation) keep the activations' scale steady through the Relus. */
function weights(random: () => number, fanIn: number, width: number): Uint8Array {
  const bound = Math.sqrt(6 / fanIn);
  const w = new Float32Array(fanIn * width);
  for (let i = 0; i < w.length; i++) w[i] = (random() * 2 - 1) * bound;
  return new Uint8Array(w.buffer);
}

/** The model's bytes: input x [N, inputs] float, output y [N, width] float. */
export function denseModel(seed: number, inputs: number = DENSE.width, layers: number = DENSE.layers, width: number = DENSE.width): Uint8Array {
  const random = mulberry32(seed);
  const shape = (name: string, values: number): onnxProto.onnx.IValueInfoProto => ({
    name,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: 'N' }, { dimValue: values }] } } },
  });
  const initializer: onnxProto.onnx.ITensorProto[] = [];
  const node: onnxProto.onnx.INodeProto[] = [];
  let previous = 'x';
  for (let l = 0; l < layers; l++) {
    const fanIn = l === 0 ? inputs : width;
    initializer.push({ name: `w${l}`, dataType: onnx.TensorProto.DataType.FLOAT, dims: [fanIn, width], rawData: weights(random, fanIn, width) });
    node.push({ opType: 'MatMul', name: `matmul${l}`, input: [previous, `w${l}`], output: [`h${l}`] });
    const out = l === layers - 1 ? 'y' : `a${l}`;
    node.push({ opType: 'Relu', name: `relu${l}`, input: [`h${l}`], output: [out] });
    previous = out;
  }
  const model: onnxProto.onnx.IModelProto = {
    irVersion: onnx.Version.IR_VERSION,
    producerName: 'airlock-bench',
    opsetImport: [{ domain: '', version: 17 }],
    graph: { name: 'dense', node, initializer, input: [shape('x', inputs)], output: [shape('y', width)] },
  };
  return onnx.ModelProto.encode(model).finish();
}

/** A batch of inputs in [-1, 1), the same for every side of a comparison. */
export function denseInput(seed: number, rows: number, width: number = DENSE.width): Float32Array {
  const random = mulberry32(seed);
  const x = new Float32Array(rows * width);
  for (let i = 0; i < x.length; i++) x[i] = random() * 2 - 1;
  return x;
}
