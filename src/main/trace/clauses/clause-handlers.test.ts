// The clause channels on a real project (traceProject: requirements, a registered model, a scoring evaluation, a
// drift report), through the host's dispatch: the shipped standards, the gap report from confirmed mappings with the
// suggestions beside it, suggestions for one requirement or artifact, and confirmations and rejections, append-only.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ClauseCoverage, ClauseCoverageReport } from '../../../shared/standards';
import { ClauseMappingsRepo } from '../../store/clause-mappings-repo';
import { tempDir } from '../../test-support/temp-project';
import { traceProject, type TraceProject } from '../../test-support/trace-project';

let p: TraceProject;

beforeEach(async () => {
  p = await traceProject();
});
afterEach(async () => {
  await p.close();
});

const clause = (report: ClauseCoverageReport, id: string): ClauseCoverage => report.clauses.find((c) => c.clause === id) ?? expect.fail(`no clause ${id}`);

/** A requirement that reads like IEC 62304's risk management clause (4.2), in a document of its own. */
async function importRiskRequirement(): Promise<void> {
  const file = path.join(tempDir(), 'risk.csv');
  fs.writeFileSync(file, 'id,document,text\nRISK-1,Risk,The risk management file shall list every hazard of the churn warning and its risk.\n');
  await p.call('requirements.import', { source: { kind: 'path', path: file } });
}

describe('clause coverage', () => {
  it('lists the shipped standards with their clause counts', async () => {
    const standards = await p.call('trace.standards', {});
    expect(standards.map((s) => s.id)).toEqual(['annex4', 'do178c', 'iec62304', 'iso26262', 'pas8800']);
    expect(standards.find((s) => s.id === 'iec62304')).toMatchObject({ name: 'IEC 62304', levels: ['A', 'B', 'C'] });
    expect(standards.every((s) => s.clauses > 10)).toBe(true);
  });

  it('counts a clause covered once a person confirms evidence for it, uncovered again after a rejection, and audits both', async () => {
    const before = await p.call('trace.clauses', { standard: 'iec62304', level: 'B' });
    expect(clause(before, '5.7').status).toBe('uncovered');
    await p.call('trace.mapClause', { standard: 'iec62304', clause: '5.7', target: { kind: 'scoring', id: p.evaluation }, state: 'confirmed', reason: 'system test of churn@1' });
    const covered = await p.call('trace.clauses', { standard: 'iec62304', level: 'B' });
    expect(clause(covered, '5.7')).toMatchObject({ status: 'covered', confirmed: [{ kind: 'scoring', id: p.evaluation }] });
    expect(covered.totals.covered).toBe(before.totals.covered + 1);
    expect(p.project.store.audit.list(1)[0]).toMatchObject({ action: 'trace.mapClause', target: 'iec62304:5.7', details: { evidence: { kind: 'scoring', id: p.evaluation }, state: 'confirmed', reason: 'system test of churn@1' } });

    await p.call('trace.mapClause', { standard: 'iec62304', clause: '5.7', target: { kind: 'scoring', id: p.evaluation }, state: 'rejected' });
    const rejected = await p.call('trace.clauses', { standard: 'iec62304', level: 'B' });
    expect(clause(rejected, '5.7')).toMatchObject({ status: 'uncovered', confirmed: [] });
    // both decisions are kept: the newest is the state
    expect(new ClauseMappingsRepo(p.project.store.db).current('iec62304')).toMatchObject([{ clause: '5.7', state: 'rejected', reason: null }]);
    expect(p.project.store.db.prepare('SELECT COUNT(*) AS n FROM clause_mappings').get()).toEqual({ n: 2 });
  });

  it('suggests clauses for a requirement by the words they share, lists them in the gap report, and never again once rejected', async () => {
    await importRiskRequirement();
    const suggestions = await p.call('trace.suggestClauses', { standard: 'iec62304', target: { kind: 'requirement', id: 'RISK-1' } });
    expect(suggestions.map((s) => s.clause)).toContain('4.2');
    expect(suggestions.find((s) => s.clause === '4.2')?.reason).toContain('risk management');
    const report = await p.call('trace.clauses', { standard: 'iec62304' });
    expect(clause(report, '4.2')).toMatchObject({ status: 'uncovered', suggested: expect.arrayContaining([{ kind: 'requirement', id: 'RISK-1' }]) });

    await p.call('trace.mapClause', { standard: 'iec62304', clause: '4.2', target: { kind: 'requirement', id: 'RISK-1' }, state: 'rejected', reason: 'a file, not a process' });
    const after = await p.call('trace.suggestClauses', { standard: 'iec62304', target: { kind: 'requirement', id: 'RISK-1' } });
    expect(after.map((s) => s.clause)).not.toContain('4.2');
    expect(clause(await p.call('trace.clauses', { standard: 'iec62304' }), '4.2').suggested).not.toContainEqual({ kind: 'requirement', id: 'RISK-1' });
  });

  it('reads an evaluation as evidence of its own kind, and refuses what is not evidence or not in the project, naming the field', async () => {
    const evaluation = await p.call('trace.suggestClauses', { standard: 'iec62304', target: p.targets.evaluation });
    // a scoring evaluation is a test of accuracy: IEC 62304's software system testing lists scoring evidence
    expect(evaluation.map((s) => s.clause)).toContain('5.7');
    expect(await p.refused('trace.suggestClauses', { standard: 'iec62304', target: p.targets.monitor })).toMatchObject({ code: 'BAD_INPUT', where: { field: 'target' } });
    const map = (target: { kind: 'benchmark' | 'requirement'; id: string }, clauseId = '5.7', standard = 'iec62304') =>
      p.refused('trace.mapClause', { standard, clause: clauseId, target, state: 'confirmed' });
    expect(await map({ kind: 'benchmark', id: p.evaluation })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'target' } });
    expect(await map({ kind: 'requirement', id: 'NOPE-1' })).toMatchObject({ code: 'NOT_FOUND', where: { field: 'target' } });
    expect(await map({ kind: 'requirement', id: 'SYS-1' }, '99.9')).toMatchObject({ code: 'NOT_FOUND', where: { field: 'clause' } });
    expect(await map({ kind: 'requirement', id: 'SYS-1' }, '5.7', 'iec99999')).toMatchObject({ code: 'NOT_FOUND', where: { field: 'standard' } });
    expect(await p.refused('trace.clauses', { standard: 'iec62304', level: 'Z' })).toMatchObject({ code: 'BAD_INPUT' });
  });
});
