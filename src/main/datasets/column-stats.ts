// Per-column statistics gathered while encoding (second import pass); they become the stored profile.
import type { ColumnProfile, ColumnType } from '../../shared/domain';
import { lanes } from './field-hash';
import { DistinctCounter, QuantileSample } from './sketches';

export const PROFILE_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
export const HISTOGRAM_BINS = 30;
export const TOP_VALUES = 10;
/** Top values are exact for columns with at most this many distinct values; past it, new values are not tracked. */
export const TOP_TRACK_LIMIT = 10_000;

export interface ColumnStats {
  addNull(): void;
  profile(name: string, type: ColumnType): ColumnProfile;
}

/** Integer, numeric and datetime (epoch ms) columns. Call hashNumber(value) before add: it reads the lanes. */
export class NumberStats implements ColumnStats {
  private count = 0;
  private nulls = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private readonly distinct = new DistinctCounter();
  private readonly sample = new QuantileSample();
  private readonly bins = new Float64Array(HISTOGRAM_BINS);
  private readonly low: number;
  private readonly width: number;

  /** low and high come from the first pass, so the histogram is exact without holding the values */
  constructor(low: number, high: number) {
    this.low = low;
    this.width = high > low ? (high - low) / HISTOGRAM_BINS : 0;
  }

  addNull(): void {
    this.count++;
    this.nulls++;
  }

  add(value: number): void {
    this.count++;
    const n = this.count - this.nulls;
    // Welford's update: stable where a sum of squares would cancel
    const delta = value - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (value - this.mean);
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    this.distinct.add(value, lanes[0], lanes[1]);
    this.sample.add(value);
    const bin = this.width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor((value - this.low) / this.width)) : 0;
    this.bins[bin]++;
  }

  profile(name: string, type: ColumnType): ColumnProfile {
    const n = this.count - this.nulls;
    const base: ColumnProfile = { name, type, count: this.count, nulls: this.nulls, distinct: this.distinct.count() };
    if (n === 0) return base;
    const asValue = (v: number): number | string => (type === 'datetime' ? new Date(v).toISOString() : v);
    const binCount = this.width > 0 ? HISTOGRAM_BINS : 1;
    return {
      ...base,
      min: asValue(this.min),
      max: asValue(this.max),
      mean: this.mean,
      std: n > 1 ? Math.sqrt(this.m2 / (n - 1)) : 0,
      quantiles: this.sample.quantiles(PROFILE_QUANTILES),
      histogram: {
        edges: Array.from({ length: binCount + 1 }, (_, i) => (this.width > 0 ? this.low + i * this.width : i === 0 ? this.min : this.max)),
        counts: Array.from(this.bins.subarray(0, binCount)),
      },
    };
  }
}

export class BooleanStats implements ColumnStats {
  private count = 0;
  private nulls = 0;
  private trues = 0;

  addNull(): void {
    this.count++;
    this.nulls++;
  }

  add(value: boolean): void {
    this.count++;
    if (value) this.trues++;
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

/** Categorical and text columns. Call hashBytes on the cell before add: it reads the lanes. */
export class StringStats implements ColumnStats {
  private count = 0;
  private nulls = 0;
  private readonly distinct = new DistinctCounter();
  private readonly tops = new Map<number, { value: string; count: number }>();

  addNull(): void {
    this.count++;
    this.nulls++;
  }

  add(key: number, buf: Buffer, start: number, end: number): void {
    this.count++;
    this.distinct.add(key, lanes[0], lanes[1]);
    const top = this.tops.get(key);
    if (top) top.count++;
    else if (this.tops.size < TOP_TRACK_LIMIT) this.tops.set(key, { value: buf.toString('utf8', start, end), count: 1 });
  }

  profile(name: string, type: ColumnType): ColumnProfile {
    const top = [...this.tops.values()].sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1)).slice(0, TOP_VALUES);
    return { name, type, count: this.count, nulls: this.nulls, distinct: this.distinct.count(), ...(top.length ? { top } : {}) };
  }
}
