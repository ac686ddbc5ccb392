// Linear models and MLPs as MatMul/Add(/Relu) in double: scores = W x + b per layer, ReLU between layers.
import type { ModelBody } from '../training/model-types';
import type { GraphBuilder } from './onnx-graph-builder';

/** x [N, in] times weights given as [out][in] (the model's layout), plus bias: [N, out]. */
function addDense(g: GraphBuilder, x: string, weights: readonly number[][], bias: readonly number[]): string {
  const outputs = weights.length;
  const inputs = weights[0].length;
  // MatMul wants [in, out]: transpose while flattening.
  const flat = new Float64Array(inputs * outputs);
  weights.forEach((row, o) => row.forEach((w, i) => (flat[i * outputs + o] = w)));
  return g.op('Add', [g.op('MatMul', [x, g.doubles('weights', flat, [inputs, outputs])]), g.doubles('bias', bias)]);
}

/** Scores [N, outputs] in double for a linear or MLP body. */
export function addDenseScores(g: GraphBuilder, x: string, body: Extract<ModelBody, { kind: 'linear' | 'mlp' }>): string {
  if (body.kind === 'linear') return addDense(g, x, body.weights, body.intercepts);
  let h = x;
  body.layers.forEach((layer, l) => {
    h = addDense(g, h, layer.weights, layer.bias);
    if (l < body.layers.length - 1) h = g.op('Relu', [h]);
  });
  return h;
}
