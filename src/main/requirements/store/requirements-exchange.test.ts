import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProjectStore } from '../../store/project-store';
import { RequirementsRepo } from '../../store/requirements-repo';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { readReqif } from '../reqif/reqif-reader';
import { writeReqifz } from '../reqif/reqif-writer';
import { sampleReqif, writeTemp } from '../reqif/test-reqif';
import { exportRequirements } from './export-requirements';
import { importRequirements } from './import-requirements';
import { editRequirement, listRequirements, showRequirement } from './requirements-service';

const REAL = path.resolve(__dirname, '../../../../../shared/data/reqif');
const realFiles = fs.existsSync(REAL) ? fs.readdirSync(REAL).filter((f) => /\.reqifz?$/.test(f)).sort() : [];
if (realFiles.length === 0) console.log(`skipping the real ReqIF round trips: no .reqif files in ${REAL}`);

/** The counts ../shared/data/reqif/expected.json has for each file (measured by an independent script). */
type Counts = Record<'specifications' | 'spec_objects' | 'spec_relations' | 'spec_hierarchy_nodes', number>;
const expected: Map<string, Counts[]> = fs.existsSync(path.join(REAL, 'expected.json'))
  ? new Map((JSON.parse(fs.readFileSync(path.join(REAL, 'expected.json'), 'utf8')) as { files: { file: string; documents: { counts: Counts }[] }[] }).files.map((f) => [f.file, f.documents.map((d) => d.counts)]))
  : new Map();

/** Everything a round trip must keep: ids, values, hierarchy, relations. */
function snapshot(store: ProjectStore): unknown {
  const repo = new RequirementsRepo(store.db);
  return {
    documents: repo.documents().map((d) => [d.id, d.name, d.spec_json]),
    requirements: listRequirements(store).map((r) => ({ ...showRequirement(store, r.id), revision: undefined })),
    relations: store.db.prepare('SELECT id, type, source, target, relation_json FROM requirement_relations ORDER BY id').all(),
    nodes: store.db.prepare('SELECT id, node_json, object_json FROM requirements ORDER BY id').all(),
  };
}

async function roundTrip(file: string, out: string): Promise<{ first: ProjectStore; second: ProjectStore }> {
  const first = tempProject();
  await importRequirements(first, file);
  const exported = path.join(tempDir(), out);
  exportRequirements(first, exported);
  const second = tempProject();
  await importRequirements(second, exported);
  return { first, second };
}

