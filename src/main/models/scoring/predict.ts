// Runs an opened model over a dataset version's rows in batches and collects its tensor outputs per row; outputs
// onnxruntime-node cannot return (scikit-learn's ZipMap, other sequences and maps) are skipped with the reason.
import * as ort from 'onnxruntime-node';
import { fail } from '../../../shared/errors';
import { CHUNK_ROWS } from '../../datasets/arrow-chunks';
import type { DatasetColumns } from '../../experiments/dataset-columns';
import type { FeatureColumn } from '../../training/model-types';
import type { ColumnSchema } from '../../../shared/domain';
import type { OnnxInspection } from '../../../shared/onnx-model';
import { layoutBatch, mapInputs, type BatchTensor, type InputMapping, type OnnxInputInfo } from '../input-mapping';
import type { OpenedModel } from '../model-session';

/** One tensor output, row-major: row r's values are values[r * width .. (r + 1) * width). */
export type OutputValues = {
  name: string;
  /** onnxruntime's type name of the tensor (float32, int64, string...) */
  type: ort.Tensor.Type;
  /** the dims after the batch ([] for [N], [1] for [N, 1], [3] for [N, 3]) */
  rowShape: number[];
  /** values per row: the product of rowShape */
  width: number;
} & ({ kind: 'number'; values: Float64Array } | { kind: 'string'; values: string[] });

export interface SkippedOutput {
  name: string;
  why: string;
}

export interface ModelOutputs {
  rows: number;
  /** the tensor outputs, in the model's output order */
  outputs: OutputValues[];
  skipped: SkippedOutput[];
}

/** What predict needs of an opened model version (OpenedModel is one; a test may open a bare session). */
export interface RunnableModel {
  version: { id: string };
  inspection: Pick<OpenedModel['inspection'], 'inputs' | 'outputs'>;
  session: OpenedModel['session'];
}

export interface PredictOptions {
  /** rows per session.run (default 1024); a model with a fixed batch dim runs that many instead */
  batchSize?: number;
  /** throws (the job's cancellation) between batches */
  checkCancelled: () => void;
  /** rows done so far, after each batch */
  progress?: (done: number, total: number) => void;
}

export const DEFAULT_BATCH_SIZE = 1024;

/**
 * mapInputs for an inspected model: an input onnxruntime-node cannot feed (a sequence, a bfloat16 tensor) is refused
 * with the inspector's reason before any row is read.
 */
export function mapModelInputs(inspection: Pick<OnnxInspection, 'inputs'>, schema: ColumnSchema[], explicit: Record<string, string[]> = {}, target?: string): InputMapping {
  const inputs = inspection.inputs.map((i): OnnxInputInfo => {
    if (!i.scorable || i.type.kind !== 'tensor') {
      return fail('BAD_INPUT', `Input '${i.name}' cannot be fed from a dataset column: ${i.why ?? `it is a ${i.type.kind}`}.`, { where: { field: i.name } });
    }
    return { name: i.name, elementType: i.type.elementType, shape: i.type.shape ?? [] };
  });
  return mapInputs(inputs, schema, explicit, target);
}

/** Rows of the mapped columns read at a time, where the data can read a range: one stored chunk (CHUNK_ROWS). */
const WINDOW_ROWS = CHUNK_ROWS;

/** Rows [from, to) of every column the mapping feeds; `columns` row 0 is dataset row `from`. */
interface ColumnWindow {
  from: number;
  to: number;
  columns: Map<string, FeatureColumn>;
}

/**
 * The window holding rows [start, end): the one in hand when it does, else the next one read. Data that can read a
 * range is read a chunk of rows at a time, just before its batches run, so the values are still in cache when laid
 * out and a million-row dataset is never held whole; other data is read once, whole.
 */
function windowFor(data: DatasetColumns, names: string[], current: ColumnWindow | null, start: number, end: number): ColumnWindow {
  if (current && current.from <= start && end <= current.to) return current;
  if (!data.readRows) return { from: 0, to: data.rows, columns: new Map(names.map((name) => [name, data.read(name)])) };
  const readRows = data.readRows.bind(data);
  // up to the next chunk boundary, so each stored chunk is decoded once when batches divide it
  const to = Math.min(data.rows, Math.max(end, (Math.floor(start / WINDOW_ROWS) + 1) * WINDOW_ROWS));
  return { from: start, to, columns: new Map(names.map((name) => [name, readRows(name, start, to)])) };
}

/** The one batch size every input with a fixed batch dim agrees on, or null when all are dynamic. */
function fixedBatch(mapping: InputMapping): number | null {
  const fixed = [...new Set(mapping.inputs.map((f) => f.fixedBatch).filter((b): b is number => b !== null))];
  if (fixed.length > 1) fail('BAD_INPUT', `The model's inputs fix different batch sizes (${fixed.join(', ')}), so no batch can feed them all.`);
  return fixed[0] ?? null;
}

function tensorOf(batch: BatchTensor): ort.Tensor {
  return new ort.Tensor(batch.type, batch.data, batch.dims);
}

