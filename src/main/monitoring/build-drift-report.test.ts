import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fail } from '../../shared/errors';
import { driftRequest, driftSeverity, type DriftRequestInput, type DriftWindow, type ReportColumn } from '../../shared/monitoring';
import { importDataset } from '../datasets/import-dataset';
import { quietProgress, tempProject, type TempProject } from '../datasets/test-project';
import { rejectionOf } from '../test-support/app-error-of';
import { buildDriftReport } from './build-drift-report';
import { chiSquareTest } from './chi-square';
import { columnDrift } from './column-drift';
import { ksTwoSample } from './ks-two-sample';
import { proportionZTest } from './proportion-z-test';
import { referenceBand } from './reference-band';

let p: TempProject;
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());

async function importCsv(name: string, header: string, rows: string[]): Promise<void> {
  const file = p.file(`${name}-${Math.random().toString(16).slice(2)}.csv`, `${header}\n${rows.join('\n')}\n`);
  await importDataset(p.store, { path: file, fileName: path.basename(file), name }, quietProgress());
}

const META = { id: 'drift-0123456789abcdef', createdAt: '2026-01-05T10:00:00.000Z', createdBy: 'tester', monitorId: null };
const quiet = { progress: () => undefined, checkCancelled: () => undefined };

function build(input: Partial<DriftRequestInput> & Pick<DriftRequestInput, 'reference' | 'current'>) {
  return buildDriftReport(p.store, driftRequest.parse({ multivariate: false, ...input }), quiet, META);
}

function buildError(input: Partial<DriftRequestInput> & Pick<DriftRequestInput, 'reference' | 'current'>) {
  return rejectionOf(build(input));
}

function byName<T extends { column: string }>(columns: T[]): Map<string, T> {
  return new Map(columns.map((c) => [c.column, c]));
}

const COLOURS = ['red', 'green', 'blue'];
const N = 300;
// reference: shift = 0..299 scrambled, stable = i % 50, colour cycles red/green/blue, gone only here
const referenceRows = Array.from({ length: N }, (_, i) => `${(i * 7) % N},${i % 50},${COLOURS[i % 3]},${i}`);
// current: shift moved up by 60, stable unchanged, colour gains 'violet' on every tenth row, added only here
const currentRows = Array.from({ length: N }, (_, i) => `${((i * 7) % N) + 60},${i % 50},${i % 10 === 0 ? 'violet' : COLOURS[i % 3]},${-i}`);
const train1 = { dataset: 'train', version: 1 };

