import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/errors';
import type { TraceMatrix, TraceMatrixCell } from '../../../shared/trace-matrix';
import { indexMatrix, linkText, worstStatus } from './matrix-index';
import { sampleMatrix } from './test-matrix';
import { uncoveredReport } from './uncovered-report';

function refusal(m: TraceMatrix): string {
  try {
    indexMatrix(m);
  } catch (e) {
    if (e instanceof AppFailure) return `${e.error.code}: ${e.error.message} [${e.error.where?.field}]`;
    throw e;
  }
  return 'accepted';
}

const withCells = (cells: TraceMatrixCell[]): TraceMatrix => ({ ...sampleMatrix(), cells });

describe('indexMatrix', () => {
  it('groups columns by kind, requirements first and artifacts in lineage order, keeping the matrix order within a kind', () => {
    const index = indexMatrix(sampleMatrix());
    expect(index.groups.map((g) => g.kind)).toEqual(['requirement', 'dataset_version', 'run', 'model_version', 'drift_report', 'evaluation']);
    expect(index.columnOrder).toEqual([2, 1, 4, 5, 0, 6, 3]);
    expect(Array.from(index.position)).toEqual([4, 1, 0, 6, 2, 3, 5]);
    expect(index.byColumn[0].map((c) => `${c.row}:${c.linkType}`)).toEqual(['2:satisfies', '2:evaluated-by', '5:satisfies']);
  });

  it('refuses a link outside the matrix, an unknown type or status, or a link given twice, naming the link', () => {
    const ok: TraceMatrixCell = { row: 0, column: 0, linkType: 'verifies', status: 'ok' };
    expect(refusal(withCells([ok, { ...ok, row: 6 }]))).toBe('BAD_INPUT: Trace matrix link 2 points at row 6; the matrix has 6 rows. [cells[1]]');
    expect(refusal(withCells([{ ...ok, column: -1 }]))).toBe('BAD_INPUT: Trace matrix link 1 points at column -1; the matrix has 7 columns. [cells[0]]');
    expect(refusal(withCells([{ ...ok, row: 0.5 }]))).toMatch(/^BAD_INPUT: Trace matrix link 1 points at row 0.5/);
    expect(refusal(withCells([JSON.parse('{"row":0,"column":0,"linkType":"implements","status":"ok"}')]))).toBe('BAD_INPUT: Trace matrix link 1 has an unknown link type "implements". [cells[0]]');
    expect(refusal(withCells([JSON.parse('{"row":0,"column":0,"linkType":"verifies","status":"green"}')]))).toBe('BAD_INPUT: Trace matrix link 1 has an unknown status "green". [cells[0]]');
    expect(refusal(withCells([ok, { ...ok, status: 'suspect' }]))).toBe('BAD_INPUT: Trace matrix link 2 repeats verifies from SYS-1 to churn@2. [cells[1]]');
    expect(refusal(withCells([ok, { ...ok, linkType: 'satisfies' }]))).toBe('accepted');
  });

  it('shows a cell holding several links by its worst status, and a link by its type and any status but ok', () => {
    const link = (status: TraceMatrixCell['status']): TraceMatrixCell => ({ row: 0, column: 0, linkType: 'verifies', status });
    expect(worstStatus([link('ok'), link('no-evidence')])).toBe('no-evidence');
    expect(worstStatus([link('suspect'), link('failing'), link('ok')])).toBe('failing');
    expect(worstStatus([link('ok')])).toBe('ok');
    expect(linkText(link('ok'))).toBe('verifies');
    expect(linkText(link('suspect'))).toBe('verifies (suspect)');
  });
});

describe('uncoveredReport', () => {
  it('lists requirements without an ok verifying link with the reason, and artifacts no requirement links to', () => {
    const report = uncoveredReport(sampleMatrix());
    expect(report.requirements.map((r) => `${r.id}: ${r.reason}`)).toEqual([
      'SYS-1: no verifying link',
      'SW-1: no verifying link',
      'ML-2: verifying links, none ok: 1 suspect, 1 no-evidence',
      '=ML-3: no verifying link',
      'SW-2: no verifying link',
    ]);
    expect(report.requirements[2].verifying).toEqual({ ok: 0, suspect: 1, failing: 0, 'no-evidence': 1 });
    // ML-1 is covered: one ok verifies link outweighs its failing evaluated-by; the SYS-1 column is a requirement, not an artifact
    expect(report.artifacts).toEqual([{ kind: 'dataset_version', id: 'assays@4', label: 'assays@4' }]);
  });
});
