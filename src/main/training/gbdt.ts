// Histogram gradient-boosted trees like scikit-learn 1.2's HistGradientBoosting{Classifier,Regressor}: the boosting loop, early stopping and progress.
import { fail } from '../../shared/errors';
import { binFeatures } from './gbdt-binning';
import { baselineScores, lossAndGradients, outputsFor, sampledLoss, sumLossTerms, type Labels } from './gbdt-loss';
import { fillGradientBlock, HistogramThreads } from './gbdt-histogram-threads';
import type { KernelMemory } from './gbdt-histogram-wasm';
import type { LeafValues } from './gbdt-leaf-values';
import { TreeGrower } from './gbdt-tree-grower';
import { CodedRows } from './tree-walk';
import type { ModelBody, Task, TrainerHooks, Tree } from './model-types';

/**
 * Training loss is reported on every k-th row beyond this many, as sklearn scores its training loss on a 10,000-row
 * subsample: exact for small tables, and cheap for large ones, where each sampled row costs a log1p (about 18 ns) a
 * round (with 100,000 here, a study's 120,000-row trial sampled every second row and paid 0.11 s of its 1.6 s for
 * it). The rows are the same every round, so the curve stays smooth; it sits within about 0.01 of the full mean
 * (gbdt.test.ts).
 */
export const TRAIN_LOSS_SAMPLE_ROWS = 10_000;

export interface GbdtParams {
  maxIter: number;
  learningRate: number;
  maxLeafNodes: number;
  /** null: no limit, as sklearn's None */
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  /** value bins per feature, at most 255 (one more holds missing values) */
  maxBins: number;
  /** stop when the validation loss has not improved by tol for nIterNoChange rounds; needs a validation set */
  earlyStopping: boolean;
  nIterNoChange: number;
  tol: number;
}

export const GBDT_DEFAULTS: GbdtParams = {
  maxIter: 100,
  learningRate: 0.1,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  earlyStopping: false,
  nIterNoChange: 10,
  tol: 1e-7,
};

/** How the fit runs, not what it learns: the same inputs give the same trees whatever these say. */
export interface GbdtOptions {
  /** threads that build histograms (feature blocks split between them); 1, the default, stays on the calling thread */
  threads?: number;
  /** keep this fit's binning thresholds on this thread and reuse the last kept ones for equal samples (a study's trials) */
  keepBinning?: boolean;
}

/** Held-out rows, row-major like X, with labels coded as for training. */
export interface GbdtValidation {
  X: Float64Array;
  rows: number;
  y: Labels;
}

export interface GbdtResult {
  body: ModelBody;
  /** total split gain per feature, summing to 1 (all zeros when no tree split) */
  featureImportance: Float64Array;
  /** raw scores of the training rows (rows x outputs, row-major) as boosting left them; predictScores() on X gives the same numbers */
  trainScores: Float64Array;
  /** the same for the validation rows, null without them: predictScores() on them gives the same numbers */
  validationScores: Float64Array | null;
}

/**
 * Fits boosted trees to the row-major matrix X (NaN = missing). y holds class indices (0..classes-1) for
 * classifiers and targets for regression. Reports train_loss (and val_loss) per round through hooks.onStep.
 */
