// The report per chosen standard an audit package carries (standards/<id>.html and .pdf): every clause of our
// checklist with its status, the evidence a person confirmed for it (by name), the suggestions still waiting, and
// the gap counts, so a reviewer sees what is covered, by which evidence, and what is missing.
import type { ClauseChecklist, ClauseCoverageReport, EvidenceRef } from '../../../shared/standards';
import type { PackageDocument } from './package-document';

/** How evidence is named in the report: its label when the package knows one, else kind and id. */
export type EvidenceLabel = (ref: EvidenceRef) => string;

export function standardReportDocument(checklist: ClauseChecklist, report: ClauseCoverageReport, label: EvidenceLabel): PackageDocument {
  const t = report.totals;
  const missing = report.clauses.filter((c) => c.leaf && c.status === 'uncovered');
  return {
    kicker: 'Standard coverage report',
    title: checklist.name,
    facts: [
      ['Edition', checklist.edition],
      ['Scope', checklist.scope],
      [checklist.levelName ?? 'Level', report.level ?? 'all clauses'],
      ['Checklist items covered', `${t.covered} of ${t.applicable} applicable (${t.uncovered} missing, ${t.notApplicable} not applicable)`],
    ],
    sections: [
      {
        heading: 'Summary by heading',
        table: { head: ['Heading', 'Covered', 'Missing', 'Not applicable'], rows: report.gaps.map((g) => [`${g.clause} ${g.title}`, String(g.covered), String(g.uncovered), String(g.notApplicable)]) },
      },
      {
        heading: 'Clauses and their evidence',
        lead: 'Only evidence a person confirmed covers a clause; suggestions are listed for the reviewer to weigh.',
        table: {
          head: ['Clause', 'Status', 'Evidence', 'Suggested'],
          rows: report.clauses.map((c) => [`${c.clause} ${c.title}`, c.status, c.confirmed.map(label).join('; '), c.suggested.map(label).join('; ')]),
        },
      },
      {
        heading: 'What is missing',
        table: { head: ['Clause', 'Title'], rows: missing.map((c) => [c.clause, c.title]) },
        empty: 'Every applicable checklist item has confirmed evidence.',
      },
      ...(report.unknown.length > 0
        ? [
            {
              heading: 'Mappings to clauses the checklist no longer has',
              table: { head: ['Clause', 'Evidence'], rows: report.unknown.map((m) => [m.clause, label(m.target)]) },
            },
          ]
        : []),
    ],
  };
}
