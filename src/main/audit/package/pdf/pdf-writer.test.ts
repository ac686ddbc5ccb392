import { describe, expect, it } from 'vitest';
import { winAnsi, wrap, writePdf } from './pdf-writer';

const created = new Date('2026-11-28T10:00:00Z');

/** The objects a PDF's cross-reference table points at, checked to start where it says. */
function objectsAtXref(pdf: string): number {
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)![1]);
  expect(pdf.slice(start, start + 5)).toBe('xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(pdf.slice(start))!;
  expect(first).toBe('0');
  const entries = pdf.slice(start).split('\n').slice(2, 2 + Number(count));
  entries.slice(1).forEach((entry, i) => {
    const offset = Number(entry.slice(0, 10));
    expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
  });
  return Number(count) - 1;
}

describe('the PDF writer', () => {
  it('writes a file whose cross-reference table points at every object, one page per page of text', () => {
    const blocks = Array.from({ length: 150 }, (_, i) => ({ style: 'text' as const, text: `Line ${i} (with parentheses) and a back\\slash` }));
    const pdf = Buffer.from(writePdf({ title: 'Report', created, blocks: [{ style: 'title', text: 'Report' }, ...blocks] })).toString('latin1');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    const objects = objectsAtXref(pdf);
    const pages = Number(/\/Type \/Pages \/Kids \[[^\]]*\] \/Count (\d+)/.exec(pdf)![1]);
    expect(pages).toBe(4);
    // catalog, pages, two fonts, info, then a page and its content stream per page
    expect(objects).toBe(5 + 2 * pages);
    expect(pdf).toContain('(Line 149 \\(with parentheses\\) and a back\\\\slash) Tj');
    expect(pdf).toContain('(Report: page 4 of 4) Tj');
    expect(pdf).toContain('/CreationDate (D:20261128100000Z)');
    const lengths = [...pdf.matchAll(/<< \/Length (\d+) >>\nstream\n/g)];
    for (const m of lengths) expect(pdf.slice(m.index! + m[0].length + Number(m[1]), m.index! + m[0].length + Number(m[1]) + 10)).toBe('\nendstream');
  });

  it('wraps by Helvetica widths inside the line, cutting a word longer than a line', () => {
    const lines = wrap('the quick brown fox jumps over the lazy dog '.repeat(6).trim(), 10, 200);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe('the quick brown fox jumps over the lazy dog '.repeat(6).trim());
    // 'W' is 944/1000 em: at 10 pt, 21 of them fit in 200 pt and the 22nd goes on the next line
    expect(wrap('W'.repeat(30), 10, 200)).toEqual(['W'.repeat(21), 'W'.repeat(9)]);
    expect(wrap('', 10, 200)).toEqual(['']);
  });

  it("keeps Latin-1 and WinAnsi's typographic characters, and writes '?' for what the standard fonts cannot show", () => {
    expect(winAnsi('Größe – “ok” • 5 €')).toBe('Größe \x96 \x93ok\x94 \x95 5 \x80');
    expect(winAnsi('数据 ✓')).toBe('?? ?');
    const pdf = Buffer.from(writePdf({ title: 'T', created, blocks: [{ style: 'text', text: 'Größe – ok' }] })).toString('latin1');
    expect(pdf).toContain('(Gr\\366\\337e \\226 ok) Tj');
  });
});
