// The L^p distance between two samples' empirical CDFs, scipy.stats._stats_py._cdf_distance, shared by the Wasserstein and energy distances.

export type Sample = Float64Array | readonly number[];

/**
 * (∫ |U(x) - V(x)|^p dx)^(1/p) for p = 1 or 2, unweighted, finite non-empty samples only. As scipy: sort both samples,
 * merge them, and over each gap between consecutive merged values take the two CDFs (the share of each sample at or
 * below the gap's left end, searchsorted side='right'). Walking two pointers gives the same counts in linear time
 * after the sorts. Every term is non-negative, so a plain running sum is accurate to n·eps relative, well inside 1e-9
 * of numpy's pairwise sum.
 */
export function cdfDistance(p: 1 | 2, u: Sample, v: Sample): number {
  if (u.length === 0 || v.length === 0) throw new RangeError('cdfDistance: both samples need at least one value');
  // a caller testing many windows against one reference passes it sorted once; copying and sorting it again per call was most of the time
  const us = ascending(u) ? u : Float64Array.from(u).sort();
  const vs = ascending(v) ? v : Float64Array.from(v).sort();
  let i = 0;
  let j = 0;
  let previous = Math.min(us[0], vs[0]);
  let sum = 0;
  while (i < us.length || j < vs.length) {
    const next = j >= vs.length || (i < us.length && us[i] <= vs[j]) ? us[i] : vs[j];
    const gap = Math.abs(i / us.length - j / vs.length);
    sum += (p === 1 ? gap : gap * gap) * (next - previous);
    while (i < us.length && us[i] === next) i++;
    while (j < vs.length && vs[j] === next) j++;
    previous = next;
  }
  return p === 1 ? sum : Math.sqrt(sum);
}

function ascending(values: Sample): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i - 1] <= values[i])) return false;
  return true;
}
