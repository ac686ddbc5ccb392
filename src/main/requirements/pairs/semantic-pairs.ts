// Pairs of sentence embeddings whose cosine reaches a threshold, without comparing all pairs: random-hyperplane LSH
// (Charikar, STOC 2002). A random hyperplane separates two vectors at angle θ with probability θ/π; a band's key is
// the sides of `bits` hyperplanes, so two vectors share it only if none of them separates the two. Only vectors that
// share a key in some band have their exact cosine computed. Projections cost dimensions x hyperplanes per vector,
// so the bands draw their hyperplanes from one pool of `pool` instead of each having its own; bands are added until
// a pair AT the threshold shares a key with probability `recall` (recallOf, exact for this scheme); a closer pair
// is found more surely, a far one rarely becomes a candidate. Near-identical requirements (generated text that
// differs in a number) share every bucket; `perBucket` caps what a probe takes from one bucket (its newest entries),
// so the work stays linear, and the scan says how many candidates each vector may have missed.
import { fail } from '../../../shared/errors';
import { mulberry32 } from '../../training/splits';
import { CandidateSet } from './candidate-set';
import type { SimilarPair, SimilarPairsResult } from './similar-pairs';

export interface SemanticIndexOptions {
  /** hyperplanes per band (at most 30: a key is a 32-bit integer): more makes a far pair share a key less often, and needs more bands for the same recall */
  bits?: number;
  /** the hyperplanes every vector is projected on, from which each band draws `bits` distinct ones */
  pool?: number;
  /** the probability that a pair exactly at the threshold is found (higher cosines are found more surely) */
  recall?: number;
  seed?: number;
  /** the most candidates a probe takes from one bucket, the newest; unbounded when absent */
  perBucket?: number;
}

export interface SemanticScan {
  comparisons: number;
  /** per vector, an upper bound on the candidates it was not compared with because a bucket was capped */
  unchecked: Float64Array;
}

/**
 * The probability that two vectors at cosine `cosine` share a key in at least one of `bands` bands. Of the pool,
 * s hyperplanes separate them, s ~ Binomial(pool, θ/π); given s, each band (its `bits` hyperplanes drawn anew) misses
 * all s with probability C(pool - s, bits) / C(pool, bits), independently of the other bands.
 */
export function recallOf(cosine: number, bits: number, pool: number, bands: number): number {
  const q = Math.acos(Math.min(1, Math.max(-1, cosine))) / Math.PI;
  if (q >= 1) return 0; // opposite vectors: every hyperplane separates them
  let found = 0;
  let weight = (1 - q) ** pool; // P(s = 0), then P(s + 1) from P(s)
  for (let s = 0; s <= pool - bits; s++) {
    let missesAll = 1;
    for (let i = 0; i < bits; i++) missesAll *= (pool - s - i) / (pool - i);
    found += weight * (1 - (1 - missesAll) ** bands);
    weight *= ((pool - s) / (s + 1)) * (q / (1 - q));
  }
  return found;
}

/** The fewest bands that find a pair at cosine `threshold` with probability `recall`. */
export function bandsFor(threshold: number, bits: number, pool: number, recall: number): number {
  let bands = 1;
  // a bound for thresholds no one would use (near 0), where no number of bands reaches a high recall
  while (recallOf(threshold, bits, pool, bands) < recall && bands < 4096) bands++;
  return bands;
}

export function semanticPairs(vectors: readonly Float32Array[], threshold: number, options: SemanticIndexOptions = {}): SimilarPairsResult {
  const pairs: SimilarPair[] = [];
  const { comparisons } = scanSemanticPairs(vectors, threshold, options, (a, b, cosine) => pairs.push({ a, b, cosine }));
  return { pairs, comparisons };
}

/** Visits each pair (a < b) the index finds at or above the threshold once, with its exact cosine, keeping no list. */
export function scanSemanticPairs(
  vectors: readonly Float32Array[],
  threshold: number,
  options: SemanticIndexOptions,
  visit: (a: number, b: number, cosine: number) => void,
): SemanticScan {
  const n = vectors.length;
  const unchecked = new Float64Array(n);
  if (n < 2) return { comparisons: 0, unchecked };
  const dimensions = vectors[0].length;
  const odd = vectors.findIndex((v) => v.length !== dimensions);
  if (odd >= 0) fail('BAD_INPUT', `vectors: embedding ${odd} has ${vectors[odd].length} dimensions, embedding 0 has ${dimensions}.`, { where: { field: 'vectors' }, hint: 'Embed every requirement with the same model.' });

  const bits = options.bits ?? 14;
  const pool = options.pool ?? 192;
  const bands = bandsFor(threshold, bits, pool, options.recall ?? 0.99);
  const random = mulberry32(options.seed ?? 15);
  const planes = gaussianPlanes(pool, dimensions, random);
  const bandPlanes = Array.from({ length: bands }, () => distinct(bits, pool, random));
  const sides = new Uint8Array(pool);
  const norms = vectors.map((v) => Math.sqrt(dot(v, v)));
  const buckets = Array.from({ length: bands }, () => new Map<number, number[]>());
  const perBucket = options.perBucket ?? Infinity;
  let comparisons = 0;
  const candidates = new CandidateSet(n);
  const keys = new Int32Array(bands);
  vectors.forEach((x, b) => {
    // a zero vector (no token the model knew) has no direction: similar to nothing
    if (norms[b] === 0) return;
    planes.forEach((plane, k) => (sides[k] = dot(plane, x) >= 0 ? 1 : 0));
    for (let band = 0; band < bands; band++) {
      let key = 0;
      for (const k of bandPlanes[band]) key = (key << 1) | sides[k];
      keys[band] = key;
      const bucket = buckets[band].get(key) ?? [];
      const from = Math.max(0, bucket.length - perBucket);
      unchecked[b] += from;
      candidates.addAll(bucket, from);
    }
    candidates.drain((a) => {
      comparisons++;
      const cosine = dot(vectors[a], x) / (norms[a] * norms[b]);
      if (cosine >= threshold) visit(a, b, Math.min(1, cosine));
    });
    keys.forEach((key, band) => {
      const bucket = buckets[band].get(key);
      if (bucket) bucket.push(b);
      else buckets[band].set(key, [b]);
    });
  });
  // the entry at position p of a bucket of s was left out by the probes at positions p + perBucket + 1 .. s - 1
  for (const band of buckets) {
    for (const bucket of band.values()) bucket.forEach((a, p) => (unchecked[a] += Math.max(0, bucket.length - 1 - p - perBucket)));
  }
  return { comparisons, unchecked };
}

/** Hyperplane normals with independent standard normal coordinates (Box-Muller), so their directions are uniform. */
function gaussianPlanes(count: number, dimensions: number, random: () => number): Float32Array[] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () => Float32Array.from({ length: dimensions }, normal));
}

/** `count` distinct numbers below `below`, drawn by a partial Fisher-Yates shuffle. */
function distinct(count: number, below: number, random: () => number): Int32Array {
  const all = Int32Array.from({ length: below }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (below - i));
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, count);
}

// The hot loop (pool projections and every candidate's cosine, per vector): four running sums let the CPU overlap
// the additions, 1.5x faster here than one sum; written out on purpose.
function dot(x: Float32Array, y: Float32Array): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const n = x.length;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += x[i] * y[i];
    s1 += x[i + 1] * y[i + 1];
    s2 += x[i + 2] * y[i + 2];
    s3 += x[i + 3] * y[i + 3];
  }
  for (; i < n; i++) s0 += x[i] * y[i];
  return s0 + s1 + s2 + s3;
}
