import { describe, expect, it } from 'vitest';
import { csvField, MATRIX_CSV_HEADER, matrixCsv } from './matrix-csv';
import { HOSTILE, readCsv, sampleMatrix } from './test-matrix';

/** What a spreadsheet user sees once the guard apostrophe is taken off again. */
const unguard = (field: string): string => (/^'[=+\-@\t\r]/.test(field) ? field.slice(1) : field);

describe('matrixCsv', () => {
  it('reads back through the importer tokenizer to the same requirements, artifacts and links, unlinked ones included', () => {
    const m = sampleMatrix();
    const [head, ...lines] = readCsv(matrixCsv(m)).map((fields) => fields.map(unguard));
    expect(head).toEqual([...MATRIX_CSV_HEADER]);
    const links = lines.filter((l) => l[0] !== '' && l[5] !== '').map((l) => `${l[0]}|${l[5]}|${l[6]}|${l[8]}|${l[9]}`);
    const expected = m.cells.map((c) => `${m.rows[c.row].id}|${m.columns[c.column].kind}|${m.columns[c.column].id}|${c.linkType}|${c.status}`);
    expect(links.sort()).toEqual(expected.sort());
    // every requirement appears with its attributes; the one with no link has a line with empty target fields
    for (const row of m.rows) {
      const line = lines.find((l) => l[0] === row.id);
      expect(line?.slice(1, 5)).toEqual([row.title, row.level ?? '', row.class ?? '', String(row.depth)]);
    }
    expect(lines.filter((l) => l[0] === 'SYS-1')).toEqual([['SYS-1', m.rows[0].title, 'system', 'functional', '0', '', '', '', '', '']]);
    // the artifact nothing links to has a line with empty requirement fields
    expect(lines.filter((l) => l[6] === 'assays@4')).toEqual([['', '', '', '', '', 'dataset_version', 'assays@4', 'assays@4', '', '']]);
    // a line per link, plus SYS-1 and =ML-3 (no link) and assays@4 (not linked)
    expect(lines).toHaveLength(m.cells.length + 3);
  });

  it('lists links in row order, and a row’s links by column kind (requirements first, then the lineage order)', () => {
    const lines = readCsv(matrixCsv(sampleMatrix())).slice(1);
    const ml1 = lines.filter((l) => l[0] === 'ML-1').map((l) => `${l[5]}:${l[8]}`);
    expect(ml1).toEqual(['requirement:derived-from', 'dataset_version:trained-on', 'run:satisfies', 'model_version:satisfies', 'model_version:evaluated-by', 'evaluation:verifies']);
  });

  it('puts an apostrophe before every field a spreadsheet would take for a formula, and nowhere else', () => {
    const fields = readCsv(matrixCsv(sampleMatrix())).flat();
    expect(fields).toContain(`'${HOSTILE.formula}`);
    expect(fields).toContain(`'${HOSTILE.dde}`);
    expect(fields).toContain(`'${HOSTILE.at}`);
    expect(fields).toContain(`'${HOSTILE.plus}`);
    expect(fields).toContain(`'=ML-3`);
    expect(fields.filter((f) => /^[=+\-@\t\r]/.test(f))).toEqual([]);
    expect(fields).toContain('The system shall flag assays');
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('a = b')).toBe('a = b');
    expect(csvField("it's")).toBe("it's");
  });

  it('quotes commas, quotes and line breaks and ends lines with CRLF, as RFC 4180 writes them', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('plain')).toBe('plain');
    const text = matrixCsv(sampleMatrix());
    expect(text.startsWith(`${MATRIX_CSV_HEADER.join(',')}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    // every line break outside a quoted field is CRLF
    const outside = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(outside.match(/\r?\n/g)?.every((b) => b === '\r\n')).toBe(true);
  });

  it('writes just the header and one line per requirement and artifact when nothing is linked', () => {
    const m = { ...sampleMatrix(), cells: [] };
    expect(readCsv(matrixCsv(m))).toHaveLength(1 + m.rows.length + m.columns.length);
  });
});
