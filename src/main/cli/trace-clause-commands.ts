// `airlock trace standards, clauses, map-clause`: the shipped clause checklists, a standard's gap report at a level
// (confirmed evidence per clause, suggestions beside the uncovered ones), and a person's confirmation or rejection
// of a requirement or artifact as evidence for a clause.
import type { ClauseCoverageReport, EvidenceRef } from '../../shared/standards';
import { evidenceFromRef, standards } from '../trace/clauses/clause-service';
import { jsonOption, projectOption, type ProjectOptions } from './options';
import { print } from './session';
import { table } from './table';
import type { RegisterTraceCommands } from './trace-commands';

interface ClausesOptions extends ProjectOptions {
  standard: string;
  level?: string;
}

interface MapOptions extends ProjectOptions {
  reject?: boolean;
  reason?: string;
}

const refText = (r: EvidenceRef): string => `${r.kind}:${r.id}`;

function reportText(r: ClauseCoverageReport): string {
  const rows = r.clauses.map((c) => [
    `${'  '.repeat(c.depth)}${c.clause}`,
    c.title,
    c.status,
    c.confirmed.map(refText).join(', '),
    c.status === 'uncovered' ? c.suggested.slice(0, 3).map(refText).join(', ') : '',
  ]);
  const t = r.totals;
  const level = r.level === null ? 'every level' : `level ${r.level}`;
  return [
    table([['CLAUSE', 'TITLE', 'STATUS', 'EVIDENCE', 'SUGGESTED'], ...rows]),
    '',
    `${r.standard} at ${level}: ${t.covered} of ${t.applicable} applicable checklist items covered, ${t.uncovered} uncovered, ${t.notApplicable} not applicable`,
  ].join('\n');
}

export const register: RegisterTraceCommands = (trace, { io, withProject }) => {
  trace
    .command('standards')
    .description('the clause checklists Airlock ships (our own wording of each standard\'s clauses), with their levels')
    .addOption(jsonOption())
    .action((o: { json?: boolean }) => {
      const list = standards();
      print(io, !!o.json, list, () => table([['STANDARD', 'NAME', 'LEVELS', 'CLAUSES'], ...list.map((s) => [s.id, s.name, s.levels.join(' '), s.clauses])]));
    });

  trace
    .command('clauses')
    .description('the gap report of a standard: each clause covered, uncovered or not applicable at --level, with its confirmed evidence and suggestions')
    .requiredOption('--standard <id>', 'iec62304 | iso26262 | do178c | annex4 | pas8800')
    .option('--level <level>', 'safety class, ASIL or DAL to judge at (default: every clause applies)')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ClausesOptions) => {
      const report = await withProject(o.project, (s) => s.call('trace.clauses', { standard: o.standard, level: o.level }));
      print(io, !!o.json, report, () => reportText(report));
    });

  trace
    .command('map-clause <standard> <clause> <evidence>')
    .description('confirm EVIDENCE (req:ID, eval:ID, model:NAME@V, dataset:NAME@V, run:ID, drift:ID, approval:ID, alert-rule:ID, audit:SEQ) as covering a clause, or --reject it')
    .option('--reject', 'reject it instead: it will not cover the clause nor be suggested for it again')
    .option('--reason <text>', 'why')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (standard: string, clause: string, evidence: string, o: MapOptions) => {
      const state = o.reject === true ? 'rejected' : 'confirmed';
      const target = await withProject(o.project, async (s) => {
        const ref = evidenceFromRef(s.app.requireProject().store, evidence);
        await s.call('trace.mapClause', { standard, clause, target: ref, state, reason: o.reason });
        return ref;
      });
      print(io, !!o.json, { standard, clause, target, state }, () => `${standard} ${clause}: ${refText(target)} ${state}`);
    });
};
