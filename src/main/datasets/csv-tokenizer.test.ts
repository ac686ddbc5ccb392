import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../shared/errors';
import { CsvTokenizer } from './csv-tokenizer';
import { FieldTable, fieldText } from './field-table';

function tokenize(text: string, pieces = 1): string[][] {
  const bytes = Buffer.from(text);
  const t = new CsvTokenizer(44, 't.csv');
  const rows: string[][] = [];
  const table = new FieldTable();
  const collect = (): void => {
    for (let r = 0; r < table.rows; r++) rows.push(Array.from({ length: table.fieldCount(r) }, (_, i) => fieldText(table, table.rowStarts[r] + i)));
  };
  let carry = Buffer.alloc(0);
  const step = Math.ceil(bytes.length / pieces);
  for (let at = 0; at < bytes.length; at += step) {
    const buf = Buffer.concat([carry, bytes.subarray(at, at + step)]);
    carry = Buffer.from(buf.subarray(t.feed(buf, false, table)));
    collect();
  }
  t.feed(carry, true, table);
  collect();
  return rows;
}

describe('CsvTokenizer', () => {
  const text = 'a,b,c\r\n1,"x, ""y""",\n\n2,"multi\nline",z';
  const expected = [
    ['a', 'b', 'c'],
    ['1', 'x, "y"', ''],
    ['2', 'multi\nline', 'z'],
  ];

  it('splits quoted, escaped, empty and multi-line fields and skips blank lines', () => {
    expect(tokenize(text)).toEqual(expected);
  });

  it('gives the same rows however the bytes are cut into buffers', () => {
    for (const pieces of [2, 3, 5, 7, 11, text.length]) expect(tokenize(text, pieces)).toEqual(expected);
  });

  it('reports the line a row starts on, counting line breaks inside quotes', () => {
    const table = new FieldTable();
    new CsvTokenizer(44, 't.csv').feed(Buffer.from('a\n"x\ny"\nb\n'), true, table);
    expect(Array.from(table.lines.subarray(0, table.rows))).toEqual([1, 2, 4]);
  });

  it('rejects text after a closing quote with the line and character', () => {
    try {
      tokenize('a,b\n"x"y,2\n');
      expect.unreachable();
    } catch (e) {
      expect((e as AppFailure).error).toMatchObject({ code: 'CSV_BAD_QUOTE', where: { line: 2, column: 1 } });
      expect((e as AppFailure).error.message).toContain('character 4');
    }
  });
});