describe('exporting requirements', () => {
  it('a ReqIF import, exported and re-imported into a fresh project, keeps ids, values, hierarchy and relations', async () => {
    const { first, second } = await roundTrip(writeTemp('brakes.reqif', sampleReqif()), 'brakes.reqif');
    expect(snapshot(second)).toEqual(snapshot(first));
  });

  it('a .reqifz keeps its attachments through import, export and re-import', async () => {
    const parsed = (await readReqif(writeTemp('brakes.reqif', sampleReqif()))).documents[0];
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const file = writeTemp('brakes.reqifz', writeReqifz([{ ...parsed, member: 'brakes.reqif' }], new Map([['image.png', png]])));
    const { first, second } = await roundTrip(file, 'again.reqifz');
    expect(snapshot(second)).toEqual(snapshot(first));
    const out = path.join(tempDir(), 'third.reqifz');
    expect(exportRequirements(second, out)).toMatchObject({ attachments: 1 });
    expect((await readReqif(out)).attachments).toEqual((await readReqif(file)).attachments);
  });

  it('an edited requirement is exported with its new text under its old identifier', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    editRequirement(store, 'obj-2', { text: 'The lamp shall blink at 2 Hz.' });
    const out = path.join(tempDir(), 'edited.reqifz');
    expect(exportRequirements(store, out)).toMatchObject({ documents: 1, requirements: 4, relations: 2 });
    const read = await readReqif(out);
    const obj2 = read.documents[0].specObjects.find((o) => o.identifier === 'obj-2');
    expect(obj2?.values.find((v) => v.kind === 'XHTML')).toMatchObject({ text: 'The lamp shall blink at 2 Hz.' });
  });

  it('--document exports only that specification and the relations that start in it', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const csv = path.join(tempDir(), 'pump.csv');
    fs.writeFileSync(csv, 'id,text\nP1,The pump shall stop.\n');
    await importRequirements(store, csv);
    const out = path.join(tempDir(), 'one.reqif');
    expect(() => exportRequirements(store, out)).toThrow(/come from 2 files/);
    expect(exportRequirements(store, out, { document: 'pump' })).toMatchObject({ documents: 1, requirements: 1, relations: 0 });
    expect((await readReqif(out)).documents[0].specObjects.map((o) => o.identifier)).toEqual(['P1']);
  });

  it('a CSV import round-trips through CSV and through ReqIF with its ids, texts, levels and parents', async () => {
    const csv = path.join(tempDir(), 'pump.csv');
    fs.writeFileSync(csv, 'id,text,title,level,parent,status\nP1,"The pump shall stop, at once.",Stop,system,,draft\nP2,The valve shall close.,,hardware,P1,\n');
    const rows = (s: ProjectStore): unknown => listRequirements(s).map((r) => [r.id, r.text, r.title, r.level, r.parent, r.status, r.document]);
    for (const out of ['pump.csv', 'pump.reqif']) {
      const { first, second } = await roundTrip(csv, out);
      expect(rows(second)).toEqual(rows(first));
    }
  });

  it('a ReqIF Status attribute is the status: a newer export that changes only it revises with the same fingerprint', async () => {
    const csv = path.join(tempDir(), 'pump.csv');
    fs.writeFileSync(csv, 'id,text,status\nP1,The pump shall stop.,draft\n');
    const { second } = await roundTrip(csv, 'pump.reqif');
    const exported = path.join(tempDir(), 'pump.reqif');
    exportRequirements(second, exported);
    const before = showRequirement(second, 'P1');
    fs.writeFileSync(exported, fs.readFileSync(exported, 'utf8').replace('THE-VALUE="draft"', 'THE-VALUE="approved"'));
    expect(await importRequirements(second, exported)).toMatchObject({ created: 0, revised: 1 });
    const after = showRequirement(second, 'P1');
    expect([before.status, after.status, after.revision]).toEqual(['draft', 'approved', 2]);
    expect(after.fingerprint).toBe(before.fingerprint);
  });

  it('a title and status set on a ReqIF requirement without values for them are exported in the attributes named for them', async () => {
    const csv = path.join(tempDir(), 'pump.csv');
    fs.writeFileSync(csv, 'id,text\nP1,The pump shall stop.\n');
    const { second } = await roundTrip(csv, 'pump.reqif');
    expect(showRequirement(second, 'P1')).toMatchObject({ title: '', status: null });
    editRequirement(second, 'P1', { title: 'Stop', status: 'approved' });
    const exported = path.join(tempDir(), 'edited.reqif');
    exportRequirements(second, exported);
    // a re-import of what was exported reads back what the edit stored, so it revises nothing
    expect(await importRequirements(second, exported)).toMatchObject({ created: 0, revised: 0 });
    expect(showRequirement(second, 'P1')).toMatchObject({ title: 'Stop', status: 'approved', revision: 2 });
  });
});

describe.skipIf(realFiles.length === 0)('real ReqIF exports', () => {
  it.each(realFiles.filter((f) => expected.has(f)))('%s imports every spec object, specification, hierarchy node and relation it has', async (name) => {
    const counts = expected.get(name) ?? [];
    const sum = (key: keyof Counts): number => counts.reduce((n, c) => n + c[key], 0);
    expect(await importRequirements(tempProject(), path.join(REAL, name))).toMatchObject({
      documents: sum('specifications'),
      requirements: sum('spec_objects'),
      relations: sum('spec_relations'),
      hierarchy_nodes: sum('spec_hierarchy_nodes'),
    });
  });

  it.each(realFiles)('%s imports, exports and re-imports with the same requirements, hierarchy and relations', async (name) => {
    const { first, second } = await roundTrip(path.join(REAL, name), name);
    expect(listRequirements(first).length).toBeGreaterThan(0);
    expect(snapshot(second)).toEqual(snapshot(first));
    const out = path.join(tempDir(), name);
    exportRequirements(second, out);
    // the store lists attachments by name, a zip in the order it was written
    const byName = async (f: string): Promise<unknown[]> => (await readReqif(f)).attachments.sort((a, b) => a.name.localeCompare(b.name));
    expect(await byName(out)).toEqual(await byName(path.join(REAL, name)));
  });
});
