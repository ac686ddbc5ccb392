import { describe, expect, it } from 'vitest';
import type { LintFinding, LintRule, RequirementLintRow } from '../../../../shared/requirements-lint';
import { countRules, worstFirst } from './lint-report';

const found = (rule: LintRule): LintFinding => ({ start: 0, end: 1, text: 'x', rule, why: '', suggestion: '' });
const lintRow = (id: string, score: number, rules: LintRule[]): RequirementLintRow => ({ id, document: 'SRS', score, ears: { pattern: 'ubiquitous' }, findings: rules.map(found) });

const rows = [
  lintRow('R1', 0.8, ['ambiguous-term', 'ambiguous-term', 'loophole']),
  lintRow('R2', 1, []),
  lintRow('R3', 0.8, ['ambiguous-term', 'combinator', 'loophole']),
  lintRow('R4', 0.9, ['combinator']),
];

describe('countRules', () => {
  it('counts requirements and findings per rule, the rule most requirements break first', () => {
    expect(countRules(rows)).toEqual([
      { rule: 'ambiguous-term', requirements: 2, findings: 3 },
      { rule: 'combinator', requirements: 2, findings: 2 },
      { rule: 'loophole', requirements: 2, findings: 2 },
    ]);
  });
});

describe('worstFirst', () => {
  it('lists requirements with findings by lowest score, then most findings, leaving clean ones out', () => {
    expect(worstFirst(rows).map((r) => r.id)).toEqual(['R1', 'R3', 'R4']);
  });
});
