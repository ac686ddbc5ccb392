import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../training/splits';
import { sortedNumbers } from './sort-numbers';

/** Bit-for-bit equality, so -0 and +0 count as different values. */
function sameBits(a: Float64Array, b: Float64Array): boolean {
  const x = new Uint32Array(a.buffer, a.byteOffset, 2 * a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, 2 * b.length);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

describe('sortedNumbers', () => {
  it('orders mixed signs, zeros of both signs, ties, infinities, tiny and huge magnitudes exactly as Float64Array sort does', () => {
    const random = mulberry32(5);
    const specials = [0, -0, Infinity, -Infinity, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1, 1e-300, -1e300];
    const values = Float64Array.from({ length: 20_000 }, (_, i) => {
      if (i % 50 === 0) return specials[(i / 50) % specials.length];
      const kind = i % 3;
      if (kind === 0) return Math.round((random() - 0.5) * 100); // ties
      if (kind === 1) return (random() - 0.5) * 10 ** Math.floor(random() * 40 - 20);
      return random();
    });
    const input = Float64Array.from(values);
    const sorted = sortedNumbers(values);
    expect(sameBits(sorted, Float64Array.from(values).sort())).toBe(true);
    // a copy: the input keeps its order
    expect(sameBits(values, input)).toBe(true);
  });

  it('sorts values that share their sign and exponent (a skipped pass), and inputs under the radix threshold', () => {
    const random = mulberry32(9);
    const sameExponent = Float64Array.from({ length: 10_000 }, () => 1 + random());
    expect(sameBits(sortedNumbers(sameExponent), Float64Array.from(sameExponent).sort())).toBe(true);
    const constant = new Float64Array(5000).fill(-2.5);
    expect(sameBits(sortedNumbers(constant), constant)).toBe(true);
    expect(Array.from(sortedNumbers(Float64Array.of(3, -0, 0, -1)))).toEqual([-1, -0, 0, 3]);
    expect(sortedNumbers(new Float64Array(0))).toHaveLength(0);
  });
});
