// Per-column statistics, fed a whole chunk at a time as the import stores it; they become the stored profile.
import type { ColumnProfile, ColumnType } from '../../shared/domain';
import type { ChunkDictionary } from './chunk-dictionary';
import { hashNumber, lanes, lanesKeyOf } from './field-hash';
import { DistinctCounter, QuantileSample } from './sketches';

export const PROFILE_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
export const HISTOGRAM_BINS = 30;
export const TOP_VALUES = 10;
/** Top values are exact for columns with at most this many distinct values; past it, new values are not tracked. */
export const TOP_TRACK_LIMIT = 10_000;

export interface ColumnStats {
  profile(name: string, type: ColumnType): ColumnProfile;
}

/** Whether row r of a chunk holds a value; a null validity bitmap means every row does. */
export function isPresent(validity: Uint8Array | null, r: number): boolean {
  return validity === null || (validity[r >> 3] & (1 << (r & 7))) !== 0;
}

/**
 * Exact equal-width histogram between the column's final min and max. Those are known only after the whole column,
 * so the import fills it afterwards from the stored chunks rather than reading the file twice.
 */
export class Histogram {
  readonly low: number;
  readonly high: number;
  private readonly width: number;
  private readonly bins = new Float64Array(HISTOGRAM_BINS);

  constructor(low: number, high: number) {
    this.low = low;
    this.high = high;
    this.width = high > low ? (high - low) / HISTOGRAM_BINS : 0;
  }

  addChunk(values: ArrayLike<number>, validity: Uint8Array | null, n: number): void {
    const { low, width, bins } = this;
    for (let r = 0; r < n; r++) {
      if (!isPresent(validity, r)) continue;
      bins[width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((values[r] - low) / width)) : 0]++;
    }
  }

  summary(): { edges: number[]; counts: number[] } {
    const binCount = this.width > 0 ? HISTOGRAM_BINS : 1;
    return {
      edges: Array.from({ length: binCount + 1 }, (_, i) => (this.width > 0 ? this.low + i * this.width : i === 0 ? this.low : this.high)),
      counts: Array.from(this.bins.subarray(0, binCount)),
    };
  }
}

/** Lanes of +0: -0 and 0 are one value to the distinct count (as in a Set), so both must land in the same slot. */
const ZERO_LANES = (() => {
  hashNumber(0);
  return lanes.slice();
})();

/** Integer, numeric and datetime (epoch ms) columns. */
export class NumberStats implements ColumnStats {
  private count = 0;
  private nulls = 0;
  private mean = 0;
  private m2 = 0;
  min = Infinity;
  max = -Infinity;
  private readonly distinct = new DistinctCounter();
  private readonly sample = new QuantileSample();
  /** set by the import once the column's range is final */
  histogram: Histogram | null = null;

