// Grows one regression tree on gradients, leaf-wise (best gain first) as sklearn 1.2's TreeGrower does, reusing all buffers across trees.
import { BINS_PER_FEATURE, type BinnedFeatures } from './gbdt-binning';
import { histogramLength, SLOT } from './gbdt-histogram';
import type { HistogramThreads } from './gbdt-histogram-threads';
import { HistogramKernel, type HistogramTask } from './gbdt-histogram-wasm';
import { addLeafValues, type LeafValues } from './gbdt-leaf-values';
import { emptySplit, findBestSplit, type SplitChoice } from './gbdt-split';
import type { Tree } from './model-types';

export interface GrowerSettings {
  maxLeafNodes: number;
  /** depth of the deepest split + 1 allowed; Infinity for none */
  maxDepth: number;
  minSamplesLeaf: number;
  l2Regularization: number;
  learningRate: number;
}

/** sklearn's min_hessian_to_split, here to refuse splitting a node whose two children could not both reach it. */
const MIN_HESSIAN = 1e-3;
/**
 * Threshold of a split that sends every value left and only missing values right; finite so the model survives
 * JSON. A +Infinity input would go right at prediction although it went left in training: numeric steps impute it away.
 */
const ALL_VALUES_LEFT = Number.MAX_VALUE;

/** A histogram block in the kernel memory: its byte offset for the kernel, its view for the split search. */
interface Histogram {
  at: number;
  values: Float64Array;
}

/** A node still open: its rows are idx[start..end). */
interface OpenNode {
  id: number;
  start: number;
  end: number;
  depth: number;
  grad: number;
  hess: number;
  hist: Histogram | null;
  split: SplitChoice;
}

export class TreeGrower {
  /** row indices, rearranged in place so that every node's rows are one contiguous, ascending run */
  private readonly idx: Uint32Array;
  private readonly idxAt: number;
  private readonly identity: Uint32Array;
  /** where the partition kernel parks a node's right rows */
  private readonly scratchAt: number;
  private readonly histPool: Histogram[] = [];
  /** the kernels on the fit's kernel memory, for this thread */
  readonly kernel: HistogramKernel;
  /** leaves of the last grown tree: their node ids and row ranges, to add leaf values to the training scores */
  private leafIds: number[] = [];
  private leafStarts: number[] = [];
  private leafEnds: number[] = [];
  private tree: Tree = emptyTree();

  constructor(
    private readonly data: BinnedFeatures,
    private readonly settings: GrowerSettings,
    /** other threads that build histograms with this one; null: this thread builds them alone */
    private readonly threads: HistogramThreads | null = null,
  ) {
    const n = data.rows;
    this.identity = new Uint32Array(n);
    for (let i = 0; i < n; i++) this.identity[i] = i;
    // In the kernel's memory, so the kernel on every histogram thread reads the node's rows and gradients where the grower wrote them.
    const { memory } = data;
    this.idxAt = memory.alloc(4 * n);
    this.idx = new Uint32Array(memory.buffer, this.idxAt, n);
    this.scratchAt = memory.alloc(4 * n);
    this.kernel = new HistogramKernel(memory.memory);
    threads?.useMemory(memory.memory);
  }

  /**
   * Grows a tree on per-row gradients and hessians, f32 pairs [g0, h0, g1, h1, ...] at byte offset `gradHess` of the
   * kernel memory (data.memory), where the trainer wrote them; adds each split's gain to gainByFeature.
   */
  grow(gradHess: number, gainByFeature: Float64Array): Tree {
    const { maxLeafNodes } = this.settings;
    this.tree = emptyTree();
    this.leafIds = [];
    this.leafStarts = [];
    this.leafEnds = [];
    this.idx.set(this.identity);
    const rootHist = this.takeHistogram();
    this.build(null, 0, this.data.rows, gradHess, rootHist, null);
    // Every row lands in one bin of feature 0, so its bins sum to the root's totals without another pass over the rows.
    let g = 0;
    let h = 0;
    for (let b = 0; b < BINS_PER_FEATURE * SLOT; b += SLOT) {
      g += rootHist.values[b];
      h += rootHist.values[b + 1];
    }
    const root = this.openNode(0, this.data.rows, 0, g, h);
    root.hist = rootHist;
    const candidates: OpenNode[] = [];
    if (this.splittable(root)) this.considerSplit(root, candidates);
    else this.closeLeaf(root);

    let leaves = 1;
    while (candidates.length > 0) {
      const node = takeBest(candidates);
      const [left, right] = this.applySplit(node, gainByFeature);
      leaves++;
      if (leaves >= maxLeafNodes) {
        this.releaseHistogram(node.hist);
        this.closeLeaf(left);
        this.closeLeaf(right);
        for (const c of candidates) this.closeLeaf(c);
        break;
      }
      const splitLeft = this.splittable(left);
      const splitRight = this.splittable(right);
      if (splitLeft || splitRight) {
        // Build the smaller child from its rows; the larger one is the parent minus it, at no cost per row.
        const leftSmaller = left.end - left.start <= right.end - right.start;
        const small = leftSmaller ? left : right;
        const large = leftSmaller ? right : left;
        small.hist = this.takeHistogram();
        this.build(this.idxAt, small.start, small.end, gradHess, small.hist, node.hist);
        large.hist = node.hist;
      } else this.releaseHistogram(node.hist);
      node.hist = null;
      if (splitLeft) this.considerSplit(left, candidates);
      else this.closeLeaf(left);
      if (splitRight) this.considerSplit(right, candidates);
      else this.closeLeaf(right);
    }
    return this.tree;
  }

