import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReqif, writeTemp } from '../reqif/test-reqif';
import { RequirementsRepo } from '../../store/requirements-repo';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { importRequirements } from './import-requirements';
import { diffRevisions, editRequirement, listRequirements, showRequirement } from './requirements-service';
import { textAndTitle } from './reqif-mapping';
import { wordDiff } from './word-diff';

const count = (store: ReturnType<typeof tempProject>, table: string): number => store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('importing ReqIF into the requirements store', () => {
  it('makes every spec object a requirement in its specification, with its parent, text, relations and warnings', async () => {
    const store = tempProject();
    const summary = await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    expect(summary).toMatchObject({ documents: 1, requirements: 4, relations: 2, hierarchy_nodes: 3, created: 4, revised: 0 });
    expect(summary.warnings.map((w) => w.code).sort()).toEqual(['HIERARCHY_OBJECT_MISSING', 'OBJECT_NOT_IN_HIERARCHY', 'RELATION_OUTSIDE_DOCUMENT']);
    const rows = listRequirements(store);
    expect(rows.map((r) => [r.id, r.parent, r.document])).toEqual([
      ['obj-1', null, 'System requirements'],
      ['obj-2', null, 'System requirements'],
      ['obj-3', 'obj-2', 'System requirements'],
      ['obj-orphan', null, 'System requirements'],
    ]);
    expect(rows[1].text).toBe('The lamp shall blink.');
    expect(rows[0].text).toContain('The brake ECU shall engage within 50 ms.');
    expect(showRequirement(store, 'obj-1').attributes.map((a) => a.kind)).toEqual(['BOOLEAN', 'DATE', 'ENUMERATION', 'INTEGER', 'REAL', 'STRING', 'XHTML']);
    expect(count(store, 'requirement_relations')).toBe(2);
  });

  it('re-importing the same file adds nothing; a newer export revises only the requirement whose text changed', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const again = await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    expect([again.created, again.revised]).toEqual([0, 0]);
    const newer = sampleReqif().replace('The lamp shall blink.', 'The lamp shall blink at 2 Hz.');
    const third = await importRequirements(store, writeTemp('brakes.reqif', newer));
    expect([third.created, third.revised]).toEqual([0, 1]);
    expect(count(store, 'requirements')).toBe(4);
    const history = showRequirement(store, 'obj-2', { history: true }).history ?? [];
    expect(history.map((r) => r.text)).toEqual(['The lamp shall blink.', 'The lamp shall blink at 2 Hz.']);
    expect(history[0].fingerprint).not.toBe(history[1].fingerprint);
  });

  it('a newer export without a requirement or a relation keeps the requirement with a warning and drops the relation', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const newer = sampleReqif()
      .replace(/<SPEC-OBJECT IDENTIFIER="obj-orphan"[\s\S]*?<\/SPEC-OBJECT>/, '')
      .replace(/<SPEC-RELATION IDENTIFIER="rel-ext">[\s\S]*?<\/SPEC-RELATION>/, '');
    const summary = await importRequirements(store, writeTemp('brakes.reqif', newer));
    expect(summary.warnings.filter((w) => w.code === 'MISSING_FROM_IMPORT').map((w) => w.identifier)).toEqual(['obj-orphan']);
    expect(count(store, 'requirements')).toBe(4);
    expect(store.db.prepare('SELECT id FROM requirement_relations').pluck().all()).toEqual(['rel-1']);
  });

  it('a file that is not ReqIF stores nothing and says why', async () => {
    const store = tempProject();
    await expect(importRequirements(store, writeTemp('bad.reqif', '<?xml version="1.0"?><REQ-IF xmlns="x"><oops></REQ-IF>'))).rejects.toThrow(/bad\.reqif/);
    expect(count(store, 'requirements')).toBe(0);
  });
});

describe('importing CSV into the requirements store', () => {
  const csv = 'id,text,title,level,parent,owner\nR1,The pump shall stop when the door opens.,Door stop,system,,ana\nR2,The motor shall cut power within 10 ms.,Cut-off,software,R1,\n';

  it('reads id, text, title, level, parent and owner, in a document named after the file or --document', async () => {
    const store = tempProject();
    const file = path.join(tempDir(), 'pump.csv');
    fs.writeFileSync(file, csv);
    expect(await importRequirements(store, file)).toMatchObject({ documents: 1, requirements: 2, created: 2, warnings: [] });
    await importRequirements(store, file, { document: 'Pump' });
    expect(listRequirements(store, { document: 'Pump' }).map((r) => [r.id, r.level, r.parent, r.owner])).toEqual([
      ['R1', 'system', null, 'ana'],
      ['R2', 'software', 'R1', null],
    ]);
  });

  it('refuses an unknown level naming its line, and stores nothing of the file', async () => {
    const store = tempProject();
    const file = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(file, `${csv}R3,Text,,firmware,,\n`);
    await expect(importRequirements(store, file)).rejects.toThrow(/bad\.csv line 4: level "firmware"/);
    expect(count(store, 'requirements')).toBe(0);
  });
});

