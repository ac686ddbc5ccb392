import { describe, expect, it } from 'vitest';
import { ChunkDictionary } from './chunk-dictionary';
import { hashBytes, hashNumber, lanes } from './field-hash';
import { DistinctCounter, EXACT_DISTINCT_LIMIT, QUANTILE_SAMPLE_SIZE, QuantileSample } from './sketches';

function addNumber(counter: DistinctCounter, v: number): void {
  hashNumber(v);
  counter.add(v, lanes[0], lanes[1]);
}

describe('DistinctCounter', () => {
  it('counts exactly up to its limit, whatever the order and repeats', () => {
    const counter = new DistinctCounter();
    for (let i = 0; i < 3 * EXACT_DISTINCT_LIMIT; i++) addNumber(counter, (i * 7919) % EXACT_DISTINCT_LIMIT);
    expect(counter.count()).toBe(EXACT_DISTINCT_LIMIT);
  });

  it('estimates within 2% past its limit', () => {
    const counter = new DistinctCounter();
    const n = 1_000_000;
    for (let i = 0; i < n; i++) addNumber(counter, i / 8);
    expect(Math.abs(counter.count() - n) / n).toBeLessThan(0.02);
  });
});

describe('QuantileSample', () => {
  it('gives exact quantiles while it holds every value', () => {
    const sample = new QuantileSample();
    for (let i = 100; i >= 0; i--) sample.add(i);
    expect(sample.quantiles([0, 0.25, 0.5, 1])).toEqual([0, 0.25, 0.5, 1].map((p) => ({ p, value: p * 100 })));
  });

  it('keeps a uniform reservoir past its size, and the same one every run', () => {
    const run = (): { p: number; value: number }[] => {
      const sample = new QuantileSample();
      for (let i = 0; i < 10 * QUANTILE_SAMPLE_SIZE; i++) sample.add(i);
      return sample.quantiles([0.1, 0.5, 0.9]);
    };
    const quantiles = run();
    for (const { p, value } of quantiles) expect(Math.abs(value / (10 * QUANTILE_SAMPLE_SIZE) - p)).toBeLessThan(0.005);
    expect(run()).toEqual(quantiles);
  });
});

describe('ChunkDictionary', () => {
  const code = (dict: ChunkDictionary, text: string): number => {
    const bytes = Buffer.from(text);
    hashBytes(bytes, 0, bytes.length);
    return dict.code(bytes, 0, bytes.length);
  };

  it('numbers values in order of first appearance and counts them', () => {
    const dict = new ChunkDictionary();
    expect(['b', 'a', 'b', 'c', 'a', 'b'].map((v) => code(dict, v))).toEqual([0, 1, 0, 2, 1, 0]);
    expect(Array.from(dict.counts.subarray(0, dict.size))).toEqual([3, 2, 1]);
    expect(dict.bytes.toString('utf8', 0, dict.byteLength)).toBe('bac');
  });

  it('tells apart values whose hashes collide by their bytes', () => {
    const dict = new ChunkDictionary();
    const one = Buffer.from('one');
    const two = Buffer.from('two');
    hashBytes(one, 0, 3);
    expect(dict.code(one, 0, 3)).toBe(0);
    // the same lanes left over from 'one', as a collision would leave them
    expect(dict.code(two, 0, 3)).toBe(1);
    expect(dict.code(one, 0, 3)).toBe(0);
  });

  it('grows past its first table and starts each chunk empty', () => {
    const dict = new ChunkDictionary();
    for (let i = 0; i < 5000; i++) expect(code(dict, `v${i}`)).toBe(i);
    expect(code(dict, 'v4999')).toBe(4999);
    dict.clear();
    expect(code(dict, 'v4999')).toBe(0);
    expect(dict.counts[0]).toBe(1);
  });
});
