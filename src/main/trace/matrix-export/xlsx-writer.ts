// A minimal SpreadsheetML (.xlsx) writer: text cells through a shared-strings table, a few cell styles, frozen panes,
// merged cells and column widths, zipped with fflate. Ours because no maintained writer ships without a dependency
// tree many times this size, and a trace export needs only this much.
import { strToU8, zipSync } from 'fflate';
import { fail } from '../../../shared/errors';

/** Excel's limits: a sheet holds at most this many rows and columns, a cell at most this many characters. */
export const XLSX_MAX_ROWS = 1_048_576;
export const XLSX_MAX_COLUMNS = 16_384;
export const XLSX_MAX_CELL_CHARS = 32_767;

export interface XlsxStyle {
  bold?: boolean;
  /** background colour as RRGGBB */
  fill?: string;
  /** left indent in steps (Excel's indent level) */
  indent?: number;
  center?: boolean;
}

export interface XlsxCell {
  /** 0-based column */
  col: number;
  text: string;
  /** index into the workbook's styles; 0 is plain */
  style?: number;
}

export interface XlsxSheet {
  name: string;
  /** rows[i] is sheet row i + 1; its cells in any order, each column at most once; empty texts are not written */
  rows: XlsxCell[][];
  /** rows and columns kept in view while scrolling (the header row, the requirement column) */
  freeze?: { rows: number; cols: number };
  /** 0-based [firstRow, firstCol, lastRow, lastCol] ranges shown as one cell */
  merges?: [number, number, number, number][];
  /** width in characters per column, from the first */
  widths?: number[];
}

export interface XlsxWorkbook {
  sheets: XlsxSheet[];
  /** styles[0] is the plain style; cells refer to these by index */
  styles: XlsxStyle[];
  /** the zip entries' time, so the same workbook gives the same bytes */
  modified: Date;
}

/** "A", "Z", "AA", ... for a 0-based column. */
export function columnName(col: number): string {
  let name = '';
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

export function writeXlsx(book: XlsxWorkbook): Uint8Array {
  const strings = new SharedStrings();
  const sheets = book.sheets.map((sheet, i) => sheetXml(sheet, strings, book.styles.length, i));
  const names = uniqueSheetNames(book.sheets.map((s) => s.name));
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(contentTypes(sheets.length)),
    '_rels/.rels': strToU8(`${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}"><Relationship Id="rId1" Type="${NS_DOC_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_DOC_REL}"><bookViews><workbookView/></bookViews><sheets>${names.map((n, i) => `<sheet name="${xmlText(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(workbookRels(sheets.length)),
    'xl/styles.xml': strToU8(stylesXml(book.styles)),
    'xl/sharedStrings.xml': strToU8(strings.xml()),
  };
  sheets.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(xml)));
  // level 1: a 20,000-requirement workbook zips in half the time of level 6 and comes out about a quarter larger
  return zipSync(files, { level: 1, mtime: book.modified });
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_DOC_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

function contentTypes(sheets: number): string {
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`,
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`,
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>`,
    ...Array.from({ length: sheets }, (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT}.worksheet+xml"/>`),
  ];
  return `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`;
}

