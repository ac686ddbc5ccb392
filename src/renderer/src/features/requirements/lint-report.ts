// The lint report's figures as pure functions: per-rule counts and the requirements worst first.
import type { LintRule, RequirementLintRow } from '../../../../shared/requirements-lint';

export interface RuleCount {
  rule: LintRule;
  requirements: number;
  findings: number;
}

/** per rule: how many requirements break it and how often, most requirements first */
export function countRules(rows: readonly RequirementLintRow[]): RuleCount[] {
  const counts = new Map<LintRule, RuleCount>();
  for (const row of rows) {
    const seen = new Set<LintRule>();
    for (const f of row.findings) {
      const count = counts.get(f.rule) ?? { rule: f.rule, requirements: 0, findings: 0 };
      count.findings++;
      if (!seen.has(f.rule)) count.requirements++;
      seen.add(f.rule);
      counts.set(f.rule, count);
    }
  }
  return [...counts.values()].sort((a, b) => b.requirements - a.requirements || b.findings - a.findings || a.rule.localeCompare(b.rule));
}

/** lowest score first; among equal scores, more findings first */
export const worstFirst = (rows: readonly RequirementLintRow[]): RequirementLintRow[] =>
  rows.filter((r) => r.findings.length > 0).sort((a, b) => a.score - b.score || b.findings.length - a.findings.length || a.id.localeCompare(b.id));
