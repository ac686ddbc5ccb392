// The requirements store, lint and pairs channels on a real project, through the host's dispatch with the CLI's path
// policy: what the window and the CLI call.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HandlerContext } from '../handler-types';
import { Downloads } from '../host/downloads';
import { windowPathResolvers } from '../host/path-refs';
import { Uploads } from '../host/uploads';
import { WorkspaceRoots } from '../projects/workspace-roots';
import { RequirementIntelligenceRepo } from '../store/requirement-intelligence-repo';
import { tempDir } from '../test-support/temp-project';
import { channelCalls, openTestWorkbench, type TestWorkbench } from '../test-support/test-workbench';
import { sampleReqif, writeTemp } from './reqif/test-reqif';
import { registerClassifierVersion, storeVerdicts, verdict } from './store/test-classifications';

let bench: TestWorkbench;

beforeEach(async () => {
  bench = await openTestWorkbench(1);
});
afterEach(async () => {
  await bench.app.closeProject();
});

const importFile = (file: string, document?: string) => bench.call('requirements.import', { source: { kind: 'path', path: file }, ...(document ? { document } : {}) });

function csvFile(name: string, rows: ReadonlyArray<readonly [string, string]>): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, `id,text\n${rows.map(([id, text]) => `${id},"${text}"`).join('\n')}\n`);
  return file;
}

const PUMP = [
  ['P1', 'The pump shall stop within 2 s when the door of the washing chamber opens.'],
  ['P2', 'When the door of the washing chamber opens, the pump shall stop within 2 s.'],
  ['P3', 'The heater shall keep the water temperature at most 60 °C.'],
  ['P4', 'The heater shall keep the water temperature at most 45 °C.'],
  ['P5', 'The display shall show the remaining time of the programme.'],
] as const;

