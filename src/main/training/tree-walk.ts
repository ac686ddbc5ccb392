// Scoring rows with boosted trees: rows coded against the trees' own thresholds, then walked without a data-dependent branch.
import { fail } from '../../shared/errors';
import { HistogramKernel, KernelMemory } from './gbdt-histogram-wasm';
import type { Tree } from './model-types';

/**
 * Why codes: a float walk (`x <= threshold ? left : right`) mispredicts about every other step, which made scoring
 * cost ~50 ns a row and tree. With cuts[f] the ascending thresholds a model uses on feature f, and code(x) the count
 * of cuts below x, x <= cuts[f][j] exactly when code(x) <= j (any superset of the thresholds keeps that true), so the
 * step becomes integer arithmetic. Same leaves, so the same float64 sums in the same tree order.
 */
export const MISSING_CODE = 1 << 30;

/** One output's trees laid out for the coded walk; nodes renumbered so a split's right child follows its left one. */
export interface CodedTrees {
  roots: Int32Array;
  /** levels below the root of each tree's deepest leaf: the walk takes that many steps, leaves stepping to themselves */
  depth: Int32Array;
  /**
   * Four i32 a node (NODE_FIELDS), in one place for the walk's loads: the byte offset in a row of the feature a split
   * reads (0 for a leaf: read and ignored); the left child of a split, a leaf's own index (the right child follows the
   * left); lo and span: go right when code - lo < span as unsigned numbers. lo is one past the threshold's index in
   * the feature's cuts (0 for a NaN threshold), span reaches to MISSING_CODE, past it when missing values go right; a
   * leaf's span is 0.
   */
  nodes: Int32Array;
  value: Float64Array;
}

/** i32 fields a node of CodedTrees.nodes, and where each sits */
export const NODE_FIELDS = 4;
export const NODE = { featureByte: 0, child: 1, lo: 2, span: 3 } as const;

/** Per feature, the distinct thresholds the trees split on, ascending (a NaN threshold sends every number right: no cut). */
export function thresholdCuts(trees: readonly Tree[][], features: number): Float64Array[] {
  const sets = Array.from({ length: features }, () => new Set<number>());
  for (const tree of trees.flat()) {
    for (let i = 0; i < tree.feature.length; i++) {
      const f = tree.feature[i];
      if (f < 0) continue;
      if (f >= features) fail('BAD_INPUT', `a tree splits on feature ${f}, but the rows have ${features} features`, { where: { field: 'features' } });
      // Number(): a threshold stored as JSON null compares as 0, as it did in `x <= threshold`.
      const t = Number(tree.threshold[i]);
      if (!Number.isNaN(t)) sets[f].add(t);
    }
  }
  return sets.map((s) => Float64Array.from(s).sort());
}

/** The trees laid out against cuts; null when a threshold is not among the cuts (the caller then adds it to them). */
export function codeTrees(trees: readonly Tree[], cuts: readonly Float64Array[]): CodedTrees | null {
  const size = trees.reduce((n, t) => n + t.feature.length, 0);
  const coded: CodedTrees = { roots: new Int32Array(trees.length), depth: new Int32Array(trees.length), nodes: new Int32Array(NODE_FIELDS * size), value: new Float64Array(size) };
  const { nodes } = coded;
  let next = 0;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    coded.roots[t] = next;
    // Breadth first: [old index, new index, level]; the two children of a split take the next two free slots.
    const queue: number[][] = [[0, next++, 0]];
    for (let q = 0; q < queue.length; q++) {
      const [old, n, level] = queue[q];
      const f = tree.feature[old];
      coded.value[n] = tree.value[old];
      const at = NODE_FIELDS * n;
      if (f < 0) {
        nodes[at + NODE.child] = n;
        coded.depth[t] = Math.max(coded.depth[t], level);
        continue;
      }
      const cut = cutIndex(cuts[f], Number(tree.threshold[old]));
      if (cut === null) return null;
      nodes[at + NODE.featureByte] = 4 * f;
      nodes[at + NODE.child] = next;
      // right when cut < code, and for a missing code (MISSING_CODE, above every cut) unless missing values go left
      nodes[at + NODE.lo] = cut + 1;
      nodes[at + NODE.span] = MISSING_CODE + (tree.missingLeft[old] ? 0 : 1) - (cut + 1);
      queue.push([tree.left[old], next++, level + 1], [tree.right[old], next++, level + 1]);
    }
  }
  return coded;
}