function workbookRels(sheets: number): string {
  const rels = Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${NS_DOC_REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${NS_DOC_REL}/styles" Target="styles.xml"/>`, `<Relationship Id="rId${sheets + 2}" Type="${NS_DOC_REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  return `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">${rels.join('')}</Relationships>`;
}

/** Fonts, fills and cell formats from the styles: one font per weight, one fill per colour, one format per style. */
function stylesXml(styles: XlsxStyle[]): string {
  // fills 0 and 1 are reserved by the format (none and gray125)
  const fills = [...new Set(styles.flatMap((s) => (s.fill ? [s.fill.toUpperCase()] : [])))];
  const fillXml = fills.map((f) => `<fill><patternFill patternType="solid"><fgColor rgb="FF${f}"/><bgColor indexed="64"/></patternFill></fill>`);
  const xfs = styles.map((s) => {
    const fillId = s.fill ? fills.indexOf(s.fill.toUpperCase()) + 2 : 0;
    const align = s.indent || s.center ? `<alignment${s.center ? ' horizontal="center"' : ` horizontal="left" indent="${s.indent}"`}/>` : '';
    return `<xf numFmtId="0" fontId="${s.bold ? 1 : 0}" fillId="${fillId}" borderId="0" xfId="0"${s.bold ? ' applyFont="1"' : ''}${fillId ? ' applyFill="1"' : ''}${align ? ' applyAlignment="1"' : ''}>${align}</xf>`;
  });
  return (
    `${XML_HEAD}<styleSheet xmlns="${NS_MAIN}">` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    `<fills count="${fills.length + 2}"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${fillXml.join('')}</fills>` +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

function sheetXml(sheet: XlsxSheet, strings: SharedStrings, styleCount: number, sheetIndex: number): string {
  const where = { field: `sheet ${sheet.name}` };
  if (sheet.rows.length > XLSX_MAX_ROWS) fail('BAD_INPUT', `Sheet "${sheet.name}" has ${sheet.rows.length} rows; a spreadsheet holds at most ${XLSX_MAX_ROWS}.`, { where, hint: 'Export CSV or HTML instead, or filter the rows.' });
  let maxCol = 0;
  const names = new ColumnNames();
  const rowXml: string[] = [];
  sheet.rows.forEach((cells, r) => {
    if (cells.length === 0) return;
    const sorted = cells.every((c, i) => i === 0 || cells[i - 1].col <= c.col) ? cells : [...cells].sort((a, b) => a.col - b.col);
    const parts: string[] = [];
    let last = -1;
    for (const c of sorted) {
      if (!Number.isInteger(c.col) || c.col < 0 || c.col >= XLSX_MAX_COLUMNS) fail('BAD_INPUT', `Sheet "${sheet.name}" needs column ${c.col + 1}; a spreadsheet holds at most ${XLSX_MAX_COLUMNS}.`, { where, hint: 'Export CSV or HTML instead, or filter the columns.' });
      if (c.col === last) fail('INTERNAL', `Sheet "${sheet.name}" row ${r + 1} has two cells in column ${columnName(c.col)}.`, { where });
      last = c.col;
      if (c.text === '') continue;
      const style = c.style ?? 0;
      if (style >= styleCount) fail('INTERNAL', `Sheet "${sheet.name}" refers to style ${style}; the workbook has ${styleCount}.`, { where });
      parts.push(`<c r="${names.get(c.col)}${r + 1}" t="s"${style ? ` s="${style}"` : ''}><v>${strings.id(c.text)}</v></c>`);
    }
    maxCol = Math.max(maxCol, last);
    rowXml.push(`<row r="${r + 1}">${parts.join('')}</row>`);
  });
  const dimension = `A1:${columnName(maxCol)}${Math.max(1, sheet.rows.length)}`;
  const cols = sheet.widths?.length ? `<cols>${sheet.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` : '';
  const merges = sheet.merges?.length
    ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map(([r1, c1, r2, c2]) => `<mergeCell ref="${columnName(c1)}${r1 + 1}:${columnName(c2)}${r2 + 1}"/>`).join('')}</mergeCells>`
    : '';
  return `${XML_HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_DOC_REL}"><dimension ref="${dimension}"/>${sheetView(sheet, sheetIndex)}<sheetFormatPr defaultRowHeight="15"/>${cols}<sheetData>${rowXml.join('')}</sheetData>${merges}</worksheet>`;
}

/** The first sheet is the one shown on opening; a freeze keeps its header rows and first columns in view. */
function sheetView(sheet: XlsxSheet, sheetIndex: number): string {
  const selected = sheetIndex === 0 ? ' tabSelected="1"' : '';
  const f = sheet.freeze;
  if (!f || (f.rows === 0 && f.cols === 0)) return `<sheetViews><sheetView workbookViewId="0"${selected}/></sheetViews>`;
  const pane = f.rows > 0 && f.cols > 0 ? 'bottomRight' : f.rows > 0 ? 'bottomLeft' : 'topRight';
  const topLeft = `${columnName(f.cols)}${f.rows + 1}`;
  const split = `${f.cols > 0 ? ` xSplit="${f.cols}"` : ''}${f.rows > 0 ? ` ySplit="${f.rows}"` : ''}`;
  return `<sheetViews><sheetView workbookViewId="0"${selected}><pane${split} topLeftCell="${topLeft}" activePane="${pane}" state="frozen"/><selection pane="${pane}" activeCell="${topLeft}" sqref="${topLeft}"/></sheetView></sheetViews>`;
}

/** Column letters computed once per column: a large sheet asks for the same few thousand a million times. */
class ColumnNames {
  private readonly known: string[] = [];

  get(col: number): string {
    return (this.known[col] ??= columnName(col));
  }
}

/** Each distinct text once; cells refer to it by number, so 100,000 "verifies" cells store the word once. */
class SharedStrings {
  private readonly ids = new Map<string, number>();
  private readonly items: string[] = [];
  private uses = 0;

  id(text: string): number {
    this.uses++;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.items.length;
      this.ids.set(text, id);
      const clean = xmlText(ooxmlEscapes(cellText(text)));
      // leading or trailing spaces (indentation, a padded id) are kept only when the element says so
      this.items.push(/^\s|\s$/.test(clean) ? `<si><t xml:space="preserve">${clean}</t></si>` : `<si><t>${clean}</t></si>`);
    }
    return id;
  }

  xml(): string {
    return `${XML_HEAD}<sst xmlns="${NS_MAIN}" count="${this.uses}" uniqueCount="${this.items.length}">${this.items.join('')}</sst>`;
  }
}

/**
 * Spreadsheets read _xHHHH_ in a cell's text as the character U+HHHH, so a text that holds one literally gets its
 * underscore written as _x005F_ (which Excel, LibreOffice and openpyxl all read back as "_"). A carriage return is
 * left to XML, which reads it as a line feed: openpyxl would show its _x000D_ escape literally.
 */
function ooxmlEscapes(text: string): string {
  return text.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
}

/** At most Excel's characters per cell, never splitting a surrogate pair; a longer text ends in an ellipsis. */
function cellText(text: string): string {
  if (text.length <= XLSX_MAX_CELL_CHARS) return text;
  let end = XLSX_MAX_CELL_CHARS - 1;
  if (/[\uD800-\uDBFF]/.test(text[end - 1])) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * Text safe in XML content and attributes. Characters XML 1.0 cannot hold at all (most control characters, lone
 * surrogates, U+FFFE/U+FFFF) are dropped: one of them in a requirement's title would make the whole file unreadable.
 */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/[&<>"]/g, (c) => XML_ESCAPES[c] ?? c)
  );
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], and no two alike (Excel compares them ignoring case). */
function uniqueSheetNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((raw, i) => {
    const base = raw.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || `Sheet${i + 1}`;
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}
