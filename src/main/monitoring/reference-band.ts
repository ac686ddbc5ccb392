// The reference band (as NannyML draws it): the drift severity a column reaches between chunks of the reference itself and the whole reference, so a window's severity can be read against the noise of data that did not move.
import type { ColumnType } from '../../shared/domain';
import { driftSeverity, type ColumnTestOverride } from '../../shared/monitoring';
import { columnDrift, type ColumnSample } from './column-drift';
import { countCategories } from './common-bins';
import { sortedNumbers } from './sort-numbers';

/** The reference is cut into this many chunks (fewer when it is small)... */
export const BAND_CHUNKS = 10;
/** ...of at least this many non-null values; under two such chunks there is no band. */
export const MIN_CHUNK_VALUES = 20;

/**
 * Past this many values the band is drawn from every k-th value (stored order kept): each chunk's test walks the
 * whole reference, so ten chunks of a million-row reference cost ten full comparisons per column, and chunks of a
 * tenth of a huge reference are far larger than the windows the band is read against.
 */
export const BAND_MAX_VALUES = 100_000;

/**
 * min..max severity of chunks of the reference's non-null values (stored order, as production batches arrive) each
 * tested against the whole reference with the column's own test and threshold, the comparison each window gets.
 * A chunk holds `comparedValues` values when that is given (the size of what the band is read against: a distance
 * on 170 values runs higher than on 17,000, so a band from chunks of another size would mislead), at most half the
 * reference; the chunks are spread evenly over it, at most BAND_CHUNKS of them. Without a size the reference is cut
 * into BAND_CHUNKS chunks (of at least MIN_CHUNK_VALUES). `whole` is the same reference in any order (the report passes it sorted once, so no
 * chunk's test sorts a million values again). Null when fewer than 2 chunks of MIN_CHUNK_VALUES fit, or no chunk's
 * test gives a severity.
 */
export function referenceBand(column: string, type: ColumnType, reference: ColumnSample, test: ColumnTestOverride, whole: ColumnSample = reference, comparedValues?: number): { lower: number; upper: number } | null {
  if (reference.values.length > BAND_MAX_VALUES) {
    const thinned = thin(reference);
    return referenceBand(column, type, thinned, test, thinned.kind === 'numeric' ? { ...thinned, values: sortedNumbers(thinned.values), ascending: true } : { ...thinned, counts: countCategories(thinned.values) }, comparedValues);
  }
  const n = reference.values.length;
  const size = comparedValues === undefined ? Math.max(MIN_CHUNK_VALUES, Math.floor(n / BAND_CHUNKS)) : Math.min(Math.max(comparedValues, MIN_CHUNK_VALUES), Math.floor(n / 2));
  const chunks = size < MIN_CHUNK_VALUES ? 0 : Math.min(BAND_CHUNKS, Math.floor(n / size));
  if (chunks < 2) return null;
  let lower = Infinity;
  let upper = -Infinity;
  for (let k = 0; k < chunks; k++) {
    // evenly spread, never overlapping: chunks * size <= n
    const from = Math.floor((k * (n - size)) / (chunks - 1));
    const to = from + size;
    const chunk: ColumnSample = reference.kind === 'numeric' ? { kind: 'numeric', values: reference.values.subarray(from, to), nulls: 0 } : { kind: 'categorical', values: reference.values.slice(from, to), nulls: 0 };
    const severity = driftSeverity(columnDrift({ column, type, reference: whole, current: chunk, override: test }));
    if (severity === null) continue;
    if (severity < lower) lower = severity;
    if (severity > upper) upper = severity;
  }
  return lower === Infinity ? null : { lower, upper };
}

/** Every k-th value, k the smallest step that leaves at most BAND_MAX_VALUES. */
function thin(sample: ColumnSample): ColumnSample {
  const step = Math.ceil(sample.values.length / BAND_MAX_VALUES);
  if (sample.kind === 'numeric') return { kind: 'numeric', values: sample.values.filter((_, i) => i % step === 0), nulls: 0 };
  return { kind: 'categorical', values: sample.values.filter((_, i) => i % step === 0), nulls: 0 };
}
