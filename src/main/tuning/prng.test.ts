import { describe, expect, it } from 'vitest';
import { Prng } from './prng';

describe('Prng', () => {
  it('replays the same stream from the same seed and a different one from another, seed 0 included', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, ((rng) => () => rng.next())(new Prng(seed)));
    expect(draw(0)).toEqual(draw(0));
    expect(draw(0)).not.toEqual(draw(1));
  });

  it('draws uniformly from [0, 1): mean and every tenth of the range as expected', () => {
    const rng = new Prng(42);
    const n = 100_000;
    const deciles = new Array<number>(10).fill(0);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      deciles[Math.floor(u * 10)]++;
    }
    expect(outside).toBe(0);
    expect(sum / n).toBeCloseTo(0.5, 2);
    for (const count of deciles) expect(Math.abs(count - n / 10)).toBeLessThan(500);
  });

  it('picks weighted choices in proportion to their weights and never a zero-weight one', () => {
    const rng = new Prng(7);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[rng.choice([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeCloseTo(3, 1);
  });

  it('draws standard normals: mean 0, variance 1, and a normal tail (2.3 % beyond 2)', () => {
    const rng = new Prng(11);
    const n = 100_000;
    let sum = 0;
    let squares = 0;
    let beyond2 = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
      if (z > 2) beyond2++;
    }
    expect(sum / n).toBeCloseTo(0, 1);
    expect(squares / n).toBeCloseTo(1, 1);
    expect(beyond2 / n).toBeCloseTo(0.0228, 2);
  });
});
