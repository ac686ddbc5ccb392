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

/** every parameter of the space drawn independently */
export function sampleSpace(space: SearchSpace, rng: Prng): Params {
  return Object.fromEntries(Object.entries(space).map(([name, spec]) => [name, sampleUniform(spec, rng)]));
}

/**
 * The stream the model-based samplers (TPE, GP) draw their random start-up trials from, apart from their own, as
 * Optuna keeps a RandomSampler of its own: from one seed, both start with the same trials.
 */
export function startupPrng(seed: number): Prng {
  return new Prng(seed ^ 0x5bd1e995);
}

export class RandomSampler implements Sampler {
  private readonly rng: Prng;

  constructor(seed: number) {
    this.rng = new Prng(seed);
  }

  sample(space: SearchSpace): Params {
    return sampleSpace(space, this.rng);
  }
}