/** Why an output the inspector marked unscorable is skipped; the inspector's own reason when it gave one. */
function skippedOutputs(opened: RunnableModel): SkippedOutput[] {
  return opened.inspection.outputs
    .filter((o) => !o.scorable || o.type.kind !== 'tensor')
    .map((o) => ({ name: o.name, why: o.why ?? `it is a ${o.type.kind}, not a tensor, and onnxruntime-node returns only tensors` }));
}

/** An output collector that grows with the batches; created from the first batch's tensor. */
class Collector {
  private readonly numbers: Float64Array | null;
  private readonly strings: string[] | null;

  constructor(
    readonly name: string,
    readonly type: ort.Tensor.Type,
    readonly rowShape: number[],
    readonly width: number,
    rows: number,
  ) {
    this.numbers = type === 'string' ? null : new Float64Array(rows * width);
    this.strings = type === 'string' ? new Array<string>(rows * width) : null;
  }

  /** Rows [from, to) of `tensor` become rows [at, at + to - from) of the output. */
  put(tensor: ort.Tensor, at: number, from: number, to: number): void {
    const dims = tensor.dims.slice(1);
    if (tensor.dims[0] !== to) fail('BAD_INPUT', `Output '${this.name}' gave ${tensor.dims[0]} rows for a batch of ${to}.`, { where: { field: this.name } });
    if (tensor.type !== this.type || dims.length !== this.rowShape.length || dims.some((d, i) => d !== this.rowShape[i])) {
      fail('BAD_INPUT', `Output '${this.name}' changed from ${this.type} [N, ${this.rowShape.join(', ')}] to ${tensor.type} [${tensor.dims.join(', ')}] between batches.`, {
        where: { field: this.name },
      });
    }
    const w = this.width;
    const src = tensor.data;
    if (Array.isArray(src)) {
      // a string tensor: this.type is 'string' too (checked above), so the strings were allocated
      const strings = this.strings!;
      for (let i = from * w; i < to * w; i++) strings[(at - from) * w + i] = src[i];
    } else if (src instanceof BigInt64Array || src instanceof BigUint64Array) {
      // bigint outputs (int64, uint64) become numbers: exact up to 2^53, which labels and counts stay below
      const out = this.numbers!;
      for (let i = from * w; i < to * w; i++) out[(at - from) * w + i] = Number(src[i]);
    } else {
      // every other numeric tensor (float32, int32, bool as Uint8Array...) converts exactly in one native copy
      this.numbers!.set(src.subarray(from * w, to * w), at * w);
    }
  }

  values(): OutputValues {
    const base = { name: this.name, type: this.type, rowShape: this.rowShape, width: this.width };
    return this.strings ? { ...base, kind: 'string', values: this.strings } : { ...base, kind: 'number', values: this.numbers! };
  }
}

const NUMBER_OR_STRING_TYPES = new Set<ort.Tensor.Type>(['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool', 'string']);

/**
 * Runs the model over every row. A model whose batch dim is fixed runs that many rows at a time; its last batch
 * overlaps the one before (recomputing a few rows) instead of padding with rows that do not exist.
 */
export async function predict(opened: RunnableModel, data: DatasetColumns, mapping: InputMapping, options: PredictOptions): Promise<ModelOutputs> {
  const rows = data.rows;
  const skipped = skippedOutputs(opened);
  const fetch = opened.inspection.outputs.filter((o) => !skipped.some((s) => s.name === o.name)).map((o) => o.name);
  if (fetch.length === 0) {
    fail('BAD_INPUT', `Model ${opened.version.id} has no tensor output to score: ${skipped.map((s) => `'${s.name}' (${s.why})`).join('; ')}.`, { where: { field: 'model' } });
  }
  const fixed = fixedBatch(mapping);
  if (fixed !== null && rows < fixed) {
    fail('BAD_INPUT', `Model ${opened.version.id} takes batches of exactly ${fixed} rows, but dataset ${data.versionId} has ${rows}.`, { where: { field: 'dataset' } });
  }
  const size = fixed ?? Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const names = [...new Set(mapping.inputs.flatMap((f) => f.columns))];
  let window: ColumnWindow | null = null;
  const collectors = new Map<string, Collector>();
  const dropped = new Map<string, string>();

  for (let at = 0; at < rows; at += size) {
    options.checkCancelled();
    const end = Math.min(rows, at + size);
    // a fixed batch ending past the last row starts earlier instead, and only its new rows are kept
    const start = fixed === null ? at : end - fixed;
    const feeds: Record<string, ort.Tensor> = {};
    window = windowFor(data, names, window, start, end);
    for (const feed of mapping.inputs) feeds[feed.input] = tensorOf(layoutBatch(feed, window.columns, start - window.from, end - window.from));
    const results = await opened.session.run(feeds, fetch.filter((name) => !dropped.has(name)));
    const batchRows = end - start;
    for (const [name, tensor] of Object.entries(results)) {
      if (dropped.has(name)) continue;
      let collector = collectors.get(name);
      if (!collector) {
        if (!NUMBER_OR_STRING_TYPES.has(tensor.type)) {
          dropped.set(name, `its ${tensor.type} values cannot be stored in a dataset column`);
          continue;
        }
        if (tensor.dims.length === 0 || tensor.dims[0] !== batchRows) {
          dropped.set(name, `its shape [${tensor.dims.join(', ')}] does not have one entry per row (a batch of ${batchRows})`);
          continue;
        }
        const rowShape = tensor.dims.slice(1);
        collector = new Collector(name, tensor.type, rowShape, rowShape.reduce((a, b) => a * b, 1), rows);
        collectors.set(name, collector);
      }
      collector.put(tensor, at, at - start, batchRows);
    }
    for (const tensor of Object.values(results)) tensor.dispose();
    if (dropped.size === fetch.length) {
      fail('BAD_INPUT', `Model ${opened.version.id} has no output to store: ${[...skipped, ...[...dropped].map(([name, why]) => ({ name, why }))].map((s) => `'${s.name}' (${s.why})`).join('; ')}.`, {
        where: { field: 'model' },
      });
    }
    options.progress?.(end, rows);
  }
  const outputs = fetch.flatMap((name) => {
    const c = collectors.get(name);
    return c ? [c.values()] : [];
  });
  return { rows, outputs, skipped: [...skipped, ...[...dropped].map(([name, why]) => ({ name, why }))] };
}