describe('buildDriftReport: reference vs current', () => {
  it('detects a shifted numeric column and a new category, not an unchanged column, with the statistics the underlying tests give, and lists columns only one side has', async () => {
    await importCsv('train', 'shift,stable,colour,gone', referenceRows);
    await importCsv('prod', 'shift,stable,colour,added', currentRows);
    const report = await build({ reference: train1, current: { dataset: 'prod', version: 1 } });

    expect(report).toMatchObject({ id: META.id, name: 'train@1 vs prod@1', reference: 'train@1', current: 'prod@1', referenceRows: N, currentRows: N, onlyInReference: ['gone'], onlyInCurrent: ['added'], incompatible: [], windows: null, multivariate: null, prediction: null });
    const columns = byName(report.columns);
    expect([...columns.keys()]).toEqual(['shift', 'stable', 'colour']);

    const shift = columns.get('shift')!;
    const ks = ksTwoSample(
      Float64Array.from({ length: N }, (_, i) => (i * 7) % N),
      Float64Array.from({ length: N }, (_, i) => ((i * 7) % N) + 60),
    );
    expect(shift).toMatchObject({ type: 'integer', test: 'ks', statistic: ks.statistic, pValue: ks.pValue, drift: true, outOfRange: { below: 0, above: 60 }, missingRef: 0, missingCur: 0, missingDrift: false });
    expect(shift.severity).toBe(Math.log(ks.pValue) / Math.log(0.05));
    expect(shift.severity).toBeGreaterThan(1);

    expect(columns.get('stable')).toMatchObject({ test: 'ks', statistic: 0, pValue: 1, drift: false, outOfRange: { below: 0, above: 0 } });
    expect(columns.get('stable')!.severity).toBeCloseTo(0, 15);

    const colour = columns.get('colour')!;
    expect(colour).toMatchObject({ type: 'categorical', test: 'chisquare', drift: true, newCategories: ['violet'] });
    const currentColours = Array.from({ length: N }, (_, i) => (i % 10 === 0 ? 'violet' : COLOURS[i % 3]));
    const count = (c: string) => currentColours.filter((x) => x === c).length;
    expect(colour.statistic).toBe(chiSquareTest([count('red'), count('green'), count('blue'), count('violet')], [100, 100, 100, 0]).statistic);

    expect(report).toMatchObject({ testedColumns: 3, driftedColumns: 2, driftShare: 0.5, datasetDrift: true });
    expect(report.share).toBeCloseTo(2 / 3, 15);
  });

  it('takes a configurable drift share, per-column tests and a column list, and refuses columns one side lacks by name', async () => {
    await importCsv('train', 'shift,stable,colour,gone', referenceRows);
    await importCsv('train', 'shift,stable,colour,added', currentRows);
    const train2 = { dataset: 'train', version: 2 };
    const strict = await build({ reference: train1, current: train2, driftShare: 0.9, tests: { stable: { test: 'wasserstein', threshold: 0.5 } } });
    expect(strict.columns.find((c) => c.column === 'stable')).toMatchObject({ test: 'wasserstein', threshold: 0.5, statistic: 0, drift: false, severity: 0 });
    expect(strict).toMatchObject({ driftedColumns: 2, driftShare: 0.9, datasetDrift: false });

    const two = await build({ reference: train1, current: train2, columns: ['colour', 'stable'] });
    // the reference's column order, whatever order the request lists them in
    expect(two.columns.map((c) => c.column)).toEqual(['stable', 'colour']);

    expect(await buildError({ reference: train1, current: train2, tests: { gone: { test: 'ks' } } })).toMatchObject({ code: 'BAD_INPUT', message: "A drift test is set for column 'gone', which train@1 and train@2 do not both have." });
    expect(await buildError({ reference: train1, current: train2, columns: ['shift', 'gone'] })).toMatchObject({ code: 'BAD_INPUT', message: "Column 'gone' was asked for, but train@2 has no such column.", where: { field: 'gone' } });
    expect(await buildError({ reference: train1, current: train2, columns: ['added'] })).toMatchObject({ code: 'BAD_INPUT', message: "Column 'added' was asked for, but train@1 has no such column." });
    expect(await buildError({ reference: train1, current: train2, columns: ['shift'], tests: { stable: { test: 'ks' } } })).toMatchObject({ code: 'BAD_INPUT', message: "A drift test is set for column 'stable', which the report does not compare." });
    expect(await buildError({ reference: train1, current: { dataset: 'train', version: 3 } })).toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^Dataset 'train' has no version 3/) });
  });

  it('compares a boolean column as two categories with the Z-test and counts its empty cells as missing', async () => {
    // an id column keeps rows with an empty flag from being blank lines
    await importCsv('flags', 'id,flag', Array.from({ length: 100 }, (_, i) => `${i},${i % 2 === 0 ? 'true' : 'false'}`));
    await importCsv('flags', 'id,flag', Array.from({ length: 100 }, (_, i) => `${i},${i < 30 ? '' : i % 5 === 0 ? 'false' : 'true'}`));
    const report = await build({ reference: { dataset: 'flags', version: 1 }, current: { dataset: 'flags', version: 2 } });
    const flag = report.columns[1];
    // current: 70 non-null, 14 of them false (i = 30, 35, ..., 95)
    expect(flag).toMatchObject({ type: 'boolean', test: 'z', pValue: proportionZTest(50, 100, 56, 70).pValue, drift: true, missingRef: 0, missingCur: 0.3, missingDrift: true, newCategories: [] });
    expect(flag.histogram).toEqual({ kind: 'categorical', categories: ['true', 'false'], reference: [50, 50], current: [56, 14], otherReference: 0, otherCurrent: 0 });
  });

  it('lists a column whose type differs between the versions instead of testing it', async () => {
    await importCsv('a', 'x,y', ['1,p', '2,q', '3,r']);
    await importCsv('b', 'x,y', ['u,1', 'v,2', 'w,3']);
    const report = await build({ reference: { dataset: 'a', version: 1 }, current: { dataset: 'b', version: 1 } });
    expect(report.columns).toEqual([]);
    expect(report.incompatible).toEqual([
      { column: 'x', reference: 'integer', current: 'text' },
      { column: 'y', reference: 'text', current: 'integer' },
    ]);
    expect(report).toMatchObject({ testedColumns: 0, share: 0, datasetDrift: false });
  });

  it('reports a constant column, an all-null column and null cells without failing, and leaves untestable columns out of the share', async () => {
    const ref = Array.from({ length: 60 }, (_, i) => `${i},7,,${i % 4 === 0 ? 'NaN' : i}`);
    const cur = Array.from({ length: 60 }, (_, i) => `${i},7,,${i % 2 === 0 ? 'NA' : i}`);
    await importCsv('edge', 'id,constant,empty,holes', ref);
    await importCsv('edge', 'id,constant,empty,holes', cur);
    const report = await build({ reference: { dataset: 'edge', version: 1 }, current: { dataset: 'edge', version: 2 } });
    const columns = byName(report.columns);
    // one value on both sides: at most two distinct values go to the Z-test, which sees no difference
    expect(columns.get('constant')).toMatchObject({ test: 'z', drift: false, missingRef: 0, missingCur: 0 });
    expect(columns.get('constant')!.histogram).toEqual({ kind: 'numeric', edges: [6.5, 7.5], reference: [60], current: [60] });
    expect(columns.get('empty')).toMatchObject({ test: null, statistic: null, severity: null, drift: false, missingRef: 1, missingCur: 1, skipped: 'no non-null values in the reference: no test possible', referenceBand: null });
    expect(columns.get('holes')).toMatchObject({ missingRef: 0.25, missingCur: 0.5, missingDrift: true, missingPValue: proportionZTest(15, 60, 30, 60).pValue });
    expect(report.testedColumns).toBe(3);
  });

  it('compares a one-row current version against the reference', async () => {
    await importCsv('tiny', 'x,c', Array.from({ length: 50 }, (_, i) => `${i},${COLOURS[i % 3]}`));
    await importCsv('tiny', 'x,c', ['1000,violet']);
    const report = await build({ reference: { dataset: 'tiny', version: 1 }, current: { dataset: 'tiny', version: 2 } });
    const [x, c] = report.columns;
    expect(x).toMatchObject({ test: 'ks', pValue: ksTwoSample(Float64Array.from({ length: 50 }, (_, i) => i), Float64Array.of(1000)).pValue, outOfRange: { below: 0, above: 1 } });
    expect(c).toMatchObject({ test: 'chisquare', newCategories: ['violet'], drift: true });
    // most frequent first over both sides, ties by name
    expect(c.histogram).toEqual({ kind: 'categorical', categories: ['green', 'red', 'blue', 'violet'], reference: [17, 17, 16, 0], current: [0, 0, 0, 1], otherReference: 0, otherCurrent: 0 });
  });
});

