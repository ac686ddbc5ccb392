// Graph inputs (one per raw column) and the nodes that turn them into the feature matrix, step by step as transform() does.
// Every feature is computed in double so that the graph repeats preprocess.ts's arithmetic, not an approximation of it.
import { fail } from '../../shared/errors';
import type { FeatureStep, Preprocessor } from '../training/model-types';
import { keepsMissing, stepWidth } from './model-checks';
import { ElemType, attr, type GraphBuilder } from './onnx-graph-builder';
import { addTfidf } from './text-nodes';

/** How numeric columns enter the file: float32 (what most ONNX tooling feeds) or float64 (exact for large values). */
export type NumericInput = 'float' | 'double';

/** Declares one input per distinct raw column, typed by the steps that read it. */
function declareInputs(g: GraphBuilder, steps: readonly FeatureStep[], numericInput: NumericInput): void {
  const kinds = new Map<string, 'numeric' | 'string'>();
  for (const step of steps) {
    const kind = step.kind === 'numeric' ? 'numeric' : 'string';
    const seen = kinds.get(step.column);
    if (seen !== undefined && seen !== kind) {
      fail('BAD_INPUT', `The model cannot be exported: column '${step.column}' is read both as numbers and as text.`, {
        where: { field: step.column },
      });
    }
    if (step.column === '') fail('BAD_INPUT', 'The model cannot be exported: a column has an empty name, which ONNX cannot name an input.');
    kinds.set(step.column, kind);
  }
  for (const [column, kind] of kinds) g.input(column, kind === 'numeric' ? numericInput : 'string', ['N', 1]);
}

/** x' = ((x is NaN ? impute : x) - center) / scale, in double; no imputation when the model keeps NaN for its trees. */
function addNumeric(g: GraphBuilder, step: Extract<FeatureStep, { kind: 'numeric' }>, numericInput: NumericInput): string {
  let x = numericInput === 'double' ? step.column : g.op('Cast', [step.column], { to: attr.int(ElemType.double) });
  if (!keepsMissing(step)) x = g.op('Where', [g.op('IsNaN', [x]), g.doubles('impute', [step.impute], []), x]);
  return g.op('Div', [g.op('Sub', [x, g.doubles('center', [step.center], [])]), g.doubles('scale', [step.scale], [])]);
}

/** One-hot with zeros=1, so a missing ("") or unseen category gives an all-zero row, as transform() does. */
function addOneHot(g: GraphBuilder, step: Extract<FeatureStep, { kind: 'onehot' }>): string {
  // OneHotEncoder appends the category axis ([N,1] -> [N,1,C]) and always yields float; 0 and 1 are exact in double.
  const encoded = g.op('OneHotEncoder', [step.column], { cats_strings: attr.strings(step.categories), zeros: attr.int(1) }, 'ai.onnx.ml');
  // onnx's checker infers no type for OneHotEncoder's output; saying it keeps full shape inference working downstream.
  g.declare(encoded, 'float', ['N', 1, step.categories.length]);
  const squeezed = g.op('Squeeze', [encoded, g.int64s('axis1', [1])]);
  return g.op('Cast', [squeezed], { to: attr.int(ElemType.double) });
}

/** Adds inputs and preprocessing; returns the name of the [N, features] double matrix. */
export function addPreprocessing(g: GraphBuilder, pre: Preprocessor, numericInput: NumericInput): string {
  declareInputs(g, pre.steps, numericInput);
  // A step that writes no features (e.g. a category column with no kept category) adds no node; its input stays declared
  // so the file's inputs are still exactly the model's columns.
  const blocks = pre.steps
    .filter((step) => stepWidth(step) > 0)
    .map((step) => {
      if (step.kind === 'numeric') return addNumeric(g, step, numericInput);
      if (step.kind === 'onehot') return addOneHot(g, step);
      return addTfidf(g, step);
    });
  return blocks.length === 1 ? blocks[0] : g.op('Concat', blocks, { axis: attr.int(1) });
}