// ---- the prediction among the outputs -------------------------------------------------------------------------------

export type PickedPrediction =
  | {
      task: 'classification';
      /** the output the labels came from; null when they are the argmax of `scores` */
      labelOutput: string | null;
      /** the predicted label per row, as text (an integer label 2 as "2") */
      labels: string[];
      /** per-class scores [rows, k] (probabilities, or log-probabilities from a LogSoftmax) when the model gives them */
      scores: { output: string; width: number; values: Float64Array } | null;
      /** the class each score column stands for, read off the rows where the label is that column's argmax (null: never seen) */
      columnClasses: (string | null)[] | null;
      /** a binary classifier's score for its second class (the positive one), else null */
      positiveScore: Float64Array | null;
    }
  | { task: 'regression'; valueOutput: string; values: Float64Array };

const INTEGER_TYPES = new Set<ort.Tensor.Type>(['int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'bool']);
/** an integer output is a label only when named like one: a count or an id is not */
const LABEL_NAME = /label|class/i;
const FLOAT_TYPES = new Set<ort.Tensor.Type>(['float32', 'float64']);

/** The first output `test` accepts, preferring one whose name matches `preferred`. */
function pick(outputs: OutputValues[], test: (o: OutputValues) => boolean, preferred: RegExp): OutputValues | undefined {
  const candidates = outputs.filter(test);
  return candidates.find((o) => preferred.test(o.name)) ?? candidates[0];
}

function argmax(values: Float64Array, width: number, row: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[row * width + j] > values[row * width + best]) best = j;
  return best;
}

/**
 * Which outputs hold "the prediction": a string output with one value per row, or an integer one named like 'label'
 * or 'class', is the label (one named like 'label' first), a float output with two or more values per row the class scores (one named like 'prob'
 * first); without a label the scores' argmax is the label; without either, a float output with one value per row
 * is a regression's value.
 */
export function pickPrediction(outputs: ModelOutputs): PickedPrediction {
  const label = pick(outputs.outputs, (o) => o.width === 1 && (o.kind === 'string' || (INTEGER_TYPES.has(o.type) && LABEL_NAME.test(o.name))), /label/i);
  const scoreOutput = pick(outputs.outputs, (o) => o.kind === 'number' && FLOAT_TYPES.has(o.type) && o.width >= 2, /prob/i);
  const scores = scoreOutput?.kind === 'number' ? { output: scoreOutput.name, width: scoreOutput.width, values: scoreOutput.values } : null;
  if (label || scores) {
    const labels = label ? Array.from(label.values, (v: string | number) => String(v)) : Array.from({ length: outputs.rows }, (_, r) => String(argmax(scores!.values, scores!.width, r)));
    let columnClasses: (string | null)[] | null = null;
    if (scores) {
      const classes = new Array<string | null>(scores.width).fill(null);
      for (let r = 0; r < outputs.rows; r++) {
        const j = argmax(scores.values, scores.width, r);
        classes[j] ??= labels[r];
      }
      columnClasses = classes;
    }
    const positiveScore = scores && scores.width === 2 ? Float64Array.from({ length: outputs.rows }, (_, r) => scores.values[r * 2 + 1]) : null;
    return { task: 'classification', labelOutput: label?.name ?? null, labels, scores, columnClasses, positiveScore };
  }
  const value = pick(outputs.outputs, (o) => o.kind === 'number' && o.width === 1, /variable|predict|value|output/i);
  if (value?.kind === 'number') return { task: 'regression', valueOutput: value.name, values: value.values };
  return fail('BAD_INPUT', `None of the outputs ${outputs.outputs.map((o) => `'${o.name}'`).join(', ') || '(none)'} is a label, class scores or one value per row.`, {
    where: { field: 'model' },
  });
}
