// Checks the shipped labelled requirements set (resources/requirements/labelled-requirements.csv): strict CSV, known
// classes and domains, balance, no duplicates, and no sentence taken from PROMISE NFR (the set we must not train on).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsvStrict } from './csv-strict';

const SET_FILE = path.resolve(__dirname, '../../../resources/requirements/labelled-requirements.csv');
const PROMISE_FILE = path.resolve(__dirname, '../../../../shared/data/requirements/promise_nfr.csv');

const HEADER = ['id', 'domain', 'primary', 'secondary', 'text'];
const CLASSES = [
  'functional', 'safety', 'security', 'performance', 'usability', 'look-and-feel', 'availability',
  'fault-tolerance', 'maintainability', 'portability', 'scalability', 'operational', 'legal', 'regulatory-compliance',
];
const DOMAINS = ['automotive', 'medical', 'avionics', 'rail', 'industrial', 'ml-system'];

interface LabelledRow {
  line: number;
  id: string;
  domain: string;
  primary: string;
  secondary: string[];
  text: string;
}

function readLabelledSet(content: string): LabelledRow[] {
  const [header, ...records] = parseCsvStrict(content);
  if (header === undefined || header.fields.join(',') !== HEADER.join(',')) throw new Error(`line 1: the header must be ${HEADER.join(',')}`);
  return records.map(({ line, fields }) => {
    if (fields.length !== HEADER.length) throw new Error(`line ${line}: ${fields.length} fields, expected ${HEADER.length}`);
    const [id, domain, primary, secondary, text] = fields;
    return { line, id, domain, primary, secondary: secondary === '' ? [] : secondary.split(';'), text };
  });
}

/** Case, spacing and a final full stop do not make two sentences different. */
const normalise = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim().replace(/\.$/, '');

const tokenIds = new Map<string, number>();
/** Sorted distinct word ids, so two sentences' overlap is one merge. */
function wordSet(text: string): number[] {
  const ids = new Set<number>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (!tokenIds.has(word)) tokenIds.set(word, tokenIds.size);
    ids.add(tokenIds.get(word) ?? -1);
  }
  return [...ids].sort((a, b) => a - b);
}

function jaccard(a: number[], b: number[]): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { common += 1; i += 1; j += 1; } else if (a[i] < b[j]) i += 1; else j += 1;
  }
  return common / (a.length + b.length - common);
}

const countBy = (rows: LabelledRow[], key: (row: LabelledRow) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return counts;
};

describe('the strict CSV reader used on the labelled set', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parseCsvStrict('a,"b, ""c""",d\n"x\ny",,z\n')).toEqual([
      { line: 1, fields: ['a', 'b, "c"', 'd'] },
      { line: 2, fields: ['x\ny', '', 'z'] },
    ]);
  });

  it('rejects an unclosed quote, a stray quote, text after a closing quote, CR line ends and a missing final newline', () => {
    expect(() => parseCsvStrict('a,"b\n')).toThrow(/line 1: a quoted field is never closed/);
    expect(() => parseCsvStrict('a,b"c\n')).toThrow(/line 1: a quote inside an unquoted field/);
    expect(() => parseCsvStrict('a\n"b"c,d\n')).toThrow(/line 2: text after a closing quote/);
    expect(() => parseCsvStrict('a,b\r\n')).toThrow(/line 1: a carriage return/);
    expect(() => parseCsvStrict('a,b')).toThrow(/does not end with a newline/);
  });

  it('rejects a wrong header and a row with a missing column', () => {
    expect(() => readLabelledSet('id,text\nA,b\n')).toThrow(/line 1: the header must be/);
    expect(() => readLabelledSet(`${HEADER.join(',')}\nFN-001,rail,functional,The train shall stop.\n`)).toThrow(/line 2: 4 fields, expected 5/);
  });
});

