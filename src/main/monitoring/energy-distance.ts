// The energy distance of scipy.stats.energy_distance between two 1-D samples.

import { cdfDistance, type Sample } from './cdf-distance';

/** scipy.stats.energy_distance(u, v), unweighted: √2 times the L² distance between the empirical CDFs. Finite, non-empty samples only. */
export function energyDistance(u: Sample, v: Sample): number {
  return Math.SQRT2 * cdfDistance(2, u, v);
}