/** The first index holding t; -1 for NaN (no number is <= NaN); null when t is not a cut. */
function cutIndex(cuts: Float64Array | undefined, t: number): number | null {
  if (Number.isNaN(t)) return -1;
  if (!cuts) return null;
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return cuts[lo] === t ? lo : null;
}

/** Rows coded and walked a block at a time: the codes stay in cache and take 4 bytes x features x BLOCK_ROWS, whatever the row count. */
const BLOCK_ROWS = 4096;

/**
 * Codes rows of a row-major matrix against cuts, in the kernel: a value's code is the count of its feature's cuts
 * below it, MISSING_CODE for NaN. The cuts are placed in the kernel memory once, each feature's padded with
 * +Infinity to 2^k - 1 slots so the search takes k halving steps with no bounds or branches; rows go through a
 * staging block of at most BLOCK_ROWS. 40,000 x 20 values against 254 cuts a feature: 22 ms as a JavaScript loop,
 * 11 ms here.
 */
class RowCoder {
  private readonly tables: number;
  private readonly halves: number;
  private readonly staging: number;

  constructor(
    private readonly memory: KernelMemory,
    private readonly kernel: HistogramKernel,
    private readonly features: number,
    cuts: readonly Float64Array[],
    /** the most rows one call codes */
    rows: number,
  ) {
    const tableAt = cuts.map((c) => {
      const count = slotsFor(c.length);
      const at = memory.alloc(8 * count);
      const slots = new Float64Array(memory.buffer, at, count);
      slots.fill(Infinity);
      slots.set(c);
      return at;
    });
    this.tables = memory.alloc(4 * features);
    new Int32Array(memory.buffer, this.tables, features).set(tableAt);
    this.halves = memory.alloc(4 * features);
    new Int32Array(memory.buffer, this.halves, features).set(cuts.map((c) => (slotsFor(c.length) + 1) / 2));
    this.staging = memory.alloc(8 * Math.min(rows, BLOCK_ROWS) * features);
  }

  /** Codes rows [from, to) of X into the i32 codes at byte `codes` of the kernel memory, (to - from) x features. */
  code(X: Float64Array, from: number, to: number, codes: number): void {
    const { features } = this;
    for (let start = from; start < to; start += BLOCK_ROWS) {
      const end = Math.min(to, start + BLOCK_ROWS);
      new Float64Array(this.memory.buffer, this.staging, (end - start) * features).set(X.subarray(start * features, end * features));
      this.kernel.codeRows(this.staging, end - start, features, this.tables, this.halves, codes + 4 * (start - from) * features);
    }
  }
}

/** slots of a feature's padded cuts: 2^k - 1, the fewest that hold them all */
function slotsFor(cuts: number): number {
  let span = 1;
  while (span <= cuts) span *= 2;
  return span - 1;
}

/** Coded trees copied into a kernel memory, where the walk kernel reads them: byte offsets, and the tree count. */
interface PlacedTrees {
  nodes: number;
  values: number;
  roots: number;
  depths: number;
  trees: number;
}

/** bytes writeTrees takes: 16 a node and 8 for its value, 8 a tree, and room to align the values */
const placedBytes = (coded: CodedTrees): number => 24 * coded.value.length + 8 * coded.roots.length + 8;

/**
 * Writes the trees at byte `at` (16-byte aligned) of the memory, as the walk kernel reads them: the nodes with their
 * children and the roots turned into byte addresses, then the roots, the depths and the values.
 */
function writeTrees(memory: KernelMemory, at: number, coded: CodedTrees): PlacedTrees {
  const nodeCount = coded.value.length;
  const trees = coded.roots.length;
  const i32 = new Int32Array(memory.buffer, at, NODE_FIELDS * nodeCount + 2 * trees);
  i32.set(coded.nodes);
  for (let n = 0; n < nodeCount; n++) i32[NODE_FIELDS * n + NODE.child] = at + 4 * NODE_FIELDS * coded.nodes[NODE_FIELDS * n + NODE.child];
  const roots = NODE_FIELDS * nodeCount;
  for (let t = 0; t < trees; t++) i32[roots + t] = at + 4 * NODE_FIELDS * coded.roots[t];
  i32.set(coded.depth, roots + trees);
  const values = Math.ceil((at + i32.byteLength) / 8) * 8;
  new Float64Array(memory.buffer, values, nodeCount).set(coded.value);
  return { nodes: at, values, roots: at + 4 * roots, depths: at + 4 * (roots + trees), trees };
}

