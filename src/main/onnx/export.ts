// Turns a TrainedModel into one self-contained ONNX file: raw columns in, predictions out, preprocessing included.
import { fail } from '../../shared/errors';
import type { TrainedModel } from '../training/model-types';
import { addDenseScores } from './dense-nodes';
import { checkModel } from './model-checks';
import { GraphBuilder } from './onnx-graph-builder';
import { addOutputs, outputNames } from './output-nodes';
import { addPreprocessing, type NumericInput } from './preprocess-nodes';
import { addTreeScores } from './tree-nodes';

export interface ExportMeta {
  producer: string;
  version: string;
  docString?: string;
  /**
   * float (default) is what most ONNX tooling feeds; double keeps numbers above 2^24 exact (epoch-millisecond
   * datetimes, identifiers, amounts in cents), which float rounds by up to minutes or units before any split or weight sees them.
   */
  numericInputs?: NumericInput;
}

const INPUT_CONVENTIONS =
  'Inputs: one per column, shape [N,1]; numbers as tensors with NaN for a missing value, categories and text as strings with "" for a missing value.';

/** The ONNX model bytes; throws a BAD_INPUT AppFailure for a model that does not hold together. */
export function exportOnnx(model: TrainedModel, meta: ExportMeta): Uint8Array {
  checkModel(model);
  const outputs = outputNames(model);
  const clash = model.preprocessor.steps.find((s) => outputs.includes(s.column));
  if (clash) {
    fail('BAD_INPUT', `The model cannot be exported: its input column '${clash.column}' has the name of an output of the ONNX file.`, {
      where: { field: clash.column },
      hint: 'Rename the column and train again.',
    });
  }
  const g = new GraphBuilder();
  g.reserve([...outputs, ...model.preprocessor.steps.map((s) => s.column)]);
  const x = addPreprocessing(g, model.preprocessor, meta.numericInputs ?? 'float');
  const scores = model.body.kind === 'trees' ? addTreeScores(g, x, model.body) : addDenseScores(g, x, model.body);
  addOutputs(g, model, scores);
  return g.encode({
    producer: meta.producer,
    version: meta.version,
    docString: meta.docString,
    graphName: `${model.target} (${model.task})`,
    graphDocString: INPUT_CONVENTIONS,
  });
}