export function trainGbdt(
  X: Float64Array,
  rows: number,
  features: number,
  y: Labels,
  task: Task,
  classes: number,
  params: Partial<GbdtParams> = {},
  hooks: TrainerHooks = {},
  heldOut?: GbdtValidation,
  options: GbdtOptions = {},
): GbdtResult {
  const p: GbdtParams = { ...GBDT_DEFAULTS, ...params };
  const validation = heldOut && heldOut.rows > 0 ? heldOut : undefined;
  if (rows < 1 || X.length !== rows * features || y.length !== rows) fail('BAD_INPUT', `X must be ${rows} x ${features} with ${rows} labels`);
  const { threads = 1 } = options;
  if (!Number.isInteger(threads) || threads < 1) fail('BAD_INPUT', `threads must be a whole number >= 1, got ${threads}`, { where: { field: 'threads' } });
  if (p.earlyStopping && !validation) fail('BAD_INPUT', 'early stopping watches the validation loss, so it needs a validation set');
  const outputs = outputsFor(task, classes);

  // The threads come up while the features are binned, and code values too once they are up.
  const pool = HistogramThreads.launch(rows * features, features, threads);
  try {
    const data = binFeatures(X, rows, features, p.maxBins, { threads: pool, keep: options.keepBinning });
    const histogramThreads = pool?.waitReady() ? pool : null;
    const grower = new TreeGrower(data, {
      maxLeafNodes: p.maxLeafNodes,
      maxDepth: p.maxDepth ?? Infinity,
      minSamplesLeaf: p.minSamplesLeaf,
      l2Regularization: p.l2Regularization,
      learningRate: p.learningRate,
    }, histogramThreads);
    const base = baselineScores(task, y, rows, outputs);
    const trees: Tree[][] = base.map(() => []);
    // In the kernel memory, where the leaf-value kernel adds to them and the threads that fill the gradients read them.
    const scoresAt = data.memory.alloc(8 * rows * outputs);
    const scores = fillBase(new Float64Array(data.memory.buffer, scoresAt, rows * outputs), base);
    // Binary gradients come from the kernel on any number of threads; a one-thread fit of another task keeps the JS
    // pass that shares each row's exp between its gradient and its loss.
    const kernelGradients = histogramThreads !== null || task === 'binary';
    const labels = kernelGradients ? kernelLabels(data.memory, y, rows) : null;
    // In the kernel memory too, where the walk kernel adds each tree's leaf values to their scores.
    const valRows = validation ? new CodedRows(validation.X, validation.rows, features, data.thresholds, outputs, data.memory, grower.kernel) : null;
    const valScores = valRows ? fillBase(valRows.scores, base) : null;
    // A binary fit's validation loss comes from the kernel's loss terms, the same numbers as lossAndGradients'.
    const valLabels = validation && task === 'binary' ? kernelLabels(data.memory, validation.y, validation.rows) : null;
    const valTerms = validation && valLabels ? kernelFloats(data.memory, validation.rows) : null;
    const valLoss = (): number => {
      if (!validation || !valScores) return NaN;
      if (!valLabels || !valTerms) return lossAndGradients(task, valScores, validation.y, validation.rows, outputs, null);
      grower.kernel.binaryLossTerms(valScores.byteOffset, valLabels.byteOffset, 1, valTerms.byteOffset, 0, validation.rows);
      return sumLossTerms(valTerms);
    };
    // In the kernel memory, where the grower's kernels and the histogram threads read them in place (no copy a tree).
    const gradHessAt = data.memory.alloc(8 * rows * outputs);
    const gradHess = new Float32Array(data.memory.buffer, gradHessAt, 2 * rows * outputs);
    const lossStride = Math.ceil(rows / TRAIN_LOSS_SAMPLE_ROWS);
    const lossTerms = kernelGradients ? kernelFloats(data.memory, Math.ceil(rows / lossStride)) : null;
    const gain = new Float64Array(features);
    const valLosses = [valLoss()];
    /**
     * Adds the leaf values of the round's tree when given, then gives the training loss, and the next round's gradients
     * unless it is the last round; the same numbers on any threads.
     */
    const trainPass = (gradients: boolean, leaves: LeafValues | null): number => {
      if (!gradients || !labels || !lossTerms) {
        if (leaves) grower.addLeafValues(leaves);
        return gradients ? lossAndGradients(task, scores, y, rows, outputs, gradHess, lossStride) : sampledLoss(task, scores, y, rows, outputs, lossStride);
      }
      const job = { task, scores, y: labels, rows, outputs, gradHess, lossStride, lossTerms, leaves };
      // One thread's binary pass too: the kernel's gradients (its exp two rows at a time), then the sampled rows' loss
      // apart, the same bits as the fused JS pass; a 120,000 x 20 fit of 100 rounds (a study's trial) 970 -> 835-870 ms of CPU.
      if (histogramThreads) histogramThreads.gradients(grower.kernel, job);
      else fillGradientBlock({ kind: 'gradients', ...job }, 0, 1, grower.kernel);
      return sumLossTerms(lossTerms);
    };

    trainPass(true, null);
    for (let round = 1; round <= p.maxIter; round++) {
      hooks.checkCancelled?.();
      // With one tree a round, its leaf values wait for the gradients pass, where each thread adds its own rows'.
      // Each of several trees (multiclass) adds its own at once: the next tree's growing rearranges the rows.
      let leaves: LeafValues | null = null;
      for (let k = 0; k < outputs; k++) {
        const tree = grower.grow(gradHessAt + 8 * k * rows, gain);
        leaves = grower.leafValues(scoresAt, outputs, k);
        if (outputs > 1) {
          grower.addLeafValues(leaves);
          leaves = null;
        }
        valRows?.addTreeScores(tree, k);
        trees[k].push(tree);
      }
      valLosses.push(valLoss());
      const last = round === p.maxIter || (p.earlyStopping && noRecentImprovement(valLosses, p.nIterNoChange, p.tol));
      // The pass that reports this round's training loss also yields the next round's gradients.
      const trainLoss = trainPass(!last, leaves);
      hooks.onStep?.({ step: round, metrics: validation ? { train_loss: trainLoss, val_loss: valLosses[round] } : { train_loss: trainLoss } });
      if (last) break;
    }

    let totalGain = 0;
    for (const v of gain) totalGain += v;
    if (totalGain > 0) for (let f = 0; f < features; f++) gain[f] /= totalGain;
    // Copied out of the kernel memory, which the thread's next fit reuses.
    return { body: { kind: 'trees', base, trees }, featureImportance: gain, trainScores: scores.slice(), validationScores: valScores?.slice() ?? null };
  } finally {
    pool?.close();
  }
}

/** A new block of `count` f64 in the kernel memory (allocated before the view: the allocation may grow the memory). */
function kernelFloats(memory: KernelMemory, count: number): Float64Array {
  const at = memory.alloc(8 * count);
  return new Float64Array(memory.buffer, at, count);
}

/** The labels as f64 in the kernel memory, where the histogram threads and the kernel's gradients and losses read them. */
function kernelLabels(memory: KernelMemory, y: Labels, rows: number): Float64Array {
  const values = kernelFloats(memory, rows);
  for (let r = 0; r < rows; r++) values[r] = y[r];
  return values;
}

/** Sets every row's scores (base.length a row) to the baseline; returns them. */
function fillBase(scores: Float64Array, base: number[]): Float64Array {
  const rows = scores.length / base.length;
  for (let r = 0; r < rows; r++) for (let k = 0; k < base.length; k++) scores[r * base.length + k] = base[k];
  return scores;
}

/**
 * sklearn's _should_stop on losses (the baseline's included): stop when none of the last n rounds beat the
 * loss n + 1 rounds back by more than tol.
 */
function noRecentImprovement(losses: number[], n: number, tol: number): boolean {
  if (losses.length < n + 1) return false;
  const reference = losses[losses.length - n - 1];
  for (let i = losses.length - n; i < losses.length; i++) if (losses[i] < reference - tol) return false;
  return true;
}
