// All pairs of term sets whose IDF-weighted cosine reaches a threshold, without comparing all pairs: the prefix
// filter of all-pairs similarity search (Bayardo, Ma, Srikant, WWW 2007). Terms are ordered rarest first; a set's
// prefix is its shortest run of rarest terms whose remaining suffix weighs (L2) less than the threshold. Two sets
// with cosine >= t share a term, the rarest of which lies in both prefixes; so indexing prefixes only and
// probing with prefixes only finds every such pair, and common words ("system", "display") are never probed.
// Requirements with the same term set (generated ones that differ only in numbers: "deliver 40 l/min", "deliver
// 45 l/min") are one group in the index, so m of them cost one vector and one probe, not m^2 / 2 cosines; each group
// keeps its `keep` most similar earlier groups, and the caller decides how many of their member pairs to look at.
import { CandidateSet } from './candidate-set';

export interface SimilarPair {
  /** indices into the input (for groups: group indices), a < b; a === b is a group with itself */
  a: number;
  b: number;
  cosine: number;
}

export interface SimilarPairsResult {
  pairs: SimilarPair[];
  /** how many pairs had their full cosine computed: the work the index could not avoid */
  comparisons: number;
}

export interface SimilarGroups extends SimilarPairsResult {
  /** the input indices with one term set, in input order; groups in the order of their first member */
  groups: number[][];
  /** the group of each input index */
  groupOf: Int32Array;
  /** per group, how many other inputs each member is alike with, in kept pairs of groups or not */
  alike: Float64Array;
  /** the cosine of two inputs, by their groups' vectors */
  cosine: (x: number, y: number) => number;
}

interface Vector {
  /** term ids in global order (rarest first), and their weights, of unit L2 norm */
  ids: Int32Array;
  weights: Float64Array;
  prefix: number;
}

/**
 * The groups of equal term sets and the pairs of groups whose cosine reaches the threshold, a group with itself
 * included when its members are alike (a term set with no terms is like nothing); IDF counts every input, so the
 * cosine of two members is the cosine of their groups. Of the earlier groups a group is alike with, the `keep` most
 * similar are listed, so the list stays linear when thousands of term sets are alike.
 */
export function similarGroups(termSets: readonly string[][], threshold: number, keep = Infinity): SimilarGroups {
  const df = new Map<string, number>();
  for (const terms of termSets) for (const t of terms) df.set(t, (df.get(t) ?? 0) + 1);
  // global order: rarest first, ties by the term itself so the order is total and stable
  const order = [...df.keys()].sort((x, y) => (df.get(x) ?? 0) - (df.get(y) ?? 0) || (x < y ? -1 : x > y ? 1 : 0));
  const idOf = new Map(order.map((t, i) => [t, i]));
  const n = termSets.length;
  const idf = order.map((t) => Math.log(1 + n / (df.get(t) ?? 1)));

  const groupOf = new Int32Array(n);
  const groups: number[][] = [];
  const vectors: Vector[] = [];
  const groupByKey = new Map<string, number>();
  termSets.forEach((terms, r) => {
    const vector = vectorOf(terms, idOf, idf, threshold);
    const key = vector.ids.join(' ');
    let g = groupByKey.get(key);
    if (g === undefined) {
      g = groups.length;
      groupByKey.set(key, g);
      groups.push([]);
      vectors.push(vector);
    }
    groups[g].push(r);
    groupOf[r] = g;
  });

  const postings: number[][] = order.map(() => []);
  const pairs: SimilarPair[] = [];
  const alike = new Float64Array(groups.length);
  let comparisons = 0;
  const candidates = new CandidateSet(groups.length);
  vectors.forEach((x, b) => {
    for (let k = 0; k < x.prefix; k++) candidates.addAll(postings[x.ids[k]]);
    const start = pairs.length;
    candidates.drain((a) => {
      comparisons++;
      const cosine = dot(vectors[a], x);
      if (cosine < threshold) return;
      pairs.push({ a, b, cosine });
      alike[a] += groups[b].length;
      alike[b] += groups[a].length;
    });
    if (groups[b].length > 1) {
      comparisons++;
      const cosine = dot(x, x);
      if (cosine >= threshold) {
        pairs.push({ a: b, b, cosine });
        alike[b] += groups[b].length - 1;
      }
    }
    if (pairs.length - start > keep) {
      const strongest = pairs.splice(start).sort((p, q) => q.cosine - p.cosine);
      for (let k = 0; k < keep; k++) pairs.push(strongest[k]);
    }
    for (let k = 0; k < x.prefix; k++) postings[x.ids[k]].push(b);
  });
  const cosine = (x: number, y: number) => dot(vectors[groupOf[x]], vectors[groupOf[y]]);
  return { groups, groupOf, pairs, comparisons, alike, cosine };
}

function vectorOf(terms: readonly string[], idOf: ReadonlyMap<string, number>, idf: readonly number[], threshold: number): Vector {
  const ids = Int32Array.from(terms.map((t) => idOf.get(t) ?? 0)).sort();
  const raw = Array.from(ids, (id) => idf[id]);
  const norm = Math.sqrt(raw.reduce((s, w) => s + w * w, 0)) || 1;
  const weights = Float64Array.from(raw, (w) => w / norm);
  // walk back from the commonest term while the suffix's squared weight stays below t^2
  let suffix = 0;
  let prefix = ids.length;
  while (prefix > 0 && suffix + weights[prefix - 1] ** 2 < threshold * threshold) {
    suffix += weights[prefix - 1] ** 2;
    prefix--;
  }
  return { ids, weights, prefix };
}

function dot(x: Vector, y: Vector): number {
  let s = 0;
  for (let i = 0, j = 0; i < x.ids.length && j < y.ids.length; ) {
    if (x.ids[i] === y.ids[j]) s += x.weights[i++] * y.weights[j++];
    else if (x.ids[i] < y.ids[j]) i++;
    else j++;
  }
  return s;
}
