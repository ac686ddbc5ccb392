import { describe, expect, it } from 'vitest';
import { errorOf } from '../../test-support/app-error-of';
import { demoChecklist } from './demo-checklist';
import { shippedChecklist } from './load-checklists';
import { suggestClauses } from './suggest-clauses';

const top = (text: string, standard: string) => suggestClauses(text, shippedChecklist(standard))[0]?.clause;

describe('suggestClauses on the shipped checklists', () => {
  it.each([
    ['annex4', 'The monitor shall raise an alert when data drift in the field exceeds the threshold after deployment.', '9'],
    ['annex4', 'The training data shall be documented in a datasheet with its provenance and labelling process.', '2.d'],
    ['annex4', 'Accuracy shall be reported separately for each age group of patients.', '3.a'],
    ['iec62304', 'The classifier shall reach a recall of at least 0.98 on the holdout system test set.', '5.7'],
    ['iec62304', 'Every release shall record its version and the known anomalies it ships with.', '5.8'],
    ['do178c', 'Structural coverage analysis shall achieve MC/DC for all level A code.', 'A-7.5'],
    ['do178c', 'Each high-level requirement shall trace to a system requirement.', 'A-3.6'],
    ['pas8800', 'Training data labels shall be reviewed for completeness and bias.', 'data.quality'],
    ['iso26262', 'The software shall meet its execution time budget of 5 ms on the target ECU.', '10.resources'],
  ])('ranks first for %s: "%s" -> %s', (standard, text, clause) => {
    expect(top(text, standard)).toBe(clause);
  });

  it.each([
    ['annex4', 'The dashboard shall use the company blue colour for its header.'],
    ['do178c', 'The coffee machine shall brew a cup within two minutes.'],
    ['iec62304', 'The'],
    ['pas8800', ''],
  ])('suggests nothing for %s from a text about something else: "%s"', (standard, text) => {
    expect(suggestClauses(text, shippedChecklist(standard))).toEqual([]);
  });

  it('gives the reason as the title words and keywords that matched', () => {
    const [first] = suggestClauses('Training data labels shall be reviewed for completeness and bias.', shippedChecklist('pas8800'));
    expect(first.reason).toBe('shares title: labels, completeness, bias; keywords: label, completeness, bias');
    expect(first.score).toBeGreaterThan(0);
    expect(first.score).toBeLessThanOrEqual(1);
  });

  it('ranks best first and stops at the limit', () => {
    const all = suggestClauses('structural coverage of the code', shippedChecklist('do178c'), { limit: 10 });
    expect(all.length).toBeGreaterThan(2);
    expect(all.map((s) => s.score)).toEqual([...all.map((s) => s.score)].sort((a, b) => b - a));
    expect(suggestClauses('structural coverage of the code', shippedChecklist('do178c'), { limit: 2 })).toEqual(all.slice(0, 2));
  });

  it('offers only clauses that apply at the chosen level: no MC/DC objective at DAL C', () => {
    const at = (level: string) => suggestClauses('MC/DC structural coverage', shippedChecklist('do178c'), { level, limit: 10 }).map((s) => s.clause);
    expect(at('A')).toContain('A-7.5');
    expect(at('C')).not.toContain('A-7.5');
    expect(at('C')).toContain('A-7.7');
  });

  it('refuses a level the standard does not have', () => {
    expect(errorOf(() => suggestClauses('MC/DC', shippedChecklist('do178c'), { level: 'F' })).message).toBe("'F' is not a DAL of DO-178C: its levels are A, B, C, D, E.");
  });

  it('offers an artifact only the clauses that expect its kind of evidence', () => {
    const text = 'drift of the input data monitored in the field after the release of a new version';
    const any = suggestClauses(text, shippedChecklist('iec62304'), { limit: 10 }).map((s) => s.clause);
    const forDrift = suggestClauses(text, shippedChecklist('iec62304'), { evidenceKind: 'drift_report', limit: 10 }).map((s) => s.clause);
    expect(any).toContain('5.8');
    expect(forDrift).toContain('6.2');
    expect(forDrift).not.toContain('5.8');
  });
});

describe('suggestClauses scoring rules', () => {
  const checklist = demoChecklist(
    [
      { id: 'risk', title: 'Risk management system', evidence: ['requirement'], keywords: ['risk management', 'hazard'] },
      { id: 'plan', title: 'Release plan', evidence: ['approval'], keywords: ['release'] },
      { id: 'heading', title: 'Monitoring' },
      { id: 'heading.1', parent: 'heading', title: 'Monitor drift reports', evidence: ['drift_report'] },
    ],
    [],
  );

  it('counts a multi-word keyword only when all its words are there', () => {
    expect(suggestClauses('risk of delay', checklist)).toEqual([]);
    expect(suggestClauses('the risk management file', checklist).map((s) => s.clause)).toEqual(['risk']);
  });

  it('needs two shared terms: one word alone, even a keyword, is not enough', () => {
    expect(suggestClauses('a release', checklist)).toEqual([]);
    expect(suggestClauses('every hazard', checklist)).toEqual([]);
    expect(suggestClauses('a release plan', checklist).map((s) => s.clause)).toEqual(['plan']);
    expect(suggestClauses('every hazard of the system', checklist).map((s) => s.clause)).toEqual(['risk']);
  });

  it('folds inflections, and suggests checklist items rather than headings', () => {
    expect(suggestClauses('monitoring drifting report', checklist).map((s) => s.clause)).toEqual(['heading.1']);
  });

  it('drops matches under the minimum score', () => {
    const [only] = suggestClauses('the risk management file', checklist);
    expect(suggestClauses('the risk management file', checklist, { minScore: only.score + 0.001 })).toEqual([]);
  });
});
