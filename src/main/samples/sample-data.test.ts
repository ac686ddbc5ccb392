import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LARGE_CSV_HEADER, writeLargeCsv } from './large-csv';
import { DEFAULT_SAMPLE_SEED, LAB_V2_CHANGES, sampleTables } from './sample-data';

/** A strict little RFC 4180 reader, enough to check what the generators wrote. */
function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  expect(record).toEqual([]);
  const [header, ...body] = records;
  for (const r of body) expect(r.length).toBe(header.length);
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 16);
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('sample tables', () => {
  const tables = sampleTables();
  const lab = tables.find((t) => t.name === 'lab-measurements')!;
  const v1 = parseCsv(lab.versions[0].csv);
  const v2 = parseCsv(lab.versions[1].csv);

  it('gives identical bytes for the same seed and different bytes for another seed', () => {
    const again = sampleTables(DEFAULT_SAMPLE_SEED);
    expect(again).toEqual(tables);
    const other = sampleTables(DEFAULT_SAMPLE_SEED + 1);
    for (let t = 0; t < tables.length; t++) {
      for (let v = 0; v < tables[t].versions.length; v++) expect(other[t].versions[v].csv).not.toBe(tables[t].versions[v].csv);
    }
  });

  it('keeps the default seed’s bytes stable across machines and releases', () => {
    // A changed hash means every sample project made before looks different: change it only on purpose.
    expect(Object.fromEntries(tables.flatMap((t) => t.versions.map((v) => [v.fileName, sha(v.csv)])))).toMatchInlineSnapshot(`
      {
        "lab-measurements-v1.csv": "3f2db8660ed055c5",
        "lab-measurements-v2.csv": "1214333d8e657ba1",
        "support-tickets.csv": "12418d4c3dc397d4",
      }
    `);
  });

  it('writes lab-measurements v1 with the documented columns, nulls, empty notes and quoted notes', () => {
    expect(v1.header).toEqual(['sample_id', 'site', 'collected_at', 'temperature_c', 'ph', 'viscosity', 'passed_qc', 'operator_note', 'batch', 'label']);
    expect(v1.rows).toHaveLength(LAB_V2_CHANGES.rowsV1);
    expect(new Set(v1.rows.map((r) => r.site)).size).toBe(6);
    expect(v1.rows.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r.collected_at))).toBe(true);
    expect(v1.rows.every((r) => r.passed_qc === 'true' || r.passed_qc === 'false')).toBe(true);
    const nullTemps = v1.rows.filter((r) => r.temperature_c === '').length;
    expect(nullTemps).toBeGreaterThan(50);
    expect(nullTemps).toBeLessThan(300);
    expect(v1.rows.filter((r) => r.operator_note === '').length).toBeGreaterThan(1000);
    expect(lab.versions[0].csv).toContain('"cap marked ""B"" instead of ""A"""');
  });

  it('makes the label follow the features, so training on it makes sense', () => {
    const failRate = (rows: Record<string, string>[]): number => rows.filter((r) => r.label === 'fail').length / rows.length;
    expect(new Set(v1.rows.map((r) => r.label))).toEqual(new Set(['ok', 'drift', 'fail']));
    expect(failRate(v1.rows.filter((r) => r.passed_qc === 'false'))).toBeGreaterThan(3 * failRate(v1.rows.filter((r) => r.passed_qc === 'true')));
    const phOff = v1.rows.filter((r) => Math.abs(Number(r.ph) - 7.1) > 0.3);
    expect(failRate(phOff)).toBeGreaterThan(2 * failRate(v1.rows));
    expect(v1.rows.filter((r) => r.label === 'ok').length / v1.rows.length).toBeGreaterThan(0.6);
  });

  it('differs in v2 exactly as documented: rows added and removed, one column added, one retyped, drift in one', () => {
    const ids1 = new Set(v1.rows.map((r) => r.sample_id));
    const ids2 = new Set(v2.rows.map((r) => r.sample_id));
    const added = v2.rows.filter((r) => !ids1.has(r.sample_id));
    const removed = v1.rows.filter((r) => !ids2.has(r.sample_id));
    expect(added).toHaveLength(LAB_V2_CHANGES.rowsAdded);
    expect(removed).toHaveLength(LAB_V2_CHANGES.rowsRemoved);
    expect(v2.rows).toHaveLength(LAB_V2_CHANGES.rowsV1 + LAB_V2_CHANGES.rowsAdded - LAB_V2_CHANGES.rowsRemoved);

    expect(v2.header.filter((h) => !v1.header.includes(h))).toEqual([...LAB_V2_CHANGES.columnsAdded]);
    expect(v1.header.filter((h) => !v2.header.includes(h))).toEqual([]);
    expect(v2.rows.every((r) => /^\d+\.\d$/.test(r.humidity_pct))).toBe(true);

    expect(LAB_V2_CHANGES.columnsRetyped).toEqual(['batch']);
    expect(v1.rows.every((r) => /^\d+$/.test(r.batch))).toBe(true);
    expect(v2.rows.every((r) => /^B-\d+$/.test(r.batch))).toBe(true);

    // Kept rows are the same samples: every other column is byte for byte as in v1.
    const byId = new Map(v1.rows.map((r) => [r.sample_id, r]));
    for (const r of v2.rows.filter((row) => ids1.has(row.sample_id))) {
      const old = byId.get(r.sample_id)!;
      for (const h of v1.header) expect(r[h]).toBe(h === 'batch' ? `B-${old.batch}` : old[h]);
    }

    const temps = (rows: Record<string, string>[]): number[] => rows.filter((r) => r.temperature_c !== '').map((r) => Number(r.temperature_c));
    expect(LAB_V2_CHANGES.driftedColumn).toBe('temperature_c');
    expect(mean(temps(added)) - mean(temps(v1.rows))).toBeGreaterThan(LAB_V2_CHANGES.driftShift - 0.5);
    expect(mean(temps(v2.rows)) - mean(temps(v1.rows))).toBeGreaterThan(0.25);
  });

  it('writes support-tickets as short texts with one of five categories', () => {
    const tickets = parseCsv(tables.find((t) => t.name === 'support-tickets')!.versions[0].csv);
    expect(tickets.header).toEqual(['ticket_id', 'opened_at', 'channel', 'text', 'category']);
    expect(tickets.rows).toHaveLength(3000);
    expect(new Set(tickets.rows.map((r) => r.category))).toEqual(new Set(['billing', 'access', 'bug', 'shipping', 'feature_request']));
    expect(tickets.rows.every((r) => r.text.length > 10 && r.text.length < 120)).toBe(true);
    expect(new Set(tickets.rows.map((r) => r.text)).size).toBeGreaterThan(1500);
  });
});

