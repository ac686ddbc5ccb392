import { describe, expect, it } from 'vitest';
import type { ColumnSchema } from '../../shared/domain';
import type { DatasetColumns } from '../experiments/dataset-columns';
import { columnSample, pairColumns, shareVerdict } from './dataset-drift';

function schemaOnly(versionId: string, schema: ColumnSchema[]): DatasetColumns {
  return {
    versionId,
    dataset: versionId.split('@')[0],
    version: 1,
    rows: 0,
    schema,
    read: () => {
      throw new Error('pairing reads no data');
    },
  };
}

describe('columnSample', () => {
  it('counts NaN, Infinity and -Infinity as missing and keeps the finite values in stored order', () => {
    const column = { name: 'x', kind: 'numeric' as const, values: Float64Array.of(3, NaN, Infinity, -1, -Infinity, 0) };
    const sample = columnSample(column, 'numeric', null);
    expect(sample).toEqual({ kind: 'numeric', values: Float64Array.of(3, -1, 0), nulls: 3 });
  });

  it('takes only the given rows, in the order given', () => {
    const column = { name: 'x', kind: 'numeric' as const, values: Float64Array.of(10, 11, NaN, 13, 14) };
    expect(columnSample(column, 'integer', Int32Array.of(4, 2, 0))).toEqual({ kind: 'numeric', values: Float64Array.of(14, 10), nulls: 1 });
    expect(columnSample(column, 'integer', new Int32Array(0))).toEqual({ kind: 'numeric', values: new Float64Array(0), nulls: 0 });
  });

  it('turns a boolean column into the categories true and false, and drops null strings of a categorical column', () => {
    expect(columnSample({ name: 'b', kind: 'numeric', values: Float64Array.of(1, 0, NaN, 1) }, 'boolean', null)).toEqual({ kind: 'categorical', values: ['true', 'false', 'true'], nulls: 1 });
    expect(columnSample({ name: 'c', kind: 'categorical', values: ['a', null, 'b'] }, 'categorical', Int32Array.of(1, 2))).toEqual({ kind: 'categorical', values: ['b'], nulls: 1 });
  });
});

describe('pairColumns', () => {
  const ref = schemaOnly('a@1', [
    { name: 'at', type: 'datetime' },
    { name: 'x', type: 'integer' },
    { name: 'flag', type: 'boolean' },
    { name: 'gone', type: 'numeric' },
  ]);
  const cur = schemaOnly('b@1', [
    { name: 'flag', type: 'categorical' },
    { name: 'x', type: 'numeric' },
    { name: 'at', type: 'datetime' },
    { name: 'new', type: 'text' },
  ]);

  it("pairs the shared columns in the reference's order, numbers with numbers and categories with booleans, and leaves excluded ones out unless asked for", () => {
    expect(pairColumns(ref, cur, { exclude: ['at'] })).toEqual({
      columns: [
        { column: 'x', type: 'integer' },
        { column: 'flag', type: 'boolean' },
      ],
      onlyInReference: ['gone'],
      onlyInCurrent: ['new'],
      incompatible: [],
      timestamps: [],
    });
    expect(pairColumns(ref, cur, { columns: ['at'], exclude: ['at'] }).columns).toEqual([{ column: 'at', type: 'datetime' }]);
  });

  it('leaves a shared datetime column out by default and lists it, and tests it when asked for by name', () => {
    const all = pairColumns(ref, cur);
    expect(all.columns.map((c) => c.column)).toEqual(['x', 'flag']);
    expect(all.timestamps).toEqual(['at']);
    const named = pairColumns(ref, cur, { columns: ['at', 'x'] });
    expect(named.columns).toEqual([{ column: 'at', type: 'datetime' }, { column: 'x', type: 'integer' }]);
    expect(named.timestamps).toEqual([]);
  });
});

describe('shareVerdict', () => {
  it('leaves columns no test ran on out of the share, and calls dataset drift at exactly the drift share', () => {
    const tested = (drift: boolean) => ({ test: 'ks' as const, statistic: 0.5, drift });
    const untested = { test: null, statistic: null, drift: false };
    const columns = [tested(true), tested(false), untested, untested].map((c, i) => ({ column: `c${i}`, ...c }));
    expect(shareVerdict(columns, 0.5)).toEqual({ testedColumns: 2, driftedColumns: 1, share: 0.5, datasetDrift: true });
    expect(shareVerdict(columns, 0.51)).toMatchObject({ datasetDrift: false });
    expect(shareVerdict([untested].map((c) => ({ column: 'u', ...c })), 0.5)).toEqual({ testedColumns: 0, driftedColumns: 0, share: 0, datasetDrift: false });
  });
});