  /** values[r] with cell hash lanes (hashA[r], hashB[r]) for each row r below n that the validity bitmap marks present */
  addChunk(values: Float64Array, hashA: Uint32Array, hashB: Uint32Array, validity: Uint8Array | null, n: number): void {
    let present = 0;
    let sum = 0;
    let { min, max } = this;
    const distinct = this.distinct;
    const zeroA = ZERO_LANES[0];
    const zeroB = ZERO_LANES[1];
    // a chunk without nulls (the common case) skips the bitmap test per row; same values, same order either way
    for (let r = 0; r < n; r++) {
      if (validity !== null && (validity[r >> 3] & (1 << (r & 7))) === 0) continue;
      const v = values[r];
      present++;
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v === 0) distinct.add(0, zeroA, zeroB);
      else distinct.add(v, hashA[r], hashB[r]);
    }
    this.sample.addChunk(values, validity, n);
    this.min = min;
    this.max = max;
    this.count += n;
    this.nulls += n - present;
    if (present === 0) return;
    // the chunk's own mean and squared deviations, merged with Chan et al.'s update: as stable as Welford's, no division per value
    const chunkMean = sum / present;
    let chunkM2 = 0;
    if (validity === null) for (let r = 0; r < n; r++) chunkM2 += (values[r] - chunkMean) ** 2;
    else for (let r = 0; r < n; r++) if ((validity[r >> 3] & (1 << (r & 7))) !== 0) chunkM2 += (values[r] - chunkMean) ** 2;
    const before = this.count - this.nulls - present;
    const total = before + present;
    const delta = chunkMean - this.mean;
    this.mean += (delta * present) / total;
    this.m2 += chunkM2 + (delta * delta * before * present) / total;
  }

  profile(name: string, type: ColumnType): ColumnProfile {
    const n = this.count - this.nulls;
    const base: ColumnProfile = { name, type, count: this.count, nulls: this.nulls, distinct: this.distinct.count() };
    if (n === 0) return base;
    const asValue = (v: number): number | string => (type === 'datetime' ? new Date(v).toISOString() : v);
    return {
      ...base,
      min: asValue(this.min),
      max: asValue(this.max),
      mean: this.mean,
      std: n > 1 ? Math.sqrt(this.m2 / (n - 1)) : 0,
      quantiles: this.sample.quantiles(PROFILE_QUANTILES),
      ...(this.histogram ? { histogram: this.histogram.summary() } : {}),
    };
  }
}

export class BooleanStats implements ColumnStats {
  private count = 0;
  private nulls = 0;
  private trues = 0;

  /** bits holds each present row's value; absent rows' bits are 0 */
  addChunk(bits: Uint8Array, nulls: number, n: number): void {
    this.count += n;
    this.nulls += nulls;
    for (let i = 0; i < (n + 7) >> 3; i++) {
      let b = bits[i];
      while (b) {
        b &= b - 1;
        this.trues++;
      }
    }
  }

  profile(name: string, type: ColumnType): ColumnProfile {
    const n = this.count - this.nulls;
    const falses = n - this.trues;
    const base: ColumnProfile = { name, type, count: this.count, nulls: this.nulls, distinct: (this.trues > 0 ? 1 : 0) + (falses > 0 ? 1 : 0) };
    if (n === 0) return base;
    const mean = this.trues / n;
    const top = [
      { value: 'true', count: this.trues },
      { value: 'false', count: falses },
    ].filter((t) => t.count > 0);
    return {
      ...base,
      min: falses > 0 ? 0 : 1,
      max: this.trues > 0 ? 1 : 0,
      mean,
      std: n > 1 ? Math.sqrt((n * mean * (1 - mean)) / (n - 1)) : 0,
      top: top.sort((a, b) => b.count - a.count),
    };
  }
}

/** Categorical and text columns: fed once per distinct value of each chunk with its count, not once per cell. */
export class StringStats implements ColumnStats {
  private count = 0;
  private nulls = 0;
  private readonly distinct = new DistinctCounter();
  private readonly tops = new Map<number, { value: string; count: number }>();

  addChunk(dictionary: ChunkDictionary, nulls: number, n: number): void {
    this.count += n;
    this.nulls += nulls;
    const { hashA, hashB, counts, offsets, bytes } = dictionary;
    for (let code = 0; code < dictionary.size; code++) {
      const key = lanesKeyOf(hashA[code], hashB[code]);
      this.distinct.add(key, hashA[code], hashB[code]);
      const top = this.tops.get(key);
      if (top) top.count += counts[code];
      else if (this.tops.size < TOP_TRACK_LIMIT) this.tops.set(key, { value: bytes.toString('utf8', offsets[code], offsets[code + 1]), count: counts[code] });
    }
  }

  nonNull(): number {
    return this.count - this.nulls;
  }

  distinctCount(): number {
    return this.distinct.count();
  }

  profile(name: string, type: ColumnType): ColumnProfile {
    const top = [...this.tops.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, TOP_VALUES);
    return { name, type, count: this.count, nulls: this.nulls, distinct: this.distinct.count(), ...(top.length ? { top } : {}) };
  }
}
