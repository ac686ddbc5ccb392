import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { openDatasetColumns, type DatasetColumns } from './dataset-columns';
import type { FeatureColumn } from '../training/model-types';
import { codeLabels, takeLabels, takeRows } from './training-data';

describe('takeRows', () => {
  it('takes the given rows of a numeric column in the given order, repeats and missing values included, into a new column', () => {
    const col: FeatureColumn = { name: 'x', kind: 'numeric', values: Float64Array.from([0.5, NaN, -0, 3, 1e300]) };
    const taken = takeRows(col, Int32Array.from([4, 1, 1, 2, 0]));
    expect(taken.kind).toBe('numeric');
    expect(Array.from(taken.values as Float64Array)).toEqual([1e300, NaN, NaN, -0, 0.5]);
    expect(Object.is((taken.values as Float64Array)[3], -0)).toBe(true);
    (taken.values as Float64Array)[0] = 7;
    expect(col.values[4]).toBe(1e300);
  });

  it('takes the given rows of categorical and text columns, nulls included, keeping the kind and name', () => {
    for (const kind of ['categorical', 'text'] as const) {
      const col: FeatureColumn = { name: 'c', kind, values: ['a', null, 'b', 'c'] };
      expect(takeRows(col, Int32Array.from([3, 1, 0]))).toEqual({ name: 'c', kind, values: ['c', null, 'a'] });
      expect(takeRows(col, new Int32Array(0)).values).toEqual([]);
    }
  });
});

describe('takeLabels', () => {
  it('takes class indices and regression values at the given rows, keeping the array type', () => {
    const classes = takeLabels(Int32Array.from([2, 0, 1]), Int32Array.from([1, 2, 2]));
    expect(classes).toBeInstanceOf(Int32Array);
    expect(Array.from(classes)).toEqual([0, 1, 1]);
    const values = takeLabels(Float64Array.from([0.25, 1.5]), Int32Array.from([1, 0]));
    expect(values).toBeInstanceOf(Float64Array);
    expect(Array.from(values)).toEqual([1.5, 0.25]);
  });
});

describe('codeLabels', () => {
  let p: TempProject;
  beforeEach(() => {
    p = tempProject();
  });
  afterEach(() => p.cleanup());

  /** The labels as each row's text defines them: classes sorted as numbers when all are, each row's index among them. */
  function byText(data: DatasetColumns, target: string) {
    const col = data.read(target);
    const text = (i: number) => (col.kind === 'numeric' ? (Number.isNaN(col.values[i]) ? null : String(col.values[i])) : col.values[i]);
    const kept = Array.from({ length: data.rows }, (_, i) => i).filter((i) => text(i) !== null);
    const names = [...new Set(kept.map(text))] as string[];
    const numeric = names.every((n) => Number.isFinite(Number(n)));
    const classes = numeric ? names.sort((a, b) => Number(a) - Number(b)) : names.sort();
    return { classes, y: Int32Array.from(kept, (i) => classes.indexOf(text(i)!)), kept: Int32Array.from(kept) };
  }

  it('codes numeric, integer and categorical targets as their rows written as text would, missing rows dropped, 2 before 10', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => {
      const k = i % 9 === 0 ? '' : ['10', '2', '0', '-3', '7'][(i * 7) % 5];
      const f = i % 11 === 0 ? 'NA' : ['0.5', '-1.25', '2', '1e3'][(i * 3) % 4];
      const c = i % 13 === 0 ? '' : ['b', 'a', 'B', 'é'][(i * 5) % 4];
      return [k, f, c, (i * 0.37).toFixed(2)].join(',');
    });
    const file = p.file('labels.csv', `k,f,c,x\n${rows.join('\n')}\n`);
    await importDataset(p.store, { path: file, fileName: path.basename(file), name: 'labels' }, quietProgress());
    const data = openDatasetColumns(p.store, 'labels', 1);
    expect(data.schema.map((c) => c.type)).toEqual(['integer', 'numeric', 'categorical', 'numeric']);
    for (const target of ['k', 'f', 'c']) {
      const labels = codeLabels('gbdt', data, target);
      const expected = byText(data, target);
      expect(labels.task).toBe(target === 'f' ? 'regression' : 'multiclass');
      expect(labels.kept).toEqual(expected.kept);
      expect(labels.droppedMissingTarget).toBe(data.rows - expected.kept.length);
      if (target === 'f') {
        expect(labels.classes).toBeNull();
        expect(labels.y).toEqual(Float64Array.from(expected.kept, (i) => data.read('f').values[i] as number));
      } else {
        expect(labels.classes).toEqual(expected.classes);
        expect(labels.y).toEqual(expected.y);
      }
    }
    expect(codeLabels('gbdt', data, 'k').classes).toEqual(['-3', '0', '2', '7', '10']);
    expect(codeLabels('logreg', data, 'f').classes).toEqual(['-1.25', '0.5', '2', '1000']);
  });
});
