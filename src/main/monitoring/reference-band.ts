// The reference band (as NannyML draws it): the drift severity a column reaches between chunks of the reference itself and the whole reference, so a window's severity can be read against the noise of data that did not move.
import type { ColumnType } from '../../shared/domain';
import { driftSeverity, type ColumnTestOverride } from '../../shared/monitoring';
import { columnDrift, type ColumnSample } from './column-drift';

/** The reference is cut into this many chunks (fewer when it is small)... */
export const BAND_CHUNKS = 10;
/** ...of at least this many non-null values; under two such chunks there is no band. */
export const MIN_CHUNK_VALUES = 20;

/**
 * min..max severity of each chunk of the reference's non-null values (in stored order, as production batches
 * arrive) tested against the whole reference with the column's own test and threshold, the comparison each window
 * gets. Null when the reference has fewer than 2 chunks of MIN_CHUNK_VALUES, or no chunk's test gives a severity.
 */
export function referenceBand(column: string, type: ColumnType, reference: ColumnSample, test: ColumnTestOverride): { lower: number; upper: number } | null {
  const n = reference.values.length;
  const chunks = Math.min(BAND_CHUNKS, Math.floor(n / MIN_CHUNK_VALUES));
  if (chunks < 2) return null;
  let lower = Infinity;
  let upper = -Infinity;
  for (let k = 0; k < chunks; k++) {
    const from = Math.floor((k * n) / chunks);
    const to = Math.floor(((k + 1) * n) / chunks);
    const chunk: ColumnSample = reference.kind === 'numeric' ? { kind: 'numeric', values: reference.values.subarray(from, to), nulls: 0 } : { kind: 'categorical', values: reference.values.slice(from, to), nulls: 0 };
    const severity = driftSeverity(columnDrift({ column, type, reference, current: chunk, override: test }));
    if (severity === null) continue;
    if (severity < lower) lower = severity;
    if (severity > upper) upper = severity;
  }
  return lower === Infinity ? null : { lower, upper };
}
