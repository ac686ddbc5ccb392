import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { TraceMatrix } from '../../../shared/trace-matrix';
import { matrixCsv } from './matrix-csv';
import { matrixHtml } from './matrix-html';
import { matrixXlsx } from './matrix-xlsx';
import { generatedMatrix } from './test-matrix';

const sizes = (m: TraceMatrix) => ({ csv: matrixCsv(m).length, html: matrixHtml(m).length, xlsx: Object.values(unzipSync(matrixXlsx(m))).reduce((n, part) => n + part.length, 0) });

describe('trace matrix exports at size', () => {
  it('grow with the links and the artifacts, not with requirements times artifacts', () => {
    // the same 4,000 links over 20 or over 2,000 artifact columns: 100 times the grid, a few bytes more per column
    const narrow = sizes(generatedMatrix(2_000, 20, 4_000));
    const wide = sizes(generatedMatrix(2_000, 2_000, 4_000));
    const extraColumns = 2_000 - 20;
    for (const format of ['csv', 'html', 'xlsx'] as const) expect(wide[format] - narrow[format], format).toBeLessThan(300 * extraColumns);
  });

  it('write a spreadsheet cell for each linked cell and each requirement field, and none for an empty one', () => {
    const m = generatedMatrix(3_000, 500, 6_000);
    const forward = strFromU8(unzipSync(matrixXlsx(m))['xl/worksheets/sheet1.xml']);
    const kinds = new Set(m.columns.map((c) => c.kind)).size;
    const fields = m.rows.reduce((n, r) => n + 3 + (r.class === null ? 0 : 1), 0);
    // 6,000 distinct (row, column) pairs by construction: one cell each
    expect(forward.match(/<c /g)).toHaveLength(kinds + 4 + m.columns.length + fields + m.cells.length);
  });
});
