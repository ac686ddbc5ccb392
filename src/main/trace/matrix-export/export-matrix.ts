// One entry for every matrix export format: the file's bytes with its media type and extension, for the CLI and the window.
import type { MatrixExportFormat, TraceMatrix } from '../../../shared/trace-matrix';
import { matrixCsv } from './matrix-csv';
import { matrixHtml } from './matrix-html';
import { matrixXlsx } from './matrix-xlsx';

export interface MatrixExportFile {
  bytes: Uint8Array;
  mediaType: string;
  extension: string;
}

const encoder = new TextEncoder();

const WRITERS: Readonly<Record<MatrixExportFormat, (m: TraceMatrix) => MatrixExportFile>> = {
  csv: (m) => ({ bytes: encoder.encode(matrixCsv(m)), mediaType: 'text/csv; charset=utf-8; header=present', extension: '.csv' }),
  xlsx: (m) => ({ bytes: matrixXlsx(m), mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: '.xlsx' }),
  html: (m) => ({ bytes: encoder.encode(matrixHtml(m)), mediaType: 'text/html; charset=utf-8', extension: '.html' }),
};

export function exportMatrix(matrix: TraceMatrix, format: MatrixExportFormat): MatrixExportFile {
  return WRITERS[format](matrix);
}
