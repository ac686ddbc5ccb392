// A minimal PDF 1.4 writer for the audit package's standard reports: paragraphs of text in the 14 standard fonts
// (Helvetica, Helvetica-Bold), wrapped to A4 and paginated, with a page footer. Written by us because no PDF library
// is installed and the report needs nothing more: no images, no embedded fonts (the standard 14 need none), and the
// content streams stay uncompressed so a reviewer (or a test) can read the text with any tool.
import { HELVETICA_WIDTHS } from './helvetica-widths';

export type PdfStyle = 'title' | 'heading' | 'text' | 'small';

/** One paragraph: wrapped to the page width; `indent` in steps of 12 pt; `color` as RGB in [0, 1]. */
export interface PdfBlock {
  style: PdfStyle;
  text: string;
  indent?: number;
  color?: readonly [number, number, number];
}

export interface PdfDocument {
  title: string;
  /** the document's creation date, written into its info dictionary */
  created: Date;
  blocks: readonly PdfBlock[];
}

const PAGE_WIDTH = 595.28;
const PAGE_HEIGHT = 841.89;
const MARGIN = 56;
const INDENT_STEP = 12;
const FOOTER_SIZE = 8;

const STYLES: Readonly<Record<PdfStyle, { font: 'F1' | 'F2'; size: number; before: number }>> = {
  title: { font: 'F2', size: 18, before: 0 },
  heading: { font: 'F2', size: 12.5, before: 10 },
  text: { font: 'F1', size: 10, before: 2 },
  small: { font: 'F1', size: 8, before: 1 },
};

/** Bold glyphs are wider; this keeps wrapped bold lines inside the margin without a second width table. */
const BOLD_FACTOR = 1.08;

interface PlacedLine {
  font: 'F1' | 'F2';
  size: number;
  x: number;
  y: number;
  text: string;
  color: readonly [number, number, number] | undefined;
}

/** The PDF file's bytes. */
export function writePdf(doc: PdfDocument): Uint8Array {
  const pages = layout(doc.blocks);
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pagesObj = add('');
  const regular = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const bold = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const info = add(`<< /Title ${pdfString(winAnsi(doc.title))} /Producer (Airlock) /CreationDate ${pdfString(pdfDate(doc.created))} >>`);
  const kids: number[] = [];
  pages.forEach((lines, i) => {
    const footer: PlacedLine = { font: 'F1', size: FOOTER_SIZE, x: MARGIN, y: MARGIN / 2, text: winAnsi(`${doc.title}: page ${i + 1} of ${pages.length}`), color: [0.4, 0.4, 0.4] };
    const stream = [...lines, footer].map(showLine).join('\n');
    const contents = add(`<< /Length ${latin1Length(stream)} >>\nstream\n${stream}\nendstream`);
    kids.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 ${regular} 0 R /F2 ${bold} 0 R >> >> /Contents ${contents} 0 R >>`));
  });
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  // Every object's byte offset goes into the cross-reference table; the text is Latin-1 throughout, one byte a char.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Splits the blocks into pages of positioned lines, top to bottom. */
function layout(blocks: readonly PdfBlock[]): PlacedLine[][] {
  const pages: PlacedLine[][] = [[]];
  let y = PAGE_HEIGHT - MARGIN;
  for (const block of blocks) {
    const style = STYLES[block.style];
    const x = MARGIN + (block.indent ?? 0) * INDENT_STEP;
    const leading = style.size * 1.3;
    y -= style.before;
    for (const text of wrap(winAnsi(block.text), style.size * (style.font === 'F2' ? BOLD_FACTOR : 1), PAGE_WIDTH - MARGIN - x)) {
      if (y - leading < MARGIN) {
        pages.push([]);
        y = PAGE_HEIGHT - MARGIN;
      }
      y -= leading;
      pages[pages.length - 1].push({ font: style.font, size: style.size, x, y, text, color: block.color });
    }
  }
  return pages;
}

/** Greedy word wrap by Helvetica's glyph widths; a word wider than the line is cut. An empty text is one empty line. */
export function wrap(text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (textWidth(candidate, size) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      line = word;
      while (textWidth(line, size) > width) {
        let cut = line.length - 1;
        while (cut > 1 && textWidth(line.slice(0, cut), size) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line);
  }
  return lines;
}

function textWidth(text: string, size: number): number {
  let units = 0;
  for (let i = 0; i < text.length; i++) units += HELVETICA_WIDTHS[text.charCodeAt(i)] ?? 556;
  return (units * size) / 1000;
}

function showLine(l: PlacedLine): string {
  const [r, g, b] = l.color ?? [0, 0, 0];
  return `BT ${r} ${g} ${b} rg /${l.font} ${l.size} Tf ${l.x.toFixed(2)} ${l.y.toFixed(2)} Td ${pdfString(l.text)} Tj ET`;
}

/** Typographic characters WinAnsiEncoding has outside Latin-1, by their code there. */
const WIN_ANSI_EXTRAS: Readonly<Record<string, number>> = {
  '€': 0x80, '…': 0x85, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, '™': 0x99,
};

/** The text as WinAnsi bytes held in a Latin-1 string: anything the standard fonts cannot show becomes '?'. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) out += ch;
    else if (ch === '\t') out += ' ';
    else out += String.fromCharCode(WIN_ANSI_EXTRAS[ch] ?? 0x3f);
  }
  return out;
}

/** A literal string of WinAnsi text (winAnsi's output): backslash, parentheses and bytes outside printable ASCII escaped. */
function pdfString(encoded: string): string {
  let out = '(';
  for (const ch of encoded) {
    const code = ch.charCodeAt(0);
    if (ch === '\\' || ch === '(' || ch === ')') out += `\\${ch}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out})`;
}

function pdfDate(d: Date): string {
  const iso = d.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

const latin1Length = (s: string): number => Buffer.byteLength(s, 'latin1');
