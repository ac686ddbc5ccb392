// Scoring rows with boosted trees: rows coded against the trees' own thresholds, then walked without a data-dependent branch.
import { fail } from '../../shared/errors';
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
  /** the feature a split reads; 0 for a leaf (read and ignored) */
  feature: Int32Array;
  /** the left child of a split; a leaf's own index */
  child: Int32Array;
  /** the threshold's index in the feature's cuts (go right when code > cut); MISSING_CODE for a leaf, -1 for a NaN threshold */
  cut: Int32Array;
  /** 1 where missing values go left */
  missingLeft: Int32Array;
  value: Float64Array;
}

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

/** The trees laid out against cuts; null when a threshold is not among the cuts (the caller then walks values). */
export function codeTrees(trees: readonly Tree[], cuts: readonly Float64Array[]): CodedTrees | null {
  const size = trees.reduce((n, t) => n + t.feature.length, 0);
  const coded: CodedTrees = {
    roots: new Int32Array(trees.length),
    depth: new Int32Array(trees.length),
    feature: new Int32Array(size),
    child: new Int32Array(size),
    cut: new Int32Array(size),
    missingLeft: new Int32Array(size),
    value: new Float64Array(size),
  };
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
      if (f < 0) {
        coded.child[n] = n;
        coded.cut[n] = MISSING_CODE;
        coded.depth[t] = Math.max(coded.depth[t], level);
        continue;
      }
      const cut = cutIndex(cuts[f], Number(tree.threshold[old]));
      if (cut === null) return null;
      coded.feature[n] = f;
      coded.cut[n] = cut;
      coded.missingLeft[n] = tree.missingLeft[old] ? 1 : 0;
      coded.child[n] = next;
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

/** Codes rows [from, to) of the row-major X into out (row-major, (to - from) x features): the count of cuts below each value. */
export function codeRows(X: Float64Array, from: number, to: number, features: number, cuts: readonly Float64Array[], out: Int32Array): void {
  for (let f = 0; f < features; f++) {
    // Padded with +Infinity to 2^k - 1 slots, so the search takes k halving steps with no bounds or branches.
    let span = 1;
    while (span <= cuts[f].length) span *= 2;
    const slots = new Float64Array(span - 1).fill(Infinity);
    slots.set(cuts[f]);
    for (let r = from, i = f; r < to; r++, i += features) {
      const x = X[r * features + f];
      let p = 0;
      for (let s = span >> 1; s >= 1; s >>= 1) p += s & -(slots[p + s - 1] < x);
      out[i] = x !== x ? MISSING_CODE : p;
    }
  }
}

/**
 * scores[(from + r) * stride + offset] += each tree's leaf value for coded row r, tree after tree. Four rows go
 * through a tree side by side, so the CPU overlaps their chains of dependent loads; the four are written out
 * rather than looped over because that is what lets V8 keep them in registers.
 */
export function addCodedTreeScores(trees: CodedTrees, codes: Int32Array, rows: number, features: number, scores: Float64Array, from: number, stride: number, offset: number): void {
  const { roots, depth, feature, child, cut, missingLeft, value } = trees;
  const count = roots.length;
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const o0 = r * features;
    const o1 = o0 + features;
    const o2 = o1 + features;
    const o3 = o2 + features;
    const at = (from + r) * stride + offset;
    let s0 = scores[at];
    let s1 = scores[at + stride];
    let s2 = scores[at + 2 * stride];
    let s3 = scores[at + 3 * stride];
    for (let t = 0; t < count; t++) {
      let n0 = roots[t];
      let n1 = n0;
      let n2 = n0;
      let n3 = n0;
      for (let d = depth[t]; d > 0; d--) {
        const c0 = codes[o0 + feature[n0]];
        const c1 = codes[o1 + feature[n1]];
        const c2 = codes[o2 + feature[n2]];
        const c3 = codes[o3 + feature[n3]];
        n0 = child[n0] + step(cut[n0], c0, missingLeft[n0]);
        n1 = child[n1] + step(cut[n1], c1, missingLeft[n1]);
        n2 = child[n2] + step(cut[n2], c2, missingLeft[n2]);
        n3 = child[n3] + step(cut[n3], c3, missingLeft[n3]);
      }
      s0 += value[n0];
      s1 += value[n1];
      s2 += value[n2];
      s3 += value[n3];
    }
    scores[at] = s0;
    scores[at + stride] = s1;
    scores[at + 2 * stride] = s2;
    scores[at + 3 * stride] = s3;
  }
  for (; r < rows; r++) {
    const o = r * features;
    const at = (from + r) * stride + offset;
    let s = scores[at];
    for (let t = 0; t < count; t++) {
      let n = roots[t];
      for (let d = depth[t]; d > 0; d--) n = child[n] + step(cut[n], codes[o + feature[n]], missingLeft[n]);
      s += value[n];
    }
    scores[at] = s;
  }
}

