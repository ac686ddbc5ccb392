import { describe, expect, it } from 'vitest';
import { driftSeverity } from '../../shared/monitoring';
import { mulberry32 } from '../training/splits';
import { columnDrift, type ColumnSample } from './column-drift';
import { BAND_MAX_VALUES, referenceBand } from './reference-band';

const numbers = (values: Float64Array): ColumnSample => ({ kind: 'numeric', values, nulls: 0 });

describe('referenceBand', () => {
  it('is the min..max severity of each stored-order chunk against the whole, and the same whichever order the whole is passed in', () => {
    const random = mulberry32(3);
    // the last tenth drifts upward: the band's upper end is that chunk's severity
    const values = Float64Array.from({ length: 2000 }, (_, i) => random() + (i >= 1800 ? 0.5 : 0));
    const test = { test: 'wasserstein' as const, threshold: 0.1 };
    const severities = Array.from({ length: 10 }, (_, k) => driftSeverity(columnDrift({ column: 'x', type: 'numeric', reference: numbers(values), current: numbers(values.slice(k * 200, k * 200 + 200)), override: test }))!);
    const band = referenceBand('x', 'numeric', numbers(values), test);
    expect(band).toEqual({ lower: Math.min(...severities), upper: Math.max(...severities) });
    expect(band!.upper).toBe(severities[9]);
    const sorted = referenceBand('x', 'numeric', numbers(values), test, numbers(Float64Array.from(values).sort()));
    expect(sorted!.lower).toBeCloseTo(band!.lower, 12);
    expect(sorted!.upper).toBeCloseTo(band!.upper, 12);
  });

  it('uses fewer chunks of at least 20 values on a small reference, and gives no band under two of them', () => {
    const values = Float64Array.from({ length: 59 }, (_, i) => (i * 13) % 59);
    const test = { test: 'ks' as const, threshold: 0.05 };
    // 59 values: two chunks of 20, spread to both ends (0..19, 39..58)
    const halves = [values.slice(0, 20), values.slice(39)].map((chunk) => driftSeverity(columnDrift({ column: 'x', type: 'integer', reference: numbers(values), current: numbers(chunk), override: test }))!);
    expect(referenceBand('x', 'integer', numbers(values), test)).toEqual({ lower: Math.min(...halves), upper: Math.max(...halves) });
    expect(referenceBand('x', 'integer', numbers(values.slice(0, 39)), test)).toBeNull();
  });

  it('cuts chunks the size of what the band is read against, spread evenly, so a distance band on small windows sits higher than on large ones', () => {
    const random = mulberry32(5);
    const values = Float64Array.from({ length: 6000 }, () => random());
    const test = { test: 'wasserstein' as const, threshold: 0.1 };
    const band = referenceBand('x', 'numeric', numbers(values), test, numbers(values), 150)!;
    // ten chunks of 150: the k-th starts at k * (6000 - 150) / 9
    const severities = Array.from({ length: 10 }, (_, k) => {
      const from = Math.floor((k * 5850) / 9);
      return driftSeverity(columnDrift({ column: 'x', type: 'numeric', reference: numbers(values), current: numbers(values.slice(from, from + 150)), override: test }))!;
    });
    expect(band).toEqual({ lower: Math.min(...severities), upper: Math.max(...severities) });
    const large = referenceBand('x', 'numeric', numbers(values), test, numbers(values), 2500)!;
    expect(large.upper).toBeLessThan(band.upper);
    // a comparison as large as the reference gets its two halves
    const whole = referenceBand('x', 'numeric', numbers(values), test, numbers(values), 6000)!;
    const halves = [values.slice(0, 3000), values.slice(3000)].map((h) => driftSeverity(columnDrift({ column: 'x', type: 'numeric', reference: numbers(values), current: numbers(h), override: test }))!);
    expect(whole).toEqual({ lower: Math.min(...halves), upper: Math.max(...halves) });
  });

  it('draws the band of a reference past BAND_MAX_VALUES from every k-th value, as if that thinned reference had been passed', () => {
    const n = BAND_MAX_VALUES * 2 + 2; // step 3: values 0, 3, 6, ...
    const random = mulberry32(11);
    const values = Float64Array.from({ length: n }, (_, i) => random() * (i < n / 2 ? 1 : 1.2));
    const thinned = values.filter((_, i) => i % 3 === 0);
    const test = { test: 'wasserstein' as const, threshold: 0.1 };
    const band = referenceBand('x', 'numeric', numbers(values), test);
    const direct = referenceBand('x', 'numeric', numbers(thinned), test)!;
    expect(band!.lower).toBeCloseTo(direct.lower, 12);
    expect(band!.upper).toBeCloseTo(direct.upper, 12);
  });

  it('works on categories, counted once for the ten chunks', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i < 360 ? ['a', 'b', 'c'][i % 3] : 'a'));
    const band = referenceBand('c', 'categorical', { kind: 'categorical', values, nulls: 0 }, { test: 'chisquare', threshold: 0.05 });
    const last = driftSeverity(columnDrift({ column: 'c', type: 'categorical', reference: { kind: 'categorical', values, nulls: 0 }, current: { kind: 'categorical', values: values.slice(360), nulls: 0 }, override: { test: 'chisquare', threshold: 0.05 } }))!;
    expect(band!.upper).toBe(last);
    expect(band!.lower).toBeLessThan(1);
  });
});
