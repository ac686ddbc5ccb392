import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../shared/errors';
import { indexMatrix, linkText, STATUS_FILLS, worstStatus } from './matrix-index';
import { matrixXlsx } from './matrix-xlsx';
import { generatedMatrix, HOSTILE, readCsv, sampleMatrix } from './test-matrix';
import { uncoveredReport } from './uncovered-report';
import { columnName } from './xlsx-writer';

interface ReadCell {
  ref: string;
  value: string;
  type: string;
  fill: string | null;
  bold: boolean;
  indent: number;
}
interface ReadSheet {
  name: string;
  freeze: string | null;
  merged: string[];
  cells: ReadCell[];
}
/** What openpyxl read from our sample workbook, and LibreOffice's CSV of each sheet (fixtures/make-xlsx-fixture.py made it). */
const OPENPYXL: { reader: string; sha256: string; sheets: ReadSheet[]; libreoffice: { reader: string; sheets: Record<string, string> } | null } = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'xlsx-readers.json'), 'utf8'));

const sheet = (name: string): ReadSheet => OPENPYXL.sheets.find((s) => s.name === name) ?? expect.fail(`no sheet ${name}`);
const rowsOf = (s: ReadSheet): Map<number, Map<string, ReadCell>> => {
  const rows = new Map<number, Map<string, ReadCell>>();
  for (const c of s.cells) {
    const [, col, row] = /^([A-Z]+)(\d+)$/.exec(c.ref) ?? [];
    const cells = rows.get(Number(row)) ?? new Map<string, ReadCell>();
    cells.set(col, c);
    rows.set(Number(row), cells);
  }
  return rows;
};
const values = (row: Map<string, ReadCell> | undefined): string[] => [...(row?.values() ?? [])].map((c) => c.value);

