import { describe, expect, it } from 'vitest';
import type { Tree } from './model-types';
import { predictScores } from './predict';
import { HistogramKernel, KernelMemory } from './gbdt-histogram-wasm';
import { CodedRows, codeTrees, NODE, thresholdCuts } from './tree-walk';

/** The walk the coded one must match bit for bit: left when x <= threshold, the tree's missing side when x is NaN. */
function walkByValue(forest: Tree[][], base: number[], X: Float64Array, rows: number, features: number): Float64Array {
  const k = forest.length;
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < k; j++) {
      let s = base[j];
      for (const tree of forest[j]) {
        let node = 0;
        while (tree.feature[node] >= 0) {
          const x = X[r * features + tree.feature[node]];
          const goLeft = Number.isNaN(x) ? tree.missingLeft[node] : x <= tree.threshold[node];
          node = goLeft ? tree.left[node] : tree.right[node];
        }
        s += tree.value[node];
      }
      out[r * k + j] = s;
    }
  }
  return out;
}

/** mulberry32: a small seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values on a coarse grid, so rows land exactly on thresholds; about 1 in 8 missing. */
function matrix(rows: number, features: number, rand: () => number): Float64Array {
  return Float64Array.from({ length: rows * features }, () => (rand() < 0.125 ? NaN : Math.round(rand() * 40) / 4 - 5));
}

/** A random tree in the trainer's layout (children numbered after their parent, in any order), up to maxDepth levels. */
function randomTree(features: number, maxDepth: number, rand: () => number, X: Float64Array): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], missingLeft: [], value: [] };
  const grow = (depth: number): number => {
    const id = tree.feature.length;
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.missingLeft.push(false);
    tree.value.push((rand() - 0.5) / 3);
    if (depth === maxDepth || rand() < 0.25) return id;
    const f = Math.floor(rand() * features);
    const seen = X[Math.floor(rand() * (X.length / features)) * features + f];
    tree.feature[id] = f;
    // Mostly a value the rows hold (ties must go left), sometimes one between them.
    tree.threshold[id] = Number.isNaN(seen) || rand() < 0.3 ? rand() * 10 - 5 : seen;
    tree.missingLeft[id] = rand() < 0.5;
    const right = rand() < 0.5;
    // Children in either order, so the coded layout's renumbering is what puts them side by side.
    if (right) {
      tree.right[id] = grow(depth + 1);
      tree.left[id] = grow(depth + 1);
    } else {
      tree.left[id] = grow(depth + 1);
      tree.right[id] = grow(depth + 1);
    }
    return id;
  };
  grow(0);
  return tree;
}

const sameBits = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('tree-walk', () => {
  it('scores every row exactly as walking each tree by its float thresholds, missing values on either side, over several blocks of rows', () => {
    const rand = random(7);
    const rows = 9_003;
    const features = 6;
    const X = matrix(rows, features, rand);
    const forest = [0, 1, 2].map(() => Array.from({ length: 25 }, () => randomTree(features, 1 + Math.floor(rand() * 9), rand, X)));
    const base = [0.25, -1.5, 3];
    const body = { kind: 'trees' as const, base, trees: forest };
    const coded = predictScores(body, X, rows, features);
    expect(sameBits(coded, walkByValue(forest, base, X, rows, features))).toBe(true);
    // The same numbers from the model as the store gives it back.
    expect(sameBits(predictScores(JSON.parse(JSON.stringify(body)), X, rows, features), coded)).toBe(true);
  });

  it('sends every number right and missing values to their side at a NaN threshold, and compares a JSON null threshold as 0', () => {
    const tree = (threshold: number, missingLeft: boolean): Tree => ({
      feature: [0, -1, -1],
      threshold: [threshold, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      missingLeft: [missingLeft, false, false],
      value: [0, 1, 2],
    });
    // null is what JSON makes of a NaN or infinite threshold; `x <= null` compares x with 0.
    const forest = [[tree(NaN, true), tree(NaN, false), tree(JSON.parse('null'), true)]];
    const X = Float64Array.from([-1, 0, 1, NaN]);
    const scores = predictScores({ kind: 'trees', base: [0], trees: forest }, X, 4, 1);
    expect(Array.from(scores)).toEqual([2 + 2 + 1, 2 + 2 + 1, 2 + 2 + 2, 1 + 2 + 1]);
    expect(sameBits(scores, walkByValue(forest, [0], X, 4, 1))).toBe(true);
  });

  it('refuses a tree that splits on a feature the rows do not have', () => {
    const tree: Tree = { feature: [3, -1, -1], threshold: [0, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [false, false, false], value: [0, 1, 2] };
    expect(() => predictScores({ kind: 'trees', base: [0], trees: [[tree]] }, new Float64Array(6), 2, 3)).toThrow(
      expect.objectContaining({ error: expect.objectContaining({ code: 'BAD_INPUT', message: 'a tree splits on feature 3, but the rows have 3 features' }) }),
    );
  });

  it('scores trees added one at a time exactly as the float walk, coding the rows again when a tree splits off the starting cuts', () => {
    const rand = random(11);
    const rows = 1_001;
    const features = 4;
    const X = matrix(rows, features, rand);
    const trees = Array.from({ length: 30 }, () => randomTree(features, 6, rand, X));
    // The grid's values as starting cuts: the random thresholds between them are not among them.
    const grid = Float64Array.from({ length: 41 }, (_, i) => i / 4 - 5);
    const memory = new KernelMemory(0);
    const coded = new CodedRows(X, rows, features, [grid, grid, grid, grid], 2, memory, new HistogramKernel(memory.memory));
    const { scores } = coded;
    scores.fill(0.5);
    for (const tree of trees) coded.addTreeScores(tree, 1);
    const expected = walkByValue([trees], [0.5], X, rows, features);
    expect(sameBits(Float64Array.from({ length: rows }, (_, r) => scores[2 * r + 1]), expected)).toBe(true);
    expect(scores.filter((_, i) => i % 2 === 0).every((v) => v === 0.5)).toBe(true);
  });

  it('lays out trees only against cuts that hold every threshold they split on', () => {
    const tree: Tree = { feature: [0, -1, -1], threshold: [0.5, 0, 0], left: [1, -1, -1], right: [2, -1, -1], missingLeft: [false, false, false], value: [0, 1, 2] };
    expect(thresholdCuts([[tree]], 1).map((c) => Array.from(c))).toEqual([[0.5]]);
    expect(codeTrees([tree], [Float64Array.from([0.25, 0.5, 0.75])])?.nodes[NODE.lo]).toBe(2);
    expect(codeTrees([tree], [Float64Array.from([0.25, 0.75])])).toBeNull();
  });
});