describe('resources/requirements/labelled-requirements.csv', () => {
  const rows = readLabelledSet(fs.readFileSync(SET_FILE, 'utf8'));

  it('has at least 1,500 rows, each with a unique id, a known domain, known classes and a trimmed sentence', () => {
    expect(rows.length).toBeGreaterThanOrEqual(1500);
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const row of rows) {
      const where = `line ${row.line} (${row.id})`;
      if (!/^[A-Z]{2}-\d{3}$/.test(row.id)) problems.push(`${where}: id is not like FN-001`);
      if (ids.has(row.id)) problems.push(`${where}: id used twice`);
      ids.add(row.id);
      if (!DOMAINS.includes(row.domain)) problems.push(`${where}: unknown domain ${row.domain}`);
      if (!CLASSES.includes(row.primary)) problems.push(`${where}: unknown primary class ${row.primary}`);
      for (const label of row.secondary) {
        if (!CLASSES.includes(label)) problems.push(`${where}: unknown secondary class '${label}'`);
        if (label === row.primary) problems.push(`${where}: secondary repeats the primary class`);
      }
      if (new Set(row.secondary).size !== row.secondary.length) problems.push(`${where}: a secondary class is listed twice`);
      if (row.text.length < 20 || row.text !== row.text.trim() || /\s{2,}|\n/.test(row.text)) problems.push(`${where}: text is short or has stray spaces`);
    }
    expect(problems).toEqual([]);
  });

  it('is balanced: every class has at least 90 rows and every domain at least 150', () => {
    const perClass = countBy(rows, (row) => row.primary);
    const perDomain = countBy(rows, (row) => row.domain);
    expect(CLASSES.filter((c) => (perClass.get(c) ?? 0) < 90)).toEqual([]);
    expect(DOMAINS.filter((d) => (perDomain.get(d) ?? 0) < 150)).toEqual([]);
    // No class may dominate either: the largest is at most 1.5 times the smallest.
    const sizes = CLASSES.map((c) => perClass.get(c) ?? 0);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1.5 * Math.min(...sizes));
  });

  it('has no duplicate and no near-duplicate sentences (word overlap of 80 % or more)', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const row of rows) {
      const key = normalise(row.text);
      const first = seen.get(key);
      if (first !== undefined) duplicates.push(`${row.id} repeats ${first}`);
      else seen.set(key, row.id);
    }
    expect(duplicates).toEqual([]);

    const words = rows.map((row) => wordSet(row.text));
    const near: string[] = [];
    for (let a = 0; a < rows.length; a += 1) {
      for (let b = a + 1; b < rows.length; b += 1) {
        if (jaccard(words[a], words[b]) >= 0.8) near.push(`${rows[a].id} ~ ${rows[b].id}`);
      }
    }
    expect(near).toEqual([]);
  });

  const promisePresent = fs.existsSync(PROMISE_FILE);
  if (!promisePresent) console.log(`skipping the PROMISE NFR overlap check: ${PROMISE_FILE} is absent`);

  it.skipIf(!promisePresent)('contains no sentence of PROMISE NFR (../shared/data/requirements/promise_nfr.csv)', () => {
    // PROMISE is a third-party file with CRLF line ends; only our own file is held to LF.
    const [header, ...records] = parseCsvStrict(fs.readFileSync(PROMISE_FILE, 'utf8').replace(/\r\n/g, '\n'));
    const textColumn = header.fields.indexOf('text');
    expect(textColumn).toBeGreaterThanOrEqual(0);
    const promise = records.map((r) => normalise(r.fields[textColumn]));
    expect(promise.length).toBeGreaterThan(600);
    // Containment either way: a PROMISE sentence copied with a prefix such as an ID, or ours cut out of a longer one.
    const copied = rows
      .map((row) => ({ id: row.id, text: normalise(row.text) }))
      .filter((ours) => promise.some((p) => p.includes(ours.text) || ours.text.includes(p)))
      .map((ours) => ours.id);
    expect(copied).toEqual([]);
  });
});
