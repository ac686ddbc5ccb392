// Test support: a small checklist around the clauses a test gives, so each test states only what it is about.
import type { ChecklistClause, ClauseChecklist } from '../../../shared/standards';

export function demoChecklist(clauses: ChecklistClause[], levels: string[] = ['A', 'B', 'C']): ClauseChecklist {
  return { id: 'demo', name: 'Demo standard', edition: '1', scope: 'a checklist for tests', ...(levels.length ? { levelName: 'class' } : {}), levels, clauses };
}
