import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MATRIX_EXPORT_FORMATS } from '../../../shared/trace-matrix';
import { exportMatrix } from './export-matrix';
import { matrixCsv } from './matrix-csv';
import { matrixHtml } from './matrix-html';
import { sampleMatrix } from './test-matrix';

describe('exportMatrix', () => {
  it('gives each format its own file: UTF-8 CSV and HTML as written, and a zip for xlsx', () => {
    const m = sampleMatrix();
    const files = Object.fromEntries(MATRIX_EXPORT_FORMATS.map((f) => [f, exportMatrix(m, f)]));
    expect(Buffer.from(files.csv.bytes).toString('utf8')).toBe(matrixCsv(m));
    expect(Buffer.from(files.html.bytes).toString('utf8')).toBe(matrixHtml(m));
    expect(Object.keys(unzipSync(files.xlsx.bytes))).toContain('xl/workbook.xml');
    expect(MATRIX_EXPORT_FORMATS.map((f) => `${files[f].extension} ${files[f].mediaType.split(';')[0]}`)).toEqual([
      '.csv text/csv',
      '.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      '.html text/html',
    ]);
  });
});