  /**
   * The histogram of the rows idx[start..end) (start..end themselves when idx is null) from the gradients of all rows
   * at `gradients`, then subtracted from `minuend` when given.
   */
  private build(idx: number | null, start: number, end: number, gradients: number, hist: Histogram, minuend: Histogram | null): void {
    const { codesAt, byColumnAt, rows, features } = this.data;
    const task: HistogramTask = { codes: codesAt, byColumn: byColumnAt, rows, features, idx, start, end, gradients, hist: hist.at, minuend: minuend?.at ?? null, fromFeature: 0, toFeature: features };
    if (this.threads) this.threads.build(this.kernel, task);
    else this.kernel.build(task);
  }

  /**
   * The last tree's leaves, to add their values to the f64 scores[row * stride + offset] at byte offset `scores` of the
   * kernel memory; valid until the next grow() rearranges the rows.
   */
  leafValues(scores: number, stride: number, offset: number): LeafValues {
    const values = this.leafIds.map((id) => this.tree.value[id]);
    return { rows: this.idxAt, starts: this.leafStarts, ends: this.leafEnds, values, scores, stride, offset };
  }

  /** Adds leafValues() of the last tree to every row's scores, on this thread. */
  addLeafValues(leaves: LeafValues): void {
    addLeafValues(this.kernel, this.idx, leaves, 0, this.data.rows);
  }

  private splittable(node: OpenNode): boolean {
    const { maxDepth, minSamplesLeaf } = this.settings;
    return node.depth < maxDepth && node.end - node.start >= 2 * minSamplesLeaf && node.hess >= 2 * MIN_HESSIAN;
  }

  private considerSplit(node: OpenNode, candidates: OpenNode[]): void {
    findBestSplit(this.data, node.hist!.values, node.grad, node.hess, node.end - node.start, this.settings, node.split);
    if (node.split.gain > 0) candidates.push(node);
    else this.closeLeaf(node);
  }

  /** Partitions the node's rows (stable, so each child's indices stay ascending and read the code columns forwards) and records the split. */
  private applySplit(node: OpenNode, gainByFeature: Float64Array): [OpenNode, OpenNode] {
    const { feature, bin, missingLeft, gradLeft, hessLeft, countLeft } = node.split;
    const { byColumnAt, rows, thresholds, nonMissingBins, hasMissing } = this.data;
    const l = this.kernel.partition(byColumnAt + feature * rows, bin, missingLeft, this.idxAt, node.start, node.end, this.scratchAt);
    const mid = node.start + countLeft;
    if (l !== mid) throw new Error(`histogram and partition disagree: ${l - node.start} vs ${countLeft} rows left`);

    const left = this.openNode(node.start, mid, node.depth + 1, gradLeft, hessLeft);
    const right = this.openNode(mid, node.end, node.depth + 1, node.grad - gradLeft, node.hess - hessLeft);
    const t = this.tree;
    t.feature[node.id] = feature;
    t.threshold[node.id] = bin < nonMissingBins[feature] - 1 ? thresholds[feature][bin] : ALL_VALUES_LEFT;
    t.left[node.id] = left.id;
    t.right[node.id] = right.id;
    // A feature never missing in training sends missing values where most rows went, as sklearn does.
    t.missingLeft[node.id] = hasMissing[feature] === 1 ? missingLeft : countLeft >= node.end - node.start - countLeft;
    gainByFeature[feature] += node.split.gain;
    return [left, right];
  }

  private openNode(start: number, end: number, depth: number, grad: number, hess: number): OpenNode {
    const t = this.tree;
    const id = t.feature.length;
    t.feature.push(-1);
    t.threshold.push(0);
    t.left.push(-1);
    t.right.push(-1);
    t.missingLeft.push(false);
    t.value.push(0);
    return { id, start, end, depth, grad, hess, hist: null, split: emptySplit() };
  }

  /** Records the leaf's value and returns its histogram to the pool (blocks of the kernel memory are never freed). */
  private closeLeaf(node: OpenNode): void {
    this.releaseHistogram(node.hist);
    node.hist = null;
    const { l2Regularization, learningRate } = this.settings;
    // sklearn's compute_node_value: the 1e-15 keeps an all-zero-hessian leaf finite.
    this.tree.value[node.id] = (-node.grad / (node.hess + l2Regularization + 1e-15)) * learningRate;
    this.leafIds.push(node.id);
    this.leafStarts.push(node.start);
    this.leafEnds.push(node.end);
  }

  private takeHistogram(): Histogram {
    const pooled = this.histPool.pop();
    if (pooled) return pooled;
    const { memory, features } = this.data;
    const length = histogramLength(features);
    const at = memory.alloc(8 * length);
    return { at, values: new Float64Array(memory.buffer, at, length) };
  }

  private releaseHistogram(hist: Histogram | null): void {
    if (hist) this.histPool.push(hist);
  }
}

function emptyTree(): Tree {
  return { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [] };
}

/** Removes and returns the candidate with the largest gain (first one on ties); a tree has at most a few dozen. */
function takeBest(candidates: OpenNode[]): OpenNode {
  let best = 0;
  for (let i = 1; i < candidates.length; i++) if (candidates[i].split.gain > candidates[best].split.gain) best = i;
  return candidates.splice(best, 1)[0];
}