describe('buildDriftReport: histograms and the reference band', () => {
  it('bins numbers on 30 equal-width bins over the union range, integers with few values one bar each, and the top 30 categories with the rest summed as other', async () => {
    const ref = Array.from({ length: 400 }, (_, i) => `${i / 4},${i % 5},c${i % 40}`);
    const cur = Array.from({ length: 400 }, (_, i) => `${50 + i / 4},${(i % 5) + 2},c${i % 40}`);
    await importCsv('bins', 'x,small,many', ref);
    await importCsv('bins', 'x,small,many', cur);
    const report = await build({ reference: { dataset: 'bins', version: 1 }, current: { dataset: 'bins', version: 2 } });
    const columns = byName(report.columns);
    const x = columns.get('x')!.histogram!;
    if (x.kind !== 'numeric') fail('INTERNAL', 'x is numeric');
    expect(x.edges).toHaveLength(31);
    expect(x.edges[0]).toBe(0);
    expect(x.edges[30]).toBe(149.75);
    expect(x.reference.reduce((s, n) => s + n, 0)).toBe(400);
    expect(x.current.reduce((s, n) => s + n, 0)).toBe(400);
    // union range 0..149.75: the reference fills the lower third, the current the upper two thirds
    expect(x.current.slice(0, 10).every((n) => n === 0)).toBe(true);
    expect(columns.get('small')!.histogram).toEqual({ kind: 'numeric', edges: [-0.5, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5], reference: [80, 80, 80, 80, 80, 0, 0], current: [0, 0, 80, 80, 80, 80, 80] });
    const many = columns.get('many')!.histogram!;
    if (many.kind !== 'categorical') fail('INTERNAL', 'many is categorical');
    // 40 categories of 10 rows each side: ties in count are broken by name, the last 10 summed
    expect(many.categories).toEqual(Array.from({ length: 40 }, (_, i) => `c${i}`).sort().slice(0, 30));
    expect(many).toMatchObject({ otherReference: 100, otherCurrent: 100 });
    expect(many.reference.every((n) => n === 10)).toBe(true);
  });

  it('gives the severity range of reference chunks the size of the windows (or of the current data) against the whole reference as the band, and none for a reference under two chunks of 20 values', async () => {
    const ref = Array.from({ length: 400 }, (_, i) => `${(i * 37) % 101},${COLOURS[(i * 7) % 3]}`);
    await importCsv('band', 'x,c', ref);
    await importCsv('band', 'x,c', ref.slice(0, 39));
    const values = Float64Array.from({ length: 400 }, (_, i) => (i * 37) % 101);
    const severity = (chunk: Float64Array) => driftSeverity(columnDrift({ column: 'x', type: 'integer', reference: { kind: 'numeric', values, nulls: 0 }, current: { kind: 'numeric', values: chunk, nulls: 0 }, override: { test: 'ks', threshold: 0.05 } }))!;
    // windows of 40 rows: ten chunks of 40
    const windowed = await build({ reference: { dataset: 'band', version: 1 }, current: { dataset: 'band', version: 1 }, window: { kind: 'chunk', size: 40 } });
    const tenths = Array.from({ length: 10 }, (_, k) => severity(values.slice(k * 40, k * 40 + 40)));
    expect(windowed.columns[0].referenceBand).toEqual({ lower: Math.min(...tenths), upper: Math.max(...tenths) });
    expect(windowed.columns[1].referenceBand).not.toBeNull();
    // no windows: the current's 400 values are compared, so the chunks are as large as fit twice, the halves
    const report = await build({ reference: { dataset: 'band', version: 1 }, current: { dataset: 'band', version: 1 } });
    const halves = [severity(values.slice(0, 200)), severity(values.slice(200))];
    expect(report.columns[0].referenceBand).toEqual({ lower: Math.min(...halves), upper: Math.max(...halves) });

    const small = await build({ reference: { dataset: 'band', version: 2 }, current: { dataset: 'band', version: 1 } });
    expect(small.columns.map((col) => col.referenceBand)).toEqual([null, null]);
    expect(referenceBand('x', 'integer', { kind: 'numeric', values: values.slice(0, 40), nulls: 0 }, { test: 'ks' })).not.toBeNull();
  });
});

