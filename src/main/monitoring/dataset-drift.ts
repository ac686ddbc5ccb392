// Which columns two dataset versions (any two datasets with compatible columns) compare, how their cells become drift samples, and the dataset verdict from the share of drifted columns.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import type { ColumnDriftResult, ColumnTestOverride } from '../../shared/monitoring';
import type { DatasetColumns } from '../experiments/dataset-columns';
import type { FeatureColumn } from '../training/model-types';
import type { ColumnSample } from './column-drift';

export interface ColumnPairing {
  /** the columns to test, in the reference's order, with the reference's type */
  columns: { column: string; type: ColumnType }[];
  /** columns present on one side only: listed, not tested */
  onlyInReference: string[];
  onlyInCurrent: string[];
  /** shared columns whose kinds differ (numbers on one side, categories on the other): listed, not tested */
  incompatible: { column: string; reference: ColumnType; current: ColumnType }[];
  /** shared datetime columns left out of the default set (later data lies later by construction): listed, not tested */
  timestamps: string[];
}

export interface PairingOptions {
  /** only these columns; each must be on both sides */
  columns?: readonly string[];
  /** per-column tests; each must name a compared column */
  tests?: Readonly<Record<string, ColumnTestOverride>>;
  /** left out of the default set (a report's time-window column drifts by construction), still testable by name; datetime columns always are */
  exclude?: readonly string[];
}

/** The columns both versions share (or the requested ones, refused by name when a side lacks one). */
export function pairColumns(ref: DatasetColumns, cur: DatasetColumns, options: PairingOptions = {}): ColumnPairing {
  const refTypes = new Map(ref.schema.map((c) => [c.name, c.type]));
  const curTypes = new Map(cur.schema.map((c) => [c.name, c.type]));
  for (const name of options.columns ?? []) {
    const missing = !refTypes.has(name) ? ref.versionId : !curTypes.has(name) ? cur.versionId : null;
    if (missing) fail('BAD_INPUT', `Column '${name}' was asked for, but ${missing} has no such column.`, { where: { field: name } });
  }
  const excluded = new Set(options.exclude ?? []);
  const wanted = options.columns ? new Set(options.columns) : null;
  // by default a datetime column is left out like the window column: later data lies later, so it would always drift
  const byDefault = (c: { name: string; type: ColumnType }) => !excluded.has(c.name) && c.type !== 'datetime';
  const shared = ref.schema.filter((c) => curTypes.has(c.name));
  const candidates = shared.filter((c) => (wanted ? wanted.has(c.name) : byDefault(c)));
  for (const name of Object.keys(options.tests ?? {})) {
    if (!refTypes.has(name) || !curTypes.has(name)) fail('BAD_INPUT', `A drift test is set for column '${name}', which ${ref.versionId} and ${cur.versionId} do not both have.`, { where: { field: name } });
    if (!candidates.some((c) => c.name === name)) fail('BAD_INPUT', `A drift test is set for column '${name}', which the report does not compare.`, { where: { field: name }, hint: 'Add the column to the report\'s columns.' });
  }
  const columns: ColumnPairing['columns'] = [];
  const incompatible: ColumnPairing['incompatible'] = [];
  for (const { name, type } of candidates) {
    const curType = curTypes.get(name) ?? type;
    if (sampleKind(type) === sampleKind(curType)) columns.push({ column: name, type });
    else incompatible.push({ column: name, reference: type, current: curType });
  }
  return {
    columns,
    onlyInReference: ref.schema.filter((c) => !curTypes.has(c.name)).map((c) => c.name),
    onlyInCurrent: cur.schema.filter((c) => !refTypes.has(c.name)).map((c) => c.name),
    incompatible,
    timestamps: wanted ? [] : shared.filter((c) => c.type === 'datetime' && !excluded.has(c.name)).map((c) => c.name),
  };
}

/** Numbers and datetimes are compared as numbers; booleans, categories and text as categories (Evidently's cat). */
export function sampleKind(type: ColumnType): ColumnSample['kind'] {
  return type === 'integer' || type === 'numeric' || type === 'datetime' ? 'numeric' : 'categorical';
}

/**
 * A column's non-null values (in stored order) and null count, over `rows` (indices) or every row when null.
 * Non-finite numbers count as nulls, as Evidently replaces ±inf by NaN and drops it. Numbers are copied in two
 * passes (count, then fill) into one typed array: no per-row allocation on million-row columns.
 */
export function columnSample(column: FeatureColumn, type: ColumnType, rows: Int32Array | null): ColumnSample {
  const n = rows ? rows.length : column.values.length;
  if (column.kind === 'numeric') {
    const all = column.values;
    if (type === 'boolean') {
      const values: string[] = [];
      for (let i = 0; i < n; i++) {
        const x = all[rows ? rows[i] : i];
        if (!Number.isNaN(x)) values.push(x !== 0 ? 'true' : 'false');
      }
      return { kind: 'categorical', values, nulls: n - values.length };
    }
    let finite = 0;
    for (let i = 0; i < n; i++) if (Number.isFinite(all[rows ? rows[i] : i])) finite++;
    const values = new Float64Array(finite);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const x = all[rows ? rows[i] : i];
      if (Number.isFinite(x)) values[at++] = x;
    }
    return { kind: 'numeric', values, nulls: n - finite };
  }
  const values: string[] = [];
  for (let i = 0; i < n; i++) {
    const x = column.values[rows ? rows[i] : i];
    if (x !== null) values.push(x);
  }
  return { kind: 'categorical', values, nulls: n - values.length };
}

/** The dataset verdict: drifted share of the columns a test ran on (untestable columns are left out of the share). */
export function shareVerdict(columns: readonly Pick<ColumnDriftResult, 'test' | 'statistic' | 'drift'>[], driftShare: number): { testedColumns: number; driftedColumns: number; share: number; datasetDrift: boolean } {
  let tested = 0;
  let drifted = 0;
  for (const c of columns) {
    if (c.test === null || c.statistic === null) continue;
    tested++;
    if (c.drift) drifted++;
  }
  const share = tested > 0 ? drifted / tested : 0;
  return { testedColumns: tested, driftedColumns: drifted, share, datasetDrift: tested > 0 && share >= driftShare };
}
