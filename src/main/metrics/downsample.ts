// Thins a curve for storage and plotting; areas are always computed on the full curve before this.

export const MAX_CURVE_POINTS = 200;

/**
 * Evenly spaced indices that always keep the first and last point. Curve points sit at distinct thresholds,
 * so spacing by index follows the curve where the data is dense, which is where its shape is.
 */
export function downsampleIndices(n: number, max = MAX_CURVE_POINTS): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.round((i * (n - 1)) / (max - 1)));
}

/**
 * Applies one index choice, sized by the longest series, to every series so they stay aligned. A series one
 * shorter (sklearn's PR thresholds: the final point has none) loses only that last index, keeping the same shape.
 */
export function downsampleSeries<T extends { [K in keyof T]: number[] }>(curve: T, max = MAX_CURVE_POINTS): T {
  const series = Object.entries(curve) as [string, number[]][];
  const n = Math.max(...series.map(([, values]) => values.length));
  const keep = downsampleIndices(n, max);
  return Object.fromEntries(
    series.map(([key, values]) => [key, keep.filter((i) => i < values.length).map((i) => values[i])]),
  ) as T;
}