/** the walk kernel on this thread's scoring memory (KernelMemory.forScoring, one per thread) */
let scoringKernel: HistogramKernel | null = null;

/** scores[r * stride + j] += output j's trees for each row of the row-major X, for every output j. */
export function addForestScores(forest: readonly Tree[][], X: Float64Array, rows: number, features: number, scores: Float64Array): void {
  const cuts = thresholdCuts(forest, features);
  const memory = KernelMemory.forScoring();
  scoringKernel ??= new HistogramKernel(memory.memory);
  const kernel = scoringKernel;
  // Every threshold is among the cuts made from them, so codeTrees always lays them out.
  const placed = forest.map((trees) => {
    const coded = codeTrees(trees, cuts) ?? fail('INTERNAL', 'a tree threshold is missing from the cuts made from the trees');
    return writeTrees(memory, memory.alloc(placedBytes(coded)), coded);
  });
  const outputs = forest.length;
  const coder = new RowCoder(memory, kernel, features, cuts, rows);
  const blockRows = Math.min(rows, BLOCK_ROWS);
  const codesAt = memory.alloc(4 * blockRows * features);
  const scoresAt = memory.alloc(8 * blockRows * outputs);
  const blockScores = new Float64Array(memory.buffer, scoresAt, blockRows * outputs);
  for (let from = 0; from < rows; from += BLOCK_ROWS) {
    const to = Math.min(rows, from + BLOCK_ROWS);
    coder.code(X, from, to, codesAt);
    const span = scores.subarray(from * outputs, to * outputs);
    blockScores.set(span);
    placed.forEach((trees, j) => kernel.walk({ codes: codesAt, features, rows: to - from, ...trees, scores: scoresAt + 8 * j, stride: 8 * outputs }));
    span.set(blockScores.subarray(0, span.length));
  }
}

/**
 * Rows coded once and scored by trees added one at a time (the boosting loop's validation rows), in a fit's kernel
 * memory with their scores. Cuts start as the caller's (the training bin edges, where the trees' thresholds come
 * from); a tree with a threshold not among them adds its thresholds and the rows are coded again, so any tree scores
 * exactly.
 */
export class CodedRows {
  /** rows x outputs, row-major, in the kernel memory: void once the memory's next fit starts */
  readonly scores: Float64Array;
  private cuts: Float64Array[];
  private readonly codesAt: number;
  /** where the last tree was placed; the next one goes there too when it fits (a kernel memory is not freed within a fit) */
  private treeBlock: { at: number; bytes: number } | null = null;

  constructor(
    private readonly X: Float64Array,
    private readonly rows: number,
    private readonly features: number,
    cuts: readonly Float64Array[],
    private readonly outputs: number,
    private readonly memory: KernelMemory,
    private readonly kernel: HistogramKernel,
  ) {
    this.cuts = [...cuts];
    this.codesAt = memory.alloc(4 * rows * features);
    const scoresAt = memory.alloc(8 * rows * outputs);
    this.scores = new Float64Array(memory.buffer, scoresAt, rows * outputs);
    new RowCoder(memory, kernel, features, this.cuts, rows).code(X, 0, rows, this.codesAt);
  }

  /** scores[r * outputs + output] += the tree's leaf value for each row. */
  addTreeScores(tree: Tree, output: number): void {
    let coded = codeTrees([tree], this.cuts);
    if (!coded) {
      const added = thresholdCuts([[tree]], this.features);
      this.cuts = this.cuts.map((cuts, f) => Float64Array.from(new Set([...cuts, ...added[f]])).sort());
      new RowCoder(this.memory, this.kernel, this.features, this.cuts, this.rows).code(this.X, 0, this.rows, this.codesAt);
      coded = codeTrees([tree], this.cuts) ?? fail('INTERNAL', "a tree threshold is missing from cuts that were just given the tree's thresholds");
    }
    this.kernel.walk({ codes: this.codesAt, features: this.features, rows: this.rows, ...this.placed(coded), scores: this.scores.byteOffset + 8 * output, stride: 8 * this.outputs });
  }

  private placed(coded: CodedTrees): PlacedTrees {
    const bytes = placedBytes(coded);
    if (!this.treeBlock || this.treeBlock.bytes < bytes) this.treeBlock = { at: this.memory.alloc(2 * bytes), bytes: 2 * bytes };
    return writeTrees(this.memory, this.treeBlock.at, coded);
  }
}
