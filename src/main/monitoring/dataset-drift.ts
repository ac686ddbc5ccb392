// Per-column drift verdicts between two stored dataset versions (any two datasets with compatible columns) and the dataset verdict from the share of drifted columns.
import type { ColumnType } from '../../shared/domain';
import { fail } from '../../shared/errors';
import { openDatasetColumns, type DatasetColumns } from '../experiments/dataset-columns';
import type { ProjectStore } from '../store/project-store';
import { columnDrift, type ColumnDrift, type ColumnOverride, type ColumnSample } from './column-drift';

export interface DatasetVersionRef {
  dataset: string;
  version: number;
}

export interface DatasetDriftOptions {
  /** dataset drift when at least this share of the tested columns drift; Evidently's 0.5 by default */
  driftShare?: number;
  /** per-column test and threshold instead of the automatic choice */
  overrides?: Readonly<Record<string, ColumnOverride>>;
}

export interface DatasetDrift {
  /** lineage ids, `<name>@<version>` */
  reference: string;
  current: string;
  columns: ColumnDrift[];
  /** columns present on one side only: listed, not tested */
  onlyInReference: string[];
  onlyInCurrent: string[];
  /** shared columns whose kinds differ (numbers on one side, categories on the other): listed, not tested */
  incompatible: { column: string; reference: ColumnType; current: ColumnType }[];
  /** columns a test ran on (those with no possible test are left out of the share) */
  testedColumns: number;
  driftedColumns: number;
  /** driftedColumns / testedColumns, 0 when nothing could be tested */
  share: number;
  driftShare: number;
  datasetDrift: boolean;
}

export const DEFAULT_DRIFT_SHARE = 0.5;

export function datasetDrift(store: ProjectStore, reference: DatasetVersionRef, current: DatasetVersionRef, options: DatasetDriftOptions = {}): DatasetDrift {
  const driftShare = options.driftShare ?? DEFAULT_DRIFT_SHARE;
  if (!(driftShare > 0 && driftShare <= 1)) fail('BAD_INPUT', `Drift share ${driftShare} is not in (0, 1].`, { where: { field: 'driftShare' } });
  const ref = openDatasetColumns(store, reference.dataset, reference.version);
  const cur = openDatasetColumns(store, current.dataset, current.version);
  const curTypes = new Map(cur.schema.map((c) => [c.name, c.type]));
  const refNames = new Set(ref.schema.map((c) => c.name));
  const overrides = options.overrides ?? {};
  for (const name of Object.keys(overrides)) {
    if (!refNames.has(name) || !curTypes.has(name)) fail('BAD_INPUT', `A drift test is set for column '${name}', which ${ref.versionId} and ${cur.versionId} do not both have.`, { where: { field: name } });
  }
  const columns: ColumnDrift[] = [];
  const incompatible: DatasetDrift['incompatible'] = [];
  for (const { name, type } of ref.schema) {
    const curType = curTypes.get(name);
    if (curType === undefined) continue;
    if (sampleKind(type) !== sampleKind(curType)) {
      incompatible.push({ column: name, reference: type, current: curType });
      continue;
    }
    columns.push(columnDrift({ column: name, type, reference: readSample(ref, name, type), current: readSample(cur, name, curType), override: overrides[name] }));
  }
  const tested = columns.filter((c) => c.test !== null && c.statistic !== null);
  const drifted = tested.filter((c) => c.drift).length;
  const share = tested.length > 0 ? drifted / tested.length : 0;
  return {
    reference: ref.versionId,
    current: cur.versionId,
    columns,
    onlyInReference: ref.schema.filter((c) => !curTypes.has(c.name)).map((c) => c.name),
    onlyInCurrent: cur.schema.filter((c) => !refNames.has(c.name)).map((c) => c.name),
    incompatible,
    testedColumns: tested.length,
    driftedColumns: drifted,
    share,
    driftShare,
    datasetDrift: tested.length > 0 && share >= driftShare,
  };
}

/** Numbers and datetimes are compared as numbers; booleans, categories and text as categories (Evidently's cat). */
function sampleKind(type: ColumnType): ColumnSample['kind'] {
  return type === 'integer' || type === 'numeric' || type === 'datetime' ? 'numeric' : 'categorical';
}

/** A column's non-null values and null count; non-finite numbers count as nulls, as Evidently replaces ±inf by NaN and drops it. */
function readSample(version: DatasetColumns, name: string, type: ColumnType): ColumnSample {
  const column = version.read(name);
  if (column.kind === 'numeric') {
    if (type === 'boolean') {
      const values: string[] = [];
      for (const x of column.values) if (!Number.isNaN(x)) values.push(x !== 0 ? 'true' : 'false');
      return { kind: 'categorical', values, nulls: column.values.length - values.length };
    }
    const finite = column.values.filter((x) => Number.isFinite(x));
    return { kind: 'numeric', values: finite, nulls: column.values.length - finite.length };
  }
  const values = column.values.filter((x): x is string => x !== null);
  return { kind: 'categorical', values, nulls: column.values.length - values.length };
}