/**
 * 1 to go right, 0 to go left: right when code > cut (the sign bit of cut - code), flipped for a missing code where
 * missing values go left. A leaf's cut, MISSING_CODE, is never below a code, so a leaf stays where it is.
 */
function step(cut: number, code: number, missingLeft: number): number {
  return ((cut - code) >>> 31) ^ (missingLeft & (code >>> 30));
}

/** Rows coded and walked a block at a time: the codes stay in cache and take 4 bytes x features x BLOCK_ROWS, whatever the row count. */
const BLOCK_ROWS = 4096;

/** scores[r * stride + j] += output j's trees for each row of the row-major X, for every output j. */
export function addForestScores(forest: readonly Tree[][], X: Float64Array, rows: number, features: number, scores: Float64Array): void {
  const cuts = thresholdCuts(forest, features);
  // Every threshold is among the cuts made from them, so codeTrees always lays them out.
  const coded = forest.map((trees) => codeTrees(trees, cuts) ?? fail('INTERNAL', 'a tree threshold is missing from the cuts made from the trees'));
  const codes = new Int32Array(Math.min(rows, BLOCK_ROWS) * features);
  for (let from = 0; from < rows; from += BLOCK_ROWS) {
    const to = Math.min(rows, from + BLOCK_ROWS);
    codeRows(X, from, to, features, cuts, codes);
    coded.forEach((trees, j) => addCodedTreeScores(trees, codes, to - from, features, scores, from, forest.length, j));
  }
}

/**
 * Rows coded once and scored by trees added one at a time (the boosting loop's validation rows). Cuts start as the
 * caller's (the training bin edges, where the trees' thresholds come from); a tree with a threshold not among them
 * adds its thresholds and the rows are coded again, so any tree scores exactly.
 */
export class CodedRows {
  private cuts: Float64Array[];
  private readonly codes: Int32Array;

  constructor(private readonly X: Float64Array, private readonly rows: number, private readonly features: number, cuts: readonly Float64Array[]) {
    this.cuts = [...cuts];
    this.codes = new Int32Array(rows * features);
    codeRows(X, 0, rows, features, this.cuts, this.codes);
  }

  /** scores[r * stride + offset] += the tree's leaf value for each row. */
  addTreeScores(tree: Tree, scores: Float64Array, stride: number, offset: number): void {
    let coded = codeTrees([tree], this.cuts);
    if (!coded) {
      const added = thresholdCuts([[tree]], this.features);
      this.cuts = this.cuts.map((cuts, f) => Float64Array.from(new Set([...cuts, ...added[f]])).sort());
      codeRows(this.X, 0, this.rows, this.features, this.cuts, this.codes);
      coded = codeTrees([tree], this.cuts) ?? fail('INTERNAL', "a tree threshold is missing from cuts that were just given the tree's thresholds");
    }
    addCodedTreeScores(coded, this.codes, this.rows, this.features, scores, 0, stride, offset);
  }
}
