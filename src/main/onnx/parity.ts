// Scores columns with the exported file in onnxruntime and with the app's own predictor, and reports how far they differ.
import * as ort from 'onnxruntime-node';
import { fail } from '../../shared/errors';
import type { FeatureColumn, TrainedModel } from '../training/model-types';
import { argmaxRows, predictMatrix } from '../training/predict';
import { transform } from '../training/preprocess';
import { OUTPUT_NAMES } from './output-nodes';

export interface ParityReport {
  /** every row within tolerance and every label equal */
  ok: boolean;
  /** largest |onnx - in-process| over all probabilities (classifiers) or values (regression) */
  maxAbsDiff: number;
  rows: number;
  labelMismatches: number;
}

/**
 * One onnxruntime thread: the check runs in a job thread that already has a core (a study runs a trial per core), and
 * the default pool of a thread per core spins while it waits, which doubled the check's CPU (40,000 rows, 100 trees:
 * 248 -> 127 ms, and less wall time on a busy 2-core machine). It also keeps the figure the same on any machine: a
 * pool sums small batches' trees in per-thread parts.
 */
const CHECK_SESSION: ort.InferenceSession.SessionOptions = { intraOpNumThreads: 1, interOpNumThreads: 1 };

/** Rows per onnxruntime call: bounds the token tensors of text columns without slowing numeric models. */
export const BATCH_ROWS = 8192;
/**
 * Cells of a batch's widest tensor: the TF-IDF graph computes [rows, vocabulary] doubles several times over, so a wide
 * text model takes fewer rows a call (8,192 rows of a 2,000-term vocabulary cost ~380 MB; 2M cells cost ~50 MB).
 */
const CELLS_PER_BATCH = 2_000_000;

/** Rows per call for this model: BATCH_ROWS, or fewer when its TF-IDF vocabularies make each row wide. */
export function batchRowsFor(model: TrainedModel): number {
  const width = model.preprocessor.steps.reduce((sum, step) => sum + (step.kind === 'tfidf' ? step.vocabulary.length : 0), 0);
  return width === 0 ? BATCH_ROWS : Math.max(64, Math.min(BATCH_ROWS, Math.floor(CELLS_PER_BATCH / width)));
}

export function sliceColumn(col: FeatureColumn, start: number, end: number): FeatureColumn {
  return col.kind === 'numeric' ? { ...col, values: col.values.subarray(start, end) } : { ...col, values: col.values.slice(start, end) };
}

/** A column as the file takes it: the declared number type, or strings with "" for missing. */
export function feed(col: FeatureColumn, meta: ort.InferenceSession.ValueMetadata): ort.Tensor {
  const dims = [col.values.length, 1];
  if (col.kind === 'numeric') {
    const type = meta.isTensor ? meta.type : undefined;
    return type === 'float64' ? new ort.Tensor('float64', col.values, dims) : new ort.Tensor('float32', Float32Array.from(col.values), dims);
  }
  return new ort.Tensor('string', col.values.map((v) => v ?? ''), dims);
}

/** |a - b|, where two NaNs agree and one NaN is an unbounded difference. */
function difference(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(a - b);
}

/**
 * Classifiers pass when every probability is within `tolerance` and every label agrees. Regression values leave the
 * file as float32, whose spacing exceeds 1e-5 above 128, so they pass when within tolerance * max(1, |value|).
 * `inProcess`: the app's outputs on these rows (predictMatrix of the transformed columns, row-major), when the caller
 * already has them (the train pipeline scored the validation rows to evaluate them); else they are computed here.
 */
export async function checkParity(model: TrainedModel, onnxBytes: Uint8Array, columns: FeatureColumn[], tolerance = 1e-5, inProcess?: Float64Array): Promise<ParityReport> {
  const session = await ort.InferenceSession.create(onnxBytes, CHECK_SESSION);
  try {
    const byName = new Map(columns.map((c) => [c.name, c]));
    const inputs = session.inputMetadata.map((meta) => {
      const col = byName.get(meta.name);
      if (!col) fail('BAD_INPUT', `The column '${meta.name}' the model was trained on is missing.`, { where: { field: meta.name } });
      return { col, meta };
    });
    const total = inputs[0].col.values.length;
    const width = inProcess && total > 0 ? inProcess.length / total : 0;
    if (inProcess && !Number.isInteger(width)) {
      fail('INTERNAL', `The app's ${inProcess.length} outputs do not split evenly over the ${total} rows the ONNX check scores.`);
    }
    let maxAbsDiff = 0;
    let labelMismatches = 0;
    let within = true;
    const step = batchRowsFor(model);
    for (let start = 0; start < total; start += step) {
      const end = Math.min(total, start + step);
      const batch = inputs.map(({ col, meta }) => ({ col: sliceColumn(col, start, end), meta }));
      const rows = end - start;
      const expected = inProcess ? inProcess.subarray(start * width, end * width) : predictMatrix(model, transform(model.preprocessor, batch.map((b) => b.col)));
      const result = await session.run(Object.fromEntries(batch.map(({ col, meta }) => [meta.name, feed(col, meta)])));
      const regression = model.task === 'regression';
      const actual = result[regression ? OUTPUT_NAMES.variable : OUTPUT_NAMES.probabilities].data as Float32Array;
      if (actual.length !== expected.length) {
        fail('INTERNAL', `The ONNX file gave ${actual.length} values for ${rows} rows, the app ${expected.length}.`);
      }
      for (let i = 0; i < expected.length; i++) {
        const d = difference(actual[i], expected[i]);
        maxAbsDiff = Math.max(maxAbsDiff, d);
        if (!(d <= tolerance * (regression ? Math.max(1, Math.abs(expected[i])) : 1))) within = false;
      }
      if (!regression) {
        const labels = result[OUTPUT_NAMES.label].data as string[];
        const best = argmaxRows(expected, rows);
        for (let r = 0; r < rows; r++) if (labels[r] !== model.classes![best[r]]) labelMismatches++;
      }
    }
    return { ok: within && labelMismatches === 0, maxAbsDiff, rows: total, labelMismatches };
  } finally {
    await session.release();
  }
}