describe('buildDriftReport: windows', () => {
  it('tests each window of a time column against the whole reference on the report histogram edges, keeps an empty week, counts null timestamps, and leaves the time column out of the default columns', async () => {
    const ref = Array.from({ length: 90 }, (_, i) => `2024-01-01T00:00:00Z,${i % 30},${COLOURS[i % 3]}`);
    // week 1 (Mon 2024-01-01 .. Sun 01-07): like the reference; week 2: nothing; week 3 (01-15 ..): shifted; 3 rows without a time
    const cur = [
      ...Array.from({ length: 60 }, (_, i) => `2024-01-0${1 + (i % 7)}T12:00:00Z,${i % 30},${COLOURS[i % 3]}`),
      ...Array.from({ length: 60 }, (_, i) => `2024-01-${15 + (i % 7)}T08:00:00Z,${(i % 30) + 20},${COLOURS[i % 3]}`),
      ',1,red',
      ',2,red',
      ',3,red',
    ];
    await importCsv('times', 'at,x,c', ref);
    await importCsv('times', 'at,x,c', cur);
    const report = await build({ reference: { dataset: 'times', version: 1 }, current: { dataset: 'times', version: 2 }, window: { kind: 'time', column: 'at', unit: 'week' } });
    expect(report.columns.map((c) => c.column)).toEqual(['x', 'c']);
    expect(report.unwindowedRows).toBe(3);
    const windows = report.windows!;
    expect(windows.map((w) => [w.label, w.start, w.end, w.rows, w.empty])).toEqual([
      ['2024-W01', '2024-01-01T00:00:00.000Z', '2024-01-08T00:00:00.000Z', 60, false],
      ['2024-W02', '2024-01-08T00:00:00.000Z', '2024-01-15T00:00:00.000Z', 0, true],
      ['2024-W03', '2024-01-15T00:00:00.000Z', '2024-01-22T00:00:00.000Z', 60, false],
    ]);
    expect(windows[1]).toMatchObject({ columns: [], share: 0, datasetDrift: false });
    const refX = Float64Array.from({ length: 90 }, (_, i) => i % 30);
    const week = (w: DriftWindow) => byName(w.columns).get('x')!;
    expect(week(windows[0])).toMatchObject({ test: 'ks', statistic: ksTwoSample(refX, Float64Array.from({ length: 60 }, (_, i) => i % 30)).statistic, drift: false });
    expect(week(windows[2])).toMatchObject({ test: 'ks', pValue: ksTwoSample(refX, Float64Array.from({ length: 60 }, (_, i) => (i % 30) + 20)).pValue, drift: true });
    expect(windows[2]).toMatchObject({ share: 0.5, datasetDrift: true });
    const edges = (c: ReportColumn | DriftWindow['columns'][number]) => (c.histogram?.kind === 'numeric' ? c.histogram.edges : null);
    const whole = byName(report.columns).get('x')!;
    expect(edges(week(windows[0]))).toEqual(edges(whole));
    expect(edges(week(windows[2]))).toEqual(edges(whole));
    expect(week(windows[2]).histogram!.reference).toEqual(whole.histogram!.reference);
  });

  it('cuts the current data into fixed-size row chunks, the last one shorter', async () => {
    await importCsv('rows', 'x', Array.from({ length: 50 }, (_, i) => `${i}`));
    await importCsv('rows', 'x', Array.from({ length: 25 }, (_, i) => `${i * 2}`));
    const report = await build({ reference: { dataset: 'rows', version: 1 }, current: { dataset: 'rows', version: 2 }, window: { kind: 'chunk', size: 10 } });
    expect(report.windows!.map((w) => [w.label, w.rows])).toEqual([
      ['rows 1-10', 10],
      ['rows 11-20', 10],
      ['rows 21-25', 5],
    ]);
    const ref = Float64Array.from({ length: 50 }, (_, i) => i);
    expect(report.windows![1].columns[0].statistic).toBe(ksTwoSample(ref, Float64Array.from({ length: 10 }, (_, i) => (i + 10) * 2)).statistic);
    expect(report.unwindowedRows).toBe(0);
  });

  it('makes one window per version of the current dataset, and a version without a column gets that column skipped, not the report failed', async () => {
    await importCsv('batches', 'x,y', Array.from({ length: 40 }, (_, i) => `${i},${i % 4}`));
    await importCsv('batches', 'x', Array.from({ length: 40 }, (_, i) => `${i * 3 - 20}`));
    await importCsv('batches', 'x,y', Array.from({ length: 40 }, (_, i) => `${i + 30},${(i % 4) + 1}`));
    const report = await build({ reference: { dataset: 'batches', version: 1 }, current: { dataset: 'batches', version: 3 }, window: { kind: 'versions', from: 2 } });
    const [v2, v3] = report.windows!;
    expect([v2.label, v2.version, v2.rows, v3.label, v3.version, v3.rows]).toEqual(['batches@2', 2, 40, 'batches@3', 3, 40]);
    expect(v2.columns.map((c) => [c.column, c.skipped])).toEqual([
      ['x', null],
      ['y', "batches@2 has no column 'y'"],
    ]);
    expect(v2.columns[0].statistic).toBe(ksTwoSample(Float64Array.from({ length: 40 }, (_, i) => i), Float64Array.from({ length: 40 }, (_, i) => i * 3 - 20)).statistic);
    expect(v2).toMatchObject({ share: 1, datasetDrift: true });
    expect(v3.columns.map((c) => c.drift)).toEqual([true, true]);
    // version 2 reaches past the reference's and version 3's range: every histogram of x still shares one set of edges
    const x = report.columns[0].histogram!;
    if (x.kind !== 'numeric') fail('INTERNAL', 'x is numeric');
    expect([x.edges[0], x.edges[30]]).toEqual([-20, 97]);
    expect(v2.columns[0].histogram).toMatchObject({ kind: 'numeric', edges: x.edges, reference: x.reference });
    expect(v2.columns[0].histogram!.current.reduce((sum, n) => sum + n, 0)).toBe(40);
  });
});

describe('buildDriftReport: job behaviour', () => {
  it('reports progress that only grows and ends at 1, runs the domain classifier when asked, and stops when cancelled', async () => {
    await importCsv('train', 'shift,stable,colour,gone', referenceRows);
    await importCsv('prod', 'shift,stable,colour,added', currentRows);
    const fractions: number[] = [];
    const request = driftRequest.parse({ reference: train1, current: { dataset: 'prod', version: 1 } });
    const report = await buildDriftReport(p.store, request, { progress: (f) => fractions.push(f), checkCancelled: () => undefined }, META);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
    expect(report.multivariate ?? report.multivariateSkipped).not.toBeNull();
    expect(report.multivariate).toMatchObject({ rowsPerSide: N });

    let calls = 0;
    const cancelling = {
      progress: () => undefined,
      checkCancelled: () => {
        if (++calls === 2) fail('JOB_CANCELLED', 'Cancelled.');
      },
    };
    expect(await rejectionOf(buildDriftReport(p.store, request, cancelling, META))).toMatchObject({ code: 'JOB_CANCELLED' });
  });
});
