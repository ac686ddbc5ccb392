// ReqIF SPEC-RELATIONs and requirement links both ways: an import links the related requirements (once, however
// often it is re-imported), a newer import without a relation removes its link, and links made in Airlock go out as
// SPEC-RELATIONs that a fresh project reads back as the same links. On a hand-written file and a real fmStudio export.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleReqif, writeTemp } from '../../requirements/reqif/test-reqif';
import { exportRequirements } from '../../requirements/store/export-requirements';
import { importRequirements } from '../../requirements/store/import-requirements';
import type { ProjectStore } from '../../store/project-store';
import { TraceLinksRepo } from '../../store/trace-links-repo';
import { tempDir, tempProject } from '../../test-support/temp-project';
import { linkTypeOfRelation } from './reqif-links';
import { linkRequirement, unlinkLink } from './links-service';

const REAL = path.resolve(__dirname, '../../../../../shared/data/reqif');
const FMSTUDIO = path.join(REAL, '09_fmstudio_traceability_template.reqif');

/** Live links as `REQ type TARGET origin`, sorted. */
const linkLines = (store: ProjectStore): string[] =>
  new TraceLinksRepo(store.db)
    .live()
    .map((l) => `${l.requirement} ${l.type} ${l.target.id} ${l.origin}`)
    .sort();

const relation = (id: string, source: string, target: string): string =>
  `<SPEC-RELATION IDENTIFIER="${id}"><SOURCE><SPEC-OBJECT-REF>${source}</SPEC-OBJECT-REF></SOURCE><TARGET><SPEC-OBJECT-REF>${target}</SPEC-OBJECT-REF></TARGET><TYPE><SPEC-RELATION-TYPE-REF>t-refines</SPEC-RELATION-TYPE-REF></TYPE></SPEC-RELATION>`;

describe('relation types as link types', () => {
  it('reads refines, derives, verifies and satisfies (or realizes) from the long name, and anything else as derived-from', () => {
    expect(['refines', 'Is derived from', 'verifies', 'satisfies', 'realizes', 'ManuellLink', undefined].map(linkTypeOfRelation)).toEqual([
      'refines', 'derived-from', 'verifies', 'satisfies', 'satisfies', 'derived-from', 'derived-from',
    ]);
  });
});

describe('SPEC-RELATIONs into links', () => {
  it('links the two requirements of a relation (not one whose end is in no file here), once however often it is imported', async () => {
    const store = tempProject();
    const file = writeTemp('brakes.reqif', sampleReqif());
    await importRequirements(store, file);
    expect(linkLines(store)).toEqual(['obj-2 refines obj-1 reqif']);
    expect(store.audit.list(1)[0]!.details).toMatchObject({ relations: 2, links: { made: 1, removed: 0 } });
    await importRequirements(store, file);
    expect(linkLines(store)).toEqual(['obj-2 refines obj-1 reqif']);
    expect(store.audit.list(1)[0]!.details).toMatchObject({ links: { made: 0, removed: 0 } });
  });

  it('removes the link of a relation a newer import no longer has, and warns of relations the link rules refuse', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const newer = sampleReqif()
      .replace(relation('rel-1', 'obj-2', 'obj-1'), `${relation('rel-self', 'obj-3', 'obj-3')}${relation('rel-a', 'obj-1', 'obj-3')}${relation('rel-b', 'obj-3', 'obj-1')}`);
    const summary = await importRequirements(store, writeTemp('brakes.reqif', newer));
    expect(linkLines(store)).toEqual(['obj-1 refines obj-3 reqif']);
    expect(summary.warnings.filter((w) => w.code === 'RELATION_NOT_LINKED').map((w) => [w.identifier, w.message])).toEqual([
      ['rel-self', 'Relation rel-self (obj-3 refines obj-3) is not linked: Requirement obj-3 cannot be linked to itself.'],
      ['rel-b', 'Relation rel-b (obj-3 refines obj-1) is not linked: Linking obj-3 refines obj-1 would close a cycle: obj-3 -> obj-1 -> obj-3.'],
    ]);
    expect(store.audit.list(1)[0]!.details).toMatchObject({ links: { made: 1, removed: 1 } });
  });

  it('writes links made in Airlock as SPEC-RELATIONs, reusing a relation type that names the link type, and reads them back', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const refines = linkRequirement(store, { requirement: 'obj-3', target: { kind: 'requirement', id: 'obj-2' }, type: 'refines', origin: 'manual' });
    const verifies = linkRequirement(store, { requirement: 'obj-orphan', target: { kind: 'requirement', id: 'obj-1' }, type: 'verifies', origin: 'manual' });
    const out = path.join(tempDir(), 'out.reqif');
    expect(exportRequirements(store, out).relations).toBe(4);
    const written = fs.readFileSync(out, 'utf8');
    expect(written).toContain(`<SPEC-RELATION IDENTIFIER="airlock-${refines.id}"`);
    expect(written).toMatch(new RegExp(`IDENTIFIER="airlock-${verifies.id}"[^]*?<SPEC-RELATION-TYPE-REF>airlock-relation-type-verifies<`));
    expect(written).toContain('<SPEC-RELATION-TYPE IDENTIFIER="airlock-relation-type-verifies"');
    expect(written.match(/<SPEC-RELATION-TYPE /g)).toHaveLength(2);

    const fresh = tempProject();
    await importRequirements(fresh, out);
    expect(linkLines(fresh)).toEqual(['obj-2 refines obj-1 reqif', 'obj-3 refines obj-2 reqif', 'obj-orphan verifies obj-1 reqif']);
  });
  it('leaves out of an export a relation whose link was removed in Airlock, so the other tool hears of the removal', async () => {
    const store = tempProject();
    await importRequirements(store, writeTemp('brakes.reqif', sampleReqif()));
    const [imported] = new TraceLinksRepo(store.db).live();
    unlinkLink(store, imported!.id, 'not a refinement');
    const out = path.join(tempDir(), 'out.reqif');
    expect(exportRequirements(store, out).relations).toBe(1);
    expect(fs.readFileSync(out, 'utf8')).not.toContain('IDENTIFIER="rel-1"');
    const fresh = tempProject();
    await importRequirements(fresh, out);
    expect(linkLines(fresh)).toEqual([]);
  });
});

describe.skipIf(!fs.existsSync(FMSTUDIO))('SPEC-RELATIONs of a real fmStudio export (../shared/data/reqif)', () => {
  it('links its nine "realizes" relations as satisfies, and a round trip with an Airlock link keeps them all', async () => {
    const store = tempProject();
    await importRequirements(store, FMSTUDIO);
    const imported = linkLines(store);
    expect(imported).toHaveLength(9);
    expect(imported.every((l) => / satisfies .* reqif$/.test(l))).toBe(true);
    await importRequirements(store, FMSTUDIO);
    expect(linkLines(store)).toEqual(imported);

    // the target of the first relation derives from its source: a link the file does not have
    const [source, , target] = imported[0]!.split(' ');
    linkRequirement(store, { requirement: target!, target: { kind: 'requirement', id: source! }, type: 'derived-from', origin: 'manual' });
    const out = path.join(tempDir(), 'fmstudio-out.reqif');
    expect(exportRequirements(store, out).relations).toBe(10);
    const fresh = tempProject();
    await importRequirements(fresh, out);
    expect(linkLines(fresh)).toEqual(linkLines(store).map((l) => l.replace(/ manual$/, ' reqif')).sort());
  });
});
