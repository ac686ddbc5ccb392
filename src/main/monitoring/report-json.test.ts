import { describe, expect, it } from 'vitest';
import { reportJson } from './report-json';
import { sampleDriftReport } from './sample-drift-report';

describe('reportJson', () => {
  it('parses back to exactly the report JSON.stringify would write', () => {
    const report = sampleDriftReport({ columns: 8, windows: 4, referenceRows: 400, currentRows: 400, model: true });
    expect(JSON.parse(reportJson(report))).toEqual(JSON.parse(JSON.stringify(report)));
  });

  it('writes an infinite severity and NaN as null, and keeps every other figure', () => {
    const report = sampleDriftReport({ columns: 3, windows: 0, referenceRows: 100, currentRows: 100 });
    report.columns[0] = { ...report.columns[0], pValue: 0, severity: Infinity, drift: true };
    report.columns[1] = { ...report.columns[1], statistic: NaN };
    const text = reportJson(report);
    expect(text).not.toMatch(/Infinity|NaN/);
    const back = JSON.parse(text);
    expect(back.columns[0].severity).toBeNull();
    expect(back.columns[0].pValue).toBe(0);
    expect(back.columns[0].drift).toBe(true);
    expect(back.columns[1].statistic).toBeNull();
    expect(back.columns[2].statistic).toBe(report.columns[2].statistic);
  });

  it('indents objects and keeps each list of plain values on one line', () => {
    const report = sampleDriftReport({ columns: 2, windows: 0, referenceRows: 300, currentRows: 300 });
    const text = reportJson(report);
    const histogram = report.columns[0].histogram;
    if (histogram?.kind !== 'numeric') throw new Error('the sample report starts with a numeric column');
    expect(text).toContain(`"edges": ${JSON.stringify(histogram.edges)}`);
    expect(text).toContain(`\n  "columns": [\n    {\n      "column": "feature_00",`);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain(`"reference": {"dataset": "sales", "version": 1},`);
    // 31 edges and 2 x 30 counts on three lines, not 91
    expect(text.split('\n').length).toBeLessThan(150);
  });

  it('leaves out members that are undefined, as JSON.stringify does, and writes the same text each time', () => {
    const report = sampleDriftReport({ columns: 2, windows: 0, referenceRows: 100, currentRows: 100 });
    expect(report.request.label).toBeUndefined();
    expect(reportJson(report)).not.toContain('"label"');
    expect(reportJson(structuredClone(report))).toBe(reportJson(report));
  });
});