describe('matrixXlsx', () => {
  it('still writes the very workbook openpyxl read for the fixture (rerun make-xlsx-fixture.py after a deliberate change)', () => {
    expect(createHash('sha256').update(matrixXlsx(sampleMatrix())).digest('hex')).toBe(OPENPYXL.sha256);
  });

  it('reads back in openpyxl as three sheets with frozen headers and every link in its requirement row and artifact column, filled by status', () => {
    const m = sampleMatrix();
    expect(OPENPYXL.sheets.map((s) => [s.name, s.freeze])).toEqual([
      ['Forward', 'C3'],
      ['Backward', 'C2'],
      ['Uncovered', 'A2'],
    ]);
    const forward = sheet('Forward');
    // the two dataset versions share one merged kind heading
    expect(forward.merged).toEqual(['F1:G1']);
    const rows = rowsOf(forward);
    expect(values(rows.get(1))).toEqual(['requirement', 'dataset version', 'run', 'model version', 'drift report', 'evaluation']);
    // both header rows bold on a fill, the kind row darker
    expect(new Set([...(rows.get(1)?.values() ?? [])].map((c) => `${c.bold} ${c.fill}`))).toEqual(new Set(['true FFB8C4D2']));
    expect(new Set([...(rows.get(2)?.values() ?? [])].map((c) => `${c.bold} ${c.fill}`))).toEqual(new Set(['true FFDDE3EA']));
    const columnOf = new Map([...(rows.get(2) ?? [])].map(([col, c]) => [c.value, col]));
    const index = indexMatrix(m);
    m.rows.forEach((row, r) => {
      const got = rows.get(r + 3) ?? new Map<string, ReadCell>();
      expect(got.get('A')?.value).toBe(row.id);
      expect(got.get('B')?.indent).toBe(Math.min(row.depth, 8));
      const expected = new Map<string, { value: string; fill: string }>();
      for (const c of new Set(index.byRow[r].map((l) => l.column))) {
        const links = index.byRow[r].filter((l) => l.column === c);
        expected.set(columnOf.get(m.columns[c].id) ?? '?', { value: links.map(linkText).join('; '), fill: `FF${STATUS_FILLS[worstStatus(links)]}` });
      }
      const linked = [...got].filter(([col]) => col > 'D' || col.length > 1).map(([col, c]): [string, { value: string; fill: string | null }] => [col, { value: c.value, fill: c.fill }]);
      expect(new Map(linked)).toEqual(expected);
    });
    expect(rows.get(5)?.get('I')).toMatchObject({ value: 'satisfies; evaluated-by (failing)', fill: 'FFFFC7CE' });
  });

  it('stores hostile text as plain strings a spreadsheet will not run, dropping only the characters XML cannot hold', () => {
    const all = OPENPYXL.sheets.flatMap((s) => s.cells);
    expect(all.filter((c) => c.type !== 's')).toEqual([]);
    const texts = all.map((c) => c.value);
    expect(texts).toContain(HOSTILE.script);
    expect(texts).toContain(HOSTILE.formula);
    expect(texts).toContain(HOSTILE.dde);
    expect(texts).toContain(HOSTILE.at);
    // XML reads a carriage return as a line feed
    expect(texts).toContain(HOSTILE.plus.replace('\r\n', '\n'));
    expect(texts).toContain('bell and nul inside');
    expect(texts).toContain('=ML-3');
    expect(texts).toContain(HOSTILE.ooxml);
  });

  it('lists the backward view per artifact and the uncovered report as the matrix has them', () => {
    const m = sampleMatrix();
    const backward = [...rowsOf(sheet('Backward')).values()].map(values);
    expect(backward[0]).toEqual(['Kind', 'Artifact', 'Label', 'Requirement', 'Title', 'Link', 'Status']);
    expect(backward).toHaveLength(1 + m.cells.length + 1);
    expect(backward).toContainEqual(['dataset version', 'assays@4', 'assays@4', 'not linked']);
    expect(backward).toContainEqual(['drift report', 'drift-1', 'weekly drift', 'ML-2', HOSTILE.plus.replace('\r\n', '\n'), 'monitored-by', 'no-evidence']);
    const uncovered = [...rowsOf(sheet('Uncovered')).values()].map(values).slice(1);
    const report = uncoveredReport(m);
    expect(uncovered.map((r) => r[1])).toEqual([...report.requirements.map((r) => r.id), ...report.artifacts.map((a) => a.id)]);
    expect(uncovered[2]).toEqual(['requirement', 'ML-2', HOSTILE.plus.replace('\r\n', '\n'), 'ml-component', HOSTILE.at, 'verifying links, none ok: 1 suspect, 1 no-evidence']);
  });

  it('opens in LibreOffice Calc with every cell where openpyxl found it and nothing else', () => {
    const lo = OPENPYXL.libreoffice ?? expect.fail('the fixture was made without LibreOffice: install it and rerun make-xlsx-fixture.py');
    for (const s of OPENPYXL.sheets) {
      // LibreOffice writes every row to the widest column, so a row's empty cells are empty fields
      const grid = readCsv(lo.sheets[s.name]);
      const seen = grid.flatMap((fields, r) => fields.flatMap((value, c) => (value === '' ? [] : [`${columnName(c)}${r + 1}=${value}`])));
      expect(seen, s.name).toEqual(s.cells.map((c) => `${c.ref}=${c.value}`));
    }
  });

  it('writes every part as well-formed XML, and the same bytes for the same matrix', () => {
    const bytes = matrixXlsx(sampleMatrix());
    const parts = unzipSync(bytes);
    expect(Object.keys(parts).sort()).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/_rels/workbook.xml.rels',
      'xl/sharedStrings.xml',
      'xl/styles.xml',
      'xl/workbook.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet3.xml',
    ]);
    for (const [name, data] of Object.entries(parts)) {
      const parser = new SaxesParser();
      expect(() => parser.write(strFromU8(data)).close(), name).not.toThrow();
    }
    expect(matrixXlsx(sampleMatrix())).toEqual(bytes);
  });

  it('refuses a matrix with more artifact columns than a sheet holds, in one line that offers CSV or HTML', () => {
    try {
      matrixXlsx(generatedMatrix(2, 16_381, 1));
      expect.fail('accepted');
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e;
      expect(e.error.code).toBe('BAD_INPUT');
      expect(e.error.message).toBe('Sheet "Forward" needs column 16385; a spreadsheet holds at most 16384.');
      expect(e.error.hint).toMatch(/CSV or HTML/);
    }
  });

  it('names columns as spreadsheets do', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16_383].map(columnName)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
});
