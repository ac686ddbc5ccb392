import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClauseChecklist } from '../../../shared/standards';
import { errorOf } from '../../test-support/app-error-of';
import { checklistTree } from './checklist-tree';
import { demoChecklist } from './demo-checklist';
import { checklistInfo, parseChecklist, readChecklists, shippedChecklist, shippedChecklists } from './load-checklists';
import { termsOf } from '../../requirements/pairs/requirement-terms';

/** A small valid checklist; each test breaks one rule of it. */
function sample(): ClauseChecklist {
  return demoChecklist([
    { id: '1', title: 'Planning' },
    { id: '1.1', parent: '1', title: 'Write a plan', evidence: ['requirement'] },
    { id: '1.2', parent: '1', applies: ['B', 'C'], title: 'Review the plan', evidence: ['approval'] },
  ]);
}

const parse = (value: unknown) => parseChecklist(JSON.stringify(value), 'demo.json');
const leavesAt = (checklist: ClauseChecklist, level: string) =>
  checklistTree(checklist).nodes.filter((n) => n.children.length === 0 && n.levels.has(level)).length;

describe('the shipped checklists', () => {
  it('loads every file in resources/standards: the five standards of issue 16', () => {
    expect(shippedChecklists().map((c) => c.id)).toEqual(['annex4', 'do178c', 'iec62304', 'iso26262', 'pas8800']);
  });

  it('gives IEC 62304 the clauses 4 to 9 and the safety classes A, B and C', () => {
    const iec = shippedChecklist('iec62304');
    expect(iec.levels).toEqual(['A', 'B', 'C']);
    expect(checklistTree(iec).tops.map((t) => t.clause.id)).toEqual(['4', '5', '6', '7', '8', '9']);
    // architectural design is not required for class A
    expect(checklistTree(iec).byId.get('5.3.1')?.levels).toEqual(new Set(['B', 'C']));
  });

  it('counts DO-178C objectives per level as the published totals: 71 at A, 69 at B, 62 at C, 26 at D, none at E', () => {
    const doc = shippedChecklist('do178c');
    expect(checklistTree(doc).tops.map((t) => t.clause.id)).toEqual(['A-1', 'A-2', 'A-3', 'A-4', 'A-5', 'A-6', 'A-7', 'A-8', 'A-9', 'A-10']);
    expect(['A', 'B', 'C', 'D', 'E'].map((l) => leavesAt(doc, l))).toEqual([71, 69, 62, 26, 0]);
  });

  it('gives EU AI Act Annex IV its nine headings, with sub-points under the first three', () => {
    const tree = checklistTree(shippedChecklist('annex4'));
    expect(tree.tops.map((t) => t.clause.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(tree.tops.map((t) => t.children.length)).toEqual([8, 8, 4, 0, 0, 0, 0, 0, 0]);
  });

  it('gives ISO 26262-6 its software clauses 5 to 11 and the ASILs, and ISO/PAS 8800 its topics without levels', () => {
    const iso = shippedChecklist('iso26262');
    expect(iso.levels).toEqual(['A', 'B', 'C', 'D']);
    expect(checklistTree(iso).tops.map((t) => t.clause.id).slice(0, 7)).toEqual(['5', '6', '7', '8', '9', '10', '11']);
    const pas = shippedChecklist('pas8800');
    expect(pas.levels).toEqual([]);
    expect(checklistTree(pas).tops.map((t) => t.clause.id)).toContain('data');
  });

  it('gives every keyword of every checklist terms that suggestions can match', () => {
    const empty = shippedChecklists().flatMap((c) => c.clauses.flatMap((cl) => (cl.keywords ?? []).filter((k) => termsOf(k).terms.length === 0).map((k) => `${c.id} ${cl.id} '${k}'`)));
    expect(empty).toEqual([]);
  });

  it('lists a checklist without its clauses, with their count', () => {
    expect(checklistInfo(shippedChecklist('annex4'))).toMatchObject({ id: 'annex4', name: 'EU AI Act, Annex IV', levels: [], clauses: 29 });
  });

  it('refuses an unknown standard, listing the ones there are', () => {
    const error = errorOf(() => shippedChecklist('iso9001'));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain("no clause checklist 'iso9001'; the standards are annex4, do178c, iec62304, iso26262, pas8800");
  });
});

describe('parseChecklist', () => {
  it('accepts a valid checklist as it is', () => {
    expect(parse(sample())).toEqual(sample());
  });

  it('refuses text that is not JSON, naming the file', () => {
    const error = errorOf(() => parseChecklist('{"id": ', 'demo.json'));
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { file: 'demo.json' } });
    expect(error.message).toMatch(/^demo\.json: not valid JSON/);
  });

  it('names the clause by its id when one of its fields is wrong', () => {
    const c = sample();
    const error = errorOf(() => parse({ ...c, clauses: [...c.clauses.slice(0, 2), { ...c.clauses[2], evidence: ['rumour'] }] }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.where).toEqual({ file: 'demo.json', field: "clause '1.2' evidence.0" });
  });

  it('refuses a field the format does not have', () => {
    const c = sample();
    const error = errorOf(() => parse({ ...c, clauses: [{ ...c.clauses[0], text: 'copied from the standard' }, ...c.clauses.slice(1)] }));
    expect(error.message).toContain("clause '1'");
    expect(error.message).toContain('text');
  });

  it('refuses a clause id used twice', () => {
    const c = sample();
    const error = errorOf(() => parse({ ...c, clauses: [...c.clauses, { id: '1.1', parent: '1', title: 'Again', evidence: ['run'] }] }));
    expect(error.message).toBe("demo.json: the clause id '1.1' is used twice.");
  });

  it('refuses a parent that is not in the checklist, and one that comes after its child', () => {
    const c = sample();
    const missing = errorOf(() => parse({ ...c, clauses: [...c.clauses, { id: '2.1', parent: '2', title: 'Orphan', evidence: ['run'] }] }));
    expect(missing.message).toBe("demo.json: clause '2.1' names the parent '2', which is not in the checklist.");
    expect(missing.where?.field).toBe("clause '2.1' parent");
    const late = errorOf(() => parse({ ...c, clauses: [c.clauses[1], c.clauses[0], c.clauses[2]] }));
    expect(late.message).toBe("demo.json: clause '1.1' names the parent '1', which comes after it (a parent must come first).");
  });

  it('refuses a level the checklist does not list', () => {
    const c = sample();
    const error = errorOf(() => parse({ ...c, clauses: [...c.clauses, { id: '1.3', parent: '1', applies: ['D'], title: 'Extra', evidence: ['run'] }] }));
    expect(error.message).toBe("demo.json: clause '1.3' applies at 'D', which is not a level: the levels are A, B, C.");
  });

  it('refuses a level listed twice', () => {
    expect(errorOf(() => parse({ ...sample(), levels: ['A', 'B', 'A'] })).message).toBe('demo.json: a level is listed twice in A, B, A.');
  });

  it('refuses a child that applies where its parent does not', () => {
    const c = sample();
    const error = errorOf(() =>
      parse({ ...c, clauses: [{ id: '1', applies: ['C'], title: 'Planning' }, { id: '1.1', parent: '1', applies: ['B', 'C'], title: 'Write a plan', evidence: ['requirement'] }] }),
    );
    expect(error.message).toBe("demo.json: clause '1.1' applies at B, where its parent '1' does not.");
  });

  it('refuses a checklist item that names no evidence kinds', () => {
    const c = sample();
    const error = errorOf(() => parse({ ...c, clauses: [...c.clauses, { id: '2', title: 'Release' }] }));
    expect(error.message).toBe("demo.json: clause '2' is a checklist item and lists no evidence kinds.");
    expect(error.where?.field).toBe("clause '2' evidence");
  });
});

describe('readChecklists', () => {
  let dir = '';
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads every JSON file of a folder, sorted, and refuses one not named for its id', () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'airlock-standards-'));
    fs.writeFileSync(path.join(dir, 'demo.json'), JSON.stringify(sample()));
    fs.writeFileSync(path.join(dir, 'README.md'), '# not a checklist');
    fs.writeFileSync(path.join(dir, 'alpha.json'), JSON.stringify({ ...sample(), id: 'alpha' }));
    expect(readChecklists(dir).map((c) => c.id)).toEqual(['alpha', 'demo']);
    fs.writeFileSync(path.join(dir, 'beta.json'), JSON.stringify({ ...sample(), id: 'gamma' }));
    const error = errorOf(() => readChecklists(dir));
    expect(error.message).toBe(`${path.join(dir, 'beta.json')}: the checklist's id is 'gamma', so the file must be named gamma.json.`);
  });
});
