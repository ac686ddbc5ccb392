// Distances between two distributions over the same categories or common histogram bins, as Evidently's Jensen-Shannon, PSI, KL and Hellinger drift tests compute them.

/** Proportions (or counts, where noted) per category or bin, aligned so index i is the same bin on both sides. */
export type Distribution = Float64Array | readonly number[];

/**
 * scipy.spatial.distance.jensenshannon(reference, current) with its default natural log, as Evidently calls it (no
 * smoothing: empty bins contribute 0 through rel_entr). Both sides are normalised to sum 1 first, as scipy does, so
 * counts work too; the result lies in [0, √ln 2]. Finite, non-negative inputs with a positive sum only.
 */
export function jensenShannonDistance(reference: Distribution, current: Distribution): number {
  assertAligned(reference, current);
  const p = normalised(reference);
  const q = normalised(current);
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    sum += relativeEntropyTerm(p[i], m) + relativeEntropyTerm(q[i], m);
  }
  return Math.sqrt(sum / 2);
}

/**
 * Evidently's empty-bin smoothing (get_binned_data with feel_zeroes=True), applied to each side on its own before PSI
 * and KL so that neither divides by or takes the log of 0: every empty bin gets 1e-4, or, when the smallest non-empty
 * proportion is itself at most 1e-4, a millionth of that proportion (so the filler stays far below every real bin).
 * The result no longer sums exactly to 1; Evidently uses it as it is. A side with every bin empty (no rows) is
 * rejected, where Evidently fails on min() of nothing.
 */
export function smoothEmptyBins(proportions: Distribution): Float64Array {
  let smallest = Infinity;
  for (let i = 0; i < proportions.length; i++) if (proportions[i] !== 0 && proportions[i] < smallest) smallest = proportions[i];
  if (smallest === Infinity) throw new RangeError('smoothEmptyBins: every bin is empty');
  const filler = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
  return Float64Array.from(proportions, (x) => (x === 0 ? filler : x));
}

/**
 * Evidently's PSI: Σ (ref - cur)·ln(ref / cur) over the proportions after smoothEmptyBins. Takes proportions (each
 * side summing to 1), as Evidently's binned percents; finite, non-negative, at least one non-empty bin per side.
 */
export function populationStabilityIndex(reference: Distribution, current: Distribution): number {
  assertAligned(reference, current);
  const r = smoothEmptyBins(reference);
  const c = smoothEmptyBins(current);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return sum;
}

/**
 * Evidently's KL divergence: scipy.stats.entropy(ref, cur) (natural log, both sides renormalised to sum 1 by scipy)
 * over the proportions after smoothEmptyBins, so it stays finite where the current data has empty bins. Finite,
 * non-negative inputs with at least one non-empty bin per side.
 */
export function klDivergence(reference: Distribution, current: Distribution): number {
  assertAligned(reference, current);
  const p = normalised(smoothEmptyBins(reference));
  const q = normalised(smoothEmptyBins(current));
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += relativeEntropyTerm(p[i], q[i]);
  return sum;
}

/**
 * Evidently's Hellinger distance: √(Σ (√ref - √cur)²) / √2 on proportions without smoothing, in [0, 1]. Takes
 * proportions (each side summing to 1); finite, non-negative inputs only.
 */
export function hellingerDistance(reference: Distribution, current: Distribution): number {
  assertAligned(reference, current);
  let sum = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = Math.sqrt(reference[i]) - Math.sqrt(current[i]);
    sum += d * d;
  }
  return Math.sqrt(sum) / Math.SQRT2;
}

/** scipy.special.rel_entr(x, y) for x, y >= 0: x·ln(x/y), 0 when x is 0, +∞ when only y is 0. */
function relativeEntropyTerm(x: number, y: number): number {
  if (x === 0) return 0;
  return x * Math.log(x / y);
}

/** Each value divided by their sum, so the result sums to 1 (counts or unnormalised proportions in). */
export function normalised(values: Distribution): Float64Array {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return Float64Array.from(values, (x) => x / total);
}

function assertAligned(reference: Distribution, current: Distribution): void {
  if (reference.length !== current.length) throw new RangeError(`${reference.length} reference bins vs ${current.length} current ones`);
}