describe('writeLargeCsv', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-large-csv-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('streams the same bytes for the same seed, 10 typed columns a row, and leaves no temp file', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    const res = await writeLargeCsv(a, 30_000, 42);
    await writeLargeCsv(b, 30_000, 42);
    expect(fs.readFileSync(a).equals(fs.readFileSync(b))).toBe(true);
    expect(fs.readdirSync(dir).sort()).toEqual(['a.csv', 'b.csv']);
    expect(res).toEqual({ rows: 30_000, bytes: fs.statSync(a).size });
    expect(res.bytes / res.rows).toBeGreaterThan(85);

    const { header, rows } = parseCsv(fs.readFileSync(a, 'utf8'));
    expect(header.join(',')).toBe(LARGE_CSV_HEADER);
    expect(rows).toHaveLength(30_000);
    const all = (col: string, re: RegExp): boolean => rows.every((r) => re.test(r[col]));
    for (const col of ['order_id', 'customer_id', 'quantity']) expect(all(col, /^\d+$/)).toBe(true);
    expect(all('unit_price', /^\d+\.\d\d$/)).toBe(true);
    expect(all('score', /^0\.\d{6}$|^1\.000000$/)).toBe(true);
    expect(all('temperature', /^(-?\d+\.\d\d)?$/)).toBe(true);
    expect(rows.some((r) => r.temperature === '')).toBe(true);
    expect(all('express', /^(true|false)$/)).toBe(true);
    expect(all('ordered_at', /^2023-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)).toBe(true);
    expect(new Set(rows.map((r) => r.region)).size).toBe(8);
    // toFixed is the reference for the hand-written number formatting
    expect(rows.slice(0, 2000).every((r) => Number(r.unit_price).toFixed(2) === r.unit_price)).toBe(true);
  });
});
