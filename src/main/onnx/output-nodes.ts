// The model's outputs from raw double scores, by predict.ts's convention: label + probabilities, or variable.
import type { TrainedModel } from '../training/model-types';
import { ElemType, attr, type GraphBuilder } from './onnx-graph-builder';

export const OUTPUT_NAMES = { label: 'label', probabilities: 'probabilities', variable: 'variable' } as const;

/** The output names a task's file exposes. */
export function outputNames(model: TrainedModel): string[] {
  return model.task === 'regression' ? [OUTPUT_NAMES.variable] : [OUTPUT_NAMES.label, OUTPUT_NAMES.probabilities];
}

export function addOutputs(g: GraphBuilder, model: TrainedModel, scores: string): void {
  const toFloat = { to: attr.int(ElemType.float) };
  if (model.task === 'regression') {
    g.node('Cast', [scores], toFloat, { outputs: [OUTPUT_NAMES.variable] });
    g.output(OUTPUT_NAMES.variable, 'float', ['N', 1]);
    return;
  }
  const classes = model.classes!;
  let probabilities: string;
  if (model.task === 'binary') {
    // p1 = sigmoid(score), p0 = 1 - p1, exactly as scoresToOutputs() does.
    const p1 = g.op('Sigmoid', [scores]);
    probabilities = g.op('Concat', [g.op('Sub', [g.doubles('one', [1], []), p1]), p1], { axis: attr.int(1) });
  } else {
    probabilities = g.op('Softmax', [scores], { axis: attr.int(1) });
  }
  // Labels from the double probabilities; ArgMax keeps the first of equal maxima, as argmaxRows() does.
  const best = g.op('ArgMax', [probabilities], { axis: attr.int(1), keepdims: attr.int(0) });
  g.node('Gather', [g.strings('classes', classes), best], {}, { outputs: [OUTPUT_NAMES.label] });
  g.node('Cast', [probabilities], toFloat, { outputs: [OUTPUT_NAMES.probabilities] });
  g.output(OUTPUT_NAMES.label, 'string', ['N']);
  g.output(OUTPUT_NAMES.probabilities, 'float', ['N', classes.length]);
}
