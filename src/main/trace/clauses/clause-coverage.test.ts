import { describe, expect, it } from 'vitest';
import type { ClauseMapping, EvidenceRef } from '../../../shared/standards';
import { errorOf } from '../../test-support/app-error-of';
import { clauseCoverage } from './clause-coverage';
import { demoChecklist } from './demo-checklist';
import { shippedChecklist } from './load-checklists';

const checklist = demoChecklist([
  { id: '1', title: 'Planning' },
  { id: '1.1', parent: '1', title: 'Write a plan', evidence: ['requirement'] },
  { id: '1.2', parent: '1', applies: ['B', 'C'], title: 'Review the plan', evidence: ['approval'] },
  { id: '2', applies: ['C'], title: 'Design' },
  { id: '2.1', parent: '2', title: 'Describe the architecture', evidence: ['requirement'] },
  { id: '3', title: 'Testing', evidence: ['scoring'] },
]);

const req = (id: string): EvidenceRef => ({ kind: 'requirement', id });
const map = (clause: string, target: EvidenceRef, state: ClauseMapping['state'] = 'confirmed', standard = 'demo'): ClauseMapping => ({ standard, clause, target, state });
const statusById = (mappings: ClauseMapping[], level?: string) =>
  Object.fromEntries(clauseCoverage(checklist, mappings, { level }).clauses.map((c) => [c.clause, c.status]));

describe('clauseCoverage', () => {
  it('covers a clause only by a confirmed mapping, and lists a suggestion beside an uncovered one', () => {
    const report = clauseCoverage(checklist, [map('1.1', req('REQ-1')), map('3', { kind: 'scoring', id: 'eval-7' }, 'suggested')], { level: 'A' });
    const byId = new Map(report.clauses.map((c) => [c.clause, c]));
    expect(byId.get('1.1')).toMatchObject({ status: 'covered', confirmed: [req('REQ-1')], suggested: [] });
    expect(byId.get('3')).toMatchObject({ status: 'uncovered', confirmed: [], suggested: [{ kind: 'scoring', id: 'eval-7' }] });
  });

  it('marks clauses not applicable at the chosen level, a heading too when none of its children applies', () => {
    expect(statusById([], 'A')).toEqual({ '1': 'uncovered', '1.1': 'uncovered', '1.2': 'not-applicable', '2': 'not-applicable', '2.1': 'not-applicable', '3': 'uncovered' });
    expect(statusById([], 'C')).toEqual({ '1': 'uncovered', '1.1': 'uncovered', '1.2': 'uncovered', '2': 'uncovered', '2.1': 'uncovered', '3': 'uncovered' });
  });

  it('covers a heading once every applicable child is covered', () => {
    const mappings = [map('1.1', req('REQ-1'))];
    expect(statusById(mappings, 'A')['1']).toBe('covered');
    // at class B the review applies too, so the plan alone is not enough
    expect(statusById(mappings, 'B')['1']).toBe('uncovered');
    expect(statusById([...mappings, map('1.2', { kind: 'approval', id: 'appr-1' })], 'B')['1']).toBe('covered');
  });

  it('covers a heading a person mapped evidence to directly, while its uncovered items still count as gaps', () => {
    const report = clauseCoverage(checklist, [map('1', req('REQ-9'))], { level: 'B' });
    expect(report.clauses.find((c) => c.clause === '1')?.status).toBe('covered');
    expect(report.gaps[0]).toMatchObject({ clause: '1', covered: 0, uncovered: 2 });
  });

  it('counts checklist items per top clause in the gap report, leaving out those not applicable', () => {
    const report = clauseCoverage(checklist, [map('1.1', req('REQ-1')), map('2.1', req('REQ-2'))], { level: 'B' });
    expect(report.gaps).toEqual([
      { clause: '1', title: 'Planning', applicable: 2, covered: 1, uncovered: 1, notApplicable: 0 },
      { clause: '2', title: 'Design', applicable: 0, covered: 0, uncovered: 0, notApplicable: 1 },
      { clause: '3', title: 'Testing', applicable: 1, covered: 0, uncovered: 1, notApplicable: 0 },
    ]);
    expect(report.totals).toEqual({ applicable: 3, covered: 1, uncovered: 2, notApplicable: 1 });
    expect(report).toMatchObject({ standard: 'demo', level: 'B' });
  });

  it('judges every clause applicable when no level is chosen', () => {
    const report = clauseCoverage(checklist, []);
    expect(report.level).toBeNull();
    expect(report.totals).toEqual({ applicable: 4, covered: 0, uncovered: 4, notApplicable: 0 });
  });

  it('reports mappings to clauses the checklist does not have, and ignores mappings to other standards', () => {
    const gone = map('1.9', req('REQ-3'));
    const other = map('1.1', req('REQ-4'), 'confirmed', 'iec62304');
    const report = clauseCoverage(checklist, [gone, other]);
    expect(report.unknown).toEqual([gone]);
    expect(report.clauses.find((c) => c.clause === '1.1')).toMatchObject({ status: 'uncovered', confirmed: [] });
  });

  it('counts the same evidence mapped twice once, and no longer lists a suggestion a person has confirmed', () => {
    const run = { kind: 'run', id: 'run-1' } as const;
    const report = clauseCoverage(checklist, [map('3', run, 'suggested'), map('3', run), map('3', run), map('3', req('REQ-5'), 'suggested')]);
    expect(report.clauses.find((c) => c.clause === '3')).toMatchObject({ status: 'covered', confirmed: [run], suggested: [req('REQ-5')] });
  });

  it('gives each clause its parent and depth, in the checklist order', () => {
    const report = clauseCoverage(checklist, []);
    expect(report.clauses.map((c) => [c.clause, c.parent, c.depth, c.leaf])).toEqual([
      ['1', null, 0, false],
      ['1.1', '1', 1, true],
      ['1.2', '1', 1, true],
      ['2', null, 0, false],
      ['2.1', '2', 1, true],
      ['3', null, 0, true],
    ]);
  });

  it('refuses a level the standard does not have, naming its levels', () => {
    const error = errorOf(() => clauseCoverage(checklist, [], { level: 'D' }));
    expect(error).toMatchObject({ code: 'BAD_INPUT', where: { field: 'level' } });
    expect(error.message).toBe("'D' is not a class of Demo standard: its levels are A, B, C.");
  });

  it('judges the shipped IEC 62304 by class: architecture is no gap for class A but is for class C', () => {
    const iec = shippedChecklist('iec62304');
    const gapOf = (level: string) => clauseCoverage(iec, [], { level }).clauses.find((c) => c.clause === '5.3')?.status;
    expect(gapOf('A')).toBe('not-applicable');
    expect(gapOf('C')).toBe('uncovered');
    const c = clauseCoverage(iec, [], { level: 'C' }).totals;
    const a = clauseCoverage(iec, [], { level: 'A' }).totals;
    expect(c.notApplicable).toBe(0);
    expect(a.applicable).toBeLessThan(c.applicable);
  });

  it('refuses any level for a standard without levels, such as EU AI Act Annex IV', () => {
    expect(errorOf(() => clauseCoverage(shippedChecklist('annex4'), [], { level: 'A' })).message).toBe("'A' is not a level of EU AI Act, Annex IV: it has no levels.");
  });

  it('finds nothing to do at DO-178C level E', () => {
    const report = clauseCoverage(shippedChecklist('do178c'), [], { level: 'E' });
    expect(report.totals).toEqual({ applicable: 0, covered: 0, uncovered: 0, notApplicable: 71 });
    expect(report.clauses.every((c) => c.status === 'not-applicable')).toBe(true);
  });
});
