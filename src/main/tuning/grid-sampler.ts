// Exhaustive search over the cartesian product of every parameter's values, one grid point per trial, in a fixed order.
import { fail } from '../../shared/errors';
import type { ParamSpec, ParamValue, Params, SearchSpace } from './search-space';
import type { Sampler } from './trial';

/** The values one parameter takes on the grid; a continuous float has none unless the space lists a `grid`. */
export function gridValues(name: string, spec: ParamSpec): ParamValue[] {
  if (spec.type === 'categorical') return spec.choices;
  if (spec.type === 'int') {
    const values: number[] = [];
    for (let v = spec.low; v <= spec.high; v += spec.step) values.push(v);
    return values;
  }
  if (spec.grid) return spec.grid;
  if (spec.step !== undefined) {
    const n = Math.floor((spec.high - spec.low) / spec.step + 1e-9);
    return Array.from({ length: n + 1 }, (_, i) => spec.low + i * spec.step!);
  }
  return fail('BAD_INPUT', `grid search needs a "grid" list for the continuous float "${name}"`, { where: { field: name } });
}

/**
 * Stateful cursor rather than Optuna's random pick among unvisited points: the order is then the same on every
 * run, and a point handed to a running trial is never handed out again, so parallel asks never duplicate work.
 */
export class GridSampler implements Sampler {
  private next = 0;

  sample(space: SearchSpace): Params | null {
    const axes = Object.entries(space).map(([name, spec]) => [name, gridValues(name, spec)] as const);
    const size = axes.reduce((n, [, values]) => n * values.length, 1);
    if (this.next >= size) return null;
    // Mixed-radix decoding of the cursor; the last parameter varies fastest, as in nested loops.
    let rest = this.next++;
    const params: Params = {};
    for (let i = axes.length - 1; i >= 0; i--) {
      const [name, values] = axes[i];
      params[name] = values[rest % values.length];
      rest = Math.floor(rest / values.length);
    }
    return Object.fromEntries(axes.map(([name]) => [name, params[name]]));
  }
}

export function gridSize(space: SearchSpace): number {
  return Object.entries(space).reduce((n, [name, spec]) => n * gridValues(name, spec).length, 1);
}