describe('the requirements store channels', () => {
  it('imports a ReqIF file and lists its document, and a table row per requirement with depth, XHTML and lint', async () => {
    const summary = await importFile(writeTemp('brakes.reqif', sampleReqif()));
    expect(summary).toMatchObject({ documents: 1, requirements: 4, created: 4 });
    expect(await bench.call('requirements.documents', {})).toEqual([{ id: 'spec-1', name: 'System requirements', source: 'reqif:hdr-1', requirements: 4 }]);
    const table = await bench.call('requirements.table', {});
    expect(table.map((r) => [r.id, r.depth, r.class, r.label])).toEqual([
      ['obj-1', 0, null, null],
      ['obj-2', 0, null, null],
      ['obj-3', 1, null, null],
      ['obj-orphan', 0, null, null],
    ]);
    const lamp = table[1];
    expect(lamp.xhtml).toContain('The lamp shall blink.');
    expect([lamp.lintScore, lamp.findings, lamp.ears]).toEqual([1, 0, 'ubiquitous']);
    expect(await bench.refused('requirements.table', { document: 'Nope' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'document' } });
  });

  it('shows the stored class of the latest revision only, and the latest label, in the table and in req list', async () => {
    await importFile(csvFile('pump.csv', PUMP));
    const store = bench.project.store;
    const v1 = registerClassifierVersion(store, '2026-01-01T00:00:00.000Z');
    storeVerdicts(store, [verdict('P1', 1, v1, 'safety', 0.7, ['functional']), verdict('P3', 1, v1, 'performance', 0.9)], '2026-01-01T00:00:00.000Z');
    store.mutate({ action: 'test.label', target: 'requirements' }, () =>
      new RequirementIntelligenceRepo(store.db).addLabel({ id: 'P3', label: 'safety', predicted: 'performance', revision: 1, createdAt: '2026-01-02T00:00:00.000Z', createdBy: 'ana' }),
    );
    const row = async (id: string) => (await bench.call('requirements.table', {})).find((r) => r.id === id);
    expect(await row('P1')).toMatchObject({ class: 'safety', confidence: 0.7, labels: ['safety', 'functional'], label: null });
    expect(await row('P3')).toMatchObject({ class: 'performance', confidence: 0.9, label: 'safety' });
    expect((await bench.call('requirements.get', { id: 'P1' })).class).toBe('safety');
    await bench.call('requirements.edit', { id: 'P1', text: 'The pump shall stop within 1 s when the door of the washing chamber opens.' });
    expect(await row('P1')).toMatchObject({ class: null, confidence: null, labels: [], revision: 2 });
  });

  it('edits typed ReqIF attributes by long name, refuses a value its datatype cannot hold, and exports the new values', async () => {
    await importFile(writeTemp('brakes.reqif', sampleReqif()));
    const before = await bench.call('requirements.get', { id: 'obj-1' });
    const r = await bench.call('requirements.edit', {
      id: 'obj-1',
      attributes: { Priority: '7', Weight: '2.5', 'Safety relevant': 'false', ASIL: 'ASIL A', Reviewed: '2026-03-01T12:00:00+01:00', 'ReqIF.ForeignID': 'SYS-1b' },
    });
    expect(r.revision).toBe(2);
    expect(r.fingerprint).not.toBe(before.fingerprint);
    expect(bench.project.store.audit.list(1)[0]).toMatchObject({ action: 'requirements.edit', target: 'requirement:obj-1', details: { revision: 2, fields: ['attributes'], attributes: ['Priority', 'Weight', 'Safety relevant', 'ASIL', 'Reviewed', 'ReqIF.ForeignID'] } });
    const byDefinition = new Map(r.attributes.map((v) => [v.definition, v]));
    expect(byDefinition.get('a-prio')).toEqual({ kind: 'INTEGER', definition: 'a-prio', value: 7 });
    expect(byDefinition.get('a-weight')).toEqual({ kind: 'REAL', definition: 'a-weight', value: 2.5 });
    expect(byDefinition.get('a-safety')).toEqual({ kind: 'BOOLEAN', definition: 'a-safety', value: false });
    expect(byDefinition.get('a-asil')).toEqual({ kind: 'ENUMERATION', definition: 'a-asil', values: ['asil-a'] });
    expect(byDefinition.get('a-reviewed')).toEqual({ kind: 'DATE', definition: 'a-reviewed', value: '2026-03-01T12:00:00+01:00', instant: '2026-03-01T11:00:00.000Z' });
    // the values keep the order the file had them in
    expect(r.attributes.map((v) => v.definition)).toEqual(before.attributes.map((v) => v.definition));

    const refusals = [
      [{ Priority: 'high' }, /"high" is not an integer/],
      [{ Weight: '-2' }, /below the minimum -1\.5/],
      [{ 'Safety relevant': 'yes' }, /not true or false/],
      [{ ASIL: 'ASIL Q' }, /no value "ASIL Q" \(values: ASIL A, ASIL D\)/],
      [{ Reviewed: 'March 1st' }, /not a date and time/],
      [{ Colour: 'red' }, /has no attribute "Colour"/],
      [{ 'ReqIF.Text': 'other words' }, /holds requirement obj-1's text/],
    ] as const;
    for (const [attributes, message] of refusals) {
      const e = await bench.refused('requirements.edit', { id: 'obj-1', attributes });
      expect(e.message).toMatch(message);
      expect(e.where?.field).toBe(`attributes.${Object.keys(attributes)[0]}`);
    }
    expect((await bench.call('requirements.get', { id: 'obj-1' })).revision).toBe(2);

    const out = path.join(tempDir(), 'brakes-out.reqif');
    await bench.call('requirements.export', { format: 'reqif', target: { kind: 'path', path: out } });
    const xml = fs.readFileSync(out, 'utf8');
    expect(xml).toMatch(/<ATTRIBUTE-VALUE-INTEGER THE-VALUE="7">/);
    expect(xml).toMatch(/<ATTRIBUTE-VALUE-DATE THE-VALUE="2026-03-01T12:00:00\+01:00">/);
  });

  it('a CSV requirement has no typed attributes to edit', async () => {
    await importFile(csvFile('pump.csv', PUMP));
    const e = await bench.refused('requirements.edit', { id: 'P1', attributes: { Priority: '1' } });
    expect(e).toMatchObject({ code: 'BAD_INPUT', where: { field: 'attributes.Priority' }, hint: 'A requirement imported from CSV has no typed attributes.' });
  });

  it('lints typed text and every stored requirement, headings left out', async () => {
    const typed = await bench.call('requirements.lintText', { text: 'The system shall respond quickly.' });
    expect(typed.findings.map((f) => [f.text, f.rule])).toEqual([['quickly', 'ambiguous-term']]);
    await importFile(csvFile('pump.csv', [['Q1', 'The pump should be user-friendly, if possible.'], ['Q2', 'The pump shall stop within 2 s.']]));
    const report = await bench.call('requirements.lint', {});
    expect(report.map((r) => r.id)).toEqual(['Q1', 'Q2']);
    expect(report[0].findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['subjective-language', 'loophole', 'missing-shall']));
    expect(report[1]).toMatchObject({ document: 'pump', score: 1, findings: [] });
  });

  it('exports with an audit entry holding the file’s SHA-256, and refuses to replace a file unless asked', async () => {
    await importFile(csvFile('pump.csv', PUMP));
    const out = path.join(tempDir(), 'pump-out.csv');
    const r = await bench.call('requirements.export', { format: 'csv', target: { kind: 'path', path: out } });
    const bytes = fs.readFileSync(out);
    expect(r).toMatchObject({ shown: out, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), downloadId: null, documents: 1, requirements: 5, relations: 0 });
    expect(bench.project.store.audit.list(1)[0]).toMatchObject({ action: 'requirements.export', details: { format: 'csv', sha256: r.sha256, bytes: r.bytes, destination: out, requirements: 5 } });
    const audits = bench.project.store.audit.list(1)[0].seq;
    expect(await bench.refused('requirements.export', { format: 'csv', target: { kind: 'path', path: out } })).toMatchObject({ code: 'FILE_EXISTS' });
    expect(bench.project.store.audit.list(1)[0].seq).toBe(audits);
    await bench.call('requirements.edit', { id: 'P5', text: 'The display shall show the remaining time in minutes.' });
    await bench.call('requirements.export', { format: 'csv', target: { kind: 'path', path: out }, overwrite: true });
    expect(fs.readFileSync(out, 'utf8')).toContain('remaining time in minutes');
    expect(await bench.refused('requirements.export', { format: 'csv', document: 'Nope', target: { kind: 'path', path: path.join(tempDir(), 'x.csv') } })).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('the pairs channels', () => {
  it('lists duplicates and conflicts, hides a dismissed pair until either side is edited, and restores it', async () => {
    await importFile(csvFile('pump.csv', PUMP));
    const pairs = await bench.call('requirements.pairs', {});
    expect(pairs.map((p) => [p.a, p.b, p.relation, p.dismissed])).toEqual(
      expect.arrayContaining([
        ['P1', 'P2', 'duplicate', false],
        ['P3', 'P4', 'conflict', false],
      ]),
    );
    const d = await bench.call('requirements.dismissPair', { a: 'P2', b: 'P1', relation: 'duplicate', reason: 'one is the EARS rewrite of the other' });
    expect(d).toMatchObject({ a: 'P2', b: 'P1', relation: 'duplicate', reason: 'one is the EARS rewrite of the other', createdBy: bench.project.store.actor });
    const open = async () => (await bench.call('requirements.pairs', {})).map((p) => `${p.a} ${p.b} ${p.relation}`);
    expect(await open()).not.toContain('P1 P2 duplicate');
    expect(await open()).toContain('P3 P4 conflict');
    expect((await bench.call('requirements.pairs', { dismissed: true })).find((p) => p.a === 'P1' && p.b === 'P2')).toMatchObject({ dismissed: true });

    // an edit of either side brings it back: the dismissal was about the words it had
    await bench.call('requirements.edit', { id: 'P2', text: 'When the door of the washing chamber opens, the pump shall stop within 2 s at the latest.' });
    expect(await open()).toContain('P1 P2 duplicate');

    await bench.call('requirements.dismissPair', { a: 'P1', b: 'P2', relation: 'duplicate', reason: 'still the rewrite' });
    expect(await open()).not.toContain('P1 P2 duplicate');
    expect(await bench.call('requirements.restorePair', { a: 'P2', b: 'P1', relation: 'duplicate' })).toBeNull();
    expect(await open()).toContain('P1 P2 duplicate');
    expect(await bench.refused('requirements.restorePair', { a: 'P1', b: 'P2', relation: 'duplicate' })).toMatchObject({ code: 'NOT_FOUND' });
    expect(
      bench.project.store.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'requirements.%Pair' ORDER BY seq").pluck().all(),
    ).toEqual(['requirements.dismissPair', 'requirements.dismissPair', 'requirements.restorePair']);
  });

  it('refuses to dismiss a pair of one requirement, or with a requirement the project lacks', async () => {
    await importFile(csvFile('pump.csv', PUMP));
    expect(await bench.refused('requirements.dismissPair', { a: 'P1', b: 'P1', relation: 'duplicate', reason: 'x' })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'b' } });
    expect(await bench.refused('requirements.dismissPair', { a: 'P1', b: 'P9', relation: 'conflict', reason: 'x' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'b' } });
    expect(new RequirementIntelligenceRepo(bench.project.store.db).dismissals()).toEqual([]);
  });
});

describe('the requirements channels in browser mode', () => {
  it('imports an upload under the name it was uploaded as and deletes the staged copy; exports become a download', async () => {
    const uploads = new Uploads(tempDir());
    const downloadsDir = tempDir();
    const browser: HandlerContext = { app: bench.app, host: 'browser', ...windowPathResolvers({ uploads, roots: new WorkspaceRoots([]), recent: () => [], downloads: new Downloads(downloadsDir) }) };
    const window = channelCalls(() => browser);
    const uploadId = await uploads.stage(Readable.from([`id,text\n${PUMP.map(([id, text]) => `${id},"${text}"`).join('\n')}\n`]), 'pump.csv');
    const staged = uploads.resolve(uploadId).path;
    expect(await window.call('requirements.import', { source: { kind: 'upload', uploadId } })).toMatchObject({ documents: 1, requirements: 5 });
    expect((await window.call('requirements.documents', {})).map((d) => d.name)).toEqual(['pump']);
    expect(fs.existsSync(staged)).toBe(false);

    const r = await window.call('requirements.export', { format: 'reqifz', document: 'pump', target: { kind: 'download' } });
    expect(r).toMatchObject({ shown: 'pump.reqifz', downloadId: expect.stringMatching(/^[a-f0-9]{32}$/), requirements: 5 });
    expect(fs.readdirSync(path.join(downloadsDir, r.downloadId ?? ''))).toEqual(['pump.reqifz']);
    expect(bench.project.store.audit.list(1)[0]).toMatchObject({ action: 'requirements.export', details: { destination: 'pump.reqifz', sha256: r.sha256 } });
    expect(await window.refused('requirements.export', { format: 'csv', target: { kind: 'path', path: path.join(tempDir(), 'x.csv') } })).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