describe('editing requirements', () => {
  it('an edit appends a revision, keeps the XHTML attribute in step, and an edit that changes nothing is refused', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const r = editRequirement(store, 'obj-2', { text: 'The lamp shall blink twice.', status: 'approved' });
    expect(r.revision).toBe(2);
    const shown = showRequirement(store, 'obj-2', { history: true });
    expect([shown.text, shown.status, shown.history?.length]).toEqual(['The lamp shall blink twice.', 'approved', 2]);
    expect(shown.attributes.find((a) => a.kind === 'XHTML')).toMatchObject({ text: 'The lamp shall blink twice.' });
    expect(() => editRequirement(store, 'obj-2', { status: 'approved' })).toThrow(/changes nothing/);
    expect(store.db.prepare("SELECT action || ' ' || target FROM audit_log WHERE action LIKE 'requirements.%' ORDER BY seq").pluck().all()).toEqual([
      'requirements.import requirements:brakes.reqif',
      'requirements.edit requirement:obj-2',
    ]);
    expect(diffRevisions(store, 'obj-2', 1, 2)).toEqual([
      { op: 'same', text: 'The lamp shall ' },
      { op: 'added', text: 'blink twice.' },
      { op: 'removed', text: 'blink.' },
    ]);
    expect(() => diffRevisions(store, 'obj-2', 1, 3)).toThrow(/no revision 3/);
  });

  it('a status change keeps the fingerprint; revisions cannot be updated or deleted', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const before = showRequirement(store, 'obj-1').fingerprint;
    expect(editRequirement(store, 'obj-1', { owner: 'kim' }).fingerprint).toBe(before);
    expect(editRequirement(store, 'obj-1', { level: 'hardware' }).fingerprint).not.toBe(before);
    expect(() => store.db.prepare("UPDATE requirement_revisions SET text = 'x'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM requirement_revisions').run()).toThrow(/append-only/);
    expect(new RequirementsRepo(store.db).history('obj-1').map((h) => h.revision)).toEqual([1, 2, 3]);
  });
});

describe('finding the text and title among a spec object\'s values', () => {
  const names = new Map([['d-id', 'ReqIF.ForeignID'], ['d-chapter', 'ReqIF.ChapterName'], ['d-body', 'Object Text'], ['d-note', 'Comment']]);

  it('a heading object has a title and no text, and an identifier is never taken for the text', () => {
    const heading = textAndTitle([{ kind: 'STRING', definition: 'd-id', value: 'SYS-7' }, { kind: 'STRING', definition: 'd-chapter', value: 'Braking' }], names);
    expect([heading.title, heading.text, heading.textDefinition]).toEqual(['Braking', '', null]);
  });

  it('a text named as text wins over other strings; without one, the first XHTML value is the text', () => {
    const named = textAndTitle([{ kind: 'STRING', definition: 'd-note', value: 'check' }, { kind: 'STRING', definition: 'd-body', value: 'The pump shall stop.' }], names);
    expect([named.text, named.textDefinition]).toEqual(['The pump shall stop.', 'd-body']);
    const xhtml = textAndTitle([{ kind: 'STRING', definition: 'd-id', value: 'SYS-8' }, { kind: 'XHTML', definition: 'd-x', xhtml: '<div xmlns="http://www.w3.org/1999/xhtml">Shall stop.</div>', text: 'Shall stop.' }], names);
    expect([xhtml.text, xhtml.xhtml !== null]).toEqual(['Shall stop.', true]);
  });
});

describe('the word diff', () => {
  it('marks removed and added words around what both texts share, and each side joins back to its text', () => {
    const before = 'The system shall respond quickly to all alarms.';
    const after = 'The system shall respond within 200 ms to all alarms.';
    const parts = wordDiff(before, after);
    expect(parts).toEqual([
      { op: 'same', text: 'The system shall respond ' },
      { op: 'added', text: 'within 200 ms ' },
      { op: 'removed', text: 'quickly ' },
      { op: 'same', text: 'to all alarms.' },
    ]);
    expect(parts.filter((p) => p.op !== 'added').map((p) => p.text).join('')).toBe(before);
    expect(parts.filter((p) => p.op !== 'removed').map((p) => p.text).join('')).toBe(after);
  });

  it('an empty side is all added or all removed; equal texts are one same run', () => {
    expect(wordDiff('', 'shall stop')).toEqual([{ op: 'added', text: 'shall stop' }]);
    expect(wordDiff('shall stop', '')).toEqual([{ op: 'removed', text: 'shall stop' }]);
    expect(wordDiff('a b c', 'a b c')).toEqual([{ op: 'same', text: 'a b c' }]);
  });
});
