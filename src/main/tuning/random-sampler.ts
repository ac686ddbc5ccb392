// Independent uniform sampling of every parameter: Optuna's RandomSampler, and the TPE sampler's start-up phase.
import { fromInternal, samplingBounds } from './param-scale';
import { Prng } from './prng';
import type { ParamSpec, ParamValue, Params, SearchSpace } from './search-space';
import type { Sampler } from './trial';

export function sampleUniform(spec: ParamSpec, rng: Prng): ParamValue {
  if (spec.type === 'categorical') return spec.choices[rng.int(spec.choices.length)];
  const { low, high } = samplingBounds(spec);
  return fromInternal(spec, rng.uniform(low, high));
}

export class RandomSampler implements Sampler {
  private readonly rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  sample(space: SearchSpace): Params {
    return Object.fromEntries(Object.entries(space).map(([name, spec]) => [name, sampleUniform(spec, this.rng)]));
  }
}
