// Moves numeric parameter values between their declared scale and the scale samplers work in (log for log ranges), and snaps samples onto the declared values.
import type { FloatParam, IntParam } from './search-space';

export type NumericParam = FloatParam | IntParam;

/** declared value -> sampler scale */
export function toInternal(spec: NumericParam, value: number): number {
  return spec.log ? Math.log(value) : value;
}

/** The sampler-scale interval to draw from; a discrete range widens by half a step on each side so its end values are as likely as the inner ones (Optuna does the same). */
export function samplingBounds(spec: NumericParam): { low: number; high: number; step: number | null } {
  if (spec.type === 'int') {
    if (spec.log) return { low: Math.log(spec.low - 0.5), high: Math.log(spec.high + 0.5), step: null };
    return { low: spec.low - 0.5 * spec.step, high: spec.high + 0.5 * spec.step, step: spec.step };
  }
  if (spec.log) return { low: Math.log(spec.low), high: Math.log(spec.high), step: null };
  if (spec.step !== undefined) return { low: spec.low - 0.5 * spec.step, high: spec.high + 0.5 * spec.step, step: spec.step };
  return { low: spec.low, high: spec.high, step: null };
}

/** sampler scale -> a declared value: undo the log, then round onto the step grid and clamp into [low, high] */
export function fromInternal(spec: NumericParam, internal: number): number {
  const value = spec.log ? Math.exp(internal) : internal;
  if (spec.type === 'int') {
    const snapped = spec.log ? Math.round(value) : Math.round((value - spec.low) / spec.step) * spec.step + spec.low;
    return clamp(snapped, spec.low, spec.high);
  }
  if (spec.step !== undefined) return clamp(Math.round((value - spec.low) / spec.step) * spec.step + spec.low, spec.low, spec.high);
  return clamp(value, spec.low, spec.high);
}

function clamp(v: number, low: number, high: number): number {
  return Math.min(Math.max(v, low), high);
}
