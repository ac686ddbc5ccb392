import { describe, it } from 'vitest';
import { energyDistance } from './energy-distance';
import { expectClose, fixture } from './fixtures/distance-fixture';

// Checked against scipy 1.10.1's energy_distance (fixtures/make-distance-fixtures.py), to 1e-9 relative.
describe('energy distance against scipy.stats.energy_distance', () => {
  it.each(fixture.samples.map((c) => [c.name, c] as const))('%s: distance matches', (_name, c) => {
    expectClose(energyDistance(c.reference, c.current), c.energy);
  });

  it('equals √2·|a - b|^(1/2) for two single values, the closed form of the definition', () => {
    expectClose(energyDistance([1], [4]), Math.SQRT2 * Math.sqrt(3));
  });
});
