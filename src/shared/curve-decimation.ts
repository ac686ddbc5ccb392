// Thins a long metric history for drawing: per bucket of consecutive steps it keeps the lowest and the highest value,
// so a spike or a dip survives (every-k-th-point sampling drops them), and a chart of it looks like the whole curve.

export interface CurvePoints {
  steps: number[];
  values: (number | null)[];
}

/**
 * At most maxPoints points (maxPoints >= 4): the first and the last, and between them, per bucket of equal count,
 * the minimum and the maximum in step order. A bucket with no value at all keeps one null, so a gap stays a gap.
 */
export function decimateMinMax(points: CurvePoints, maxPoints: number): CurvePoints {
  const { steps, values } = points;
  const n = steps.length;
  if (n <= maxPoints) return points;
  const buckets = Math.floor((maxPoints - 2) / 2);
  const out: CurvePoints = { steps: [steps[0]], values: [values[0]] };
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets);
    const hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    let min = -1;
    let max = -1;
    let low = Infinity;
    let high = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = values[i];
      if (v === null) continue;
      if (v < low) {
        low = v;
        min = i;
      }
      if (v > high) {
        high = v;
        max = i;
      }
    }
    const keep = min < 0 ? [lo] : min === max ? [min] : [Math.min(min, max), Math.max(min, max)];
    for (const i of keep) {
      out.steps.push(steps[i]);
      out.values.push(values[i]);
    }
  }
  out.steps.push(steps[n - 1]);
  out.values.push(values[n - 1]);
  return out;
}
