// `airlock trace impact, clear, reverify`: what a requirement's change reaches (its links, suspect first, and the
// artifacts and requirements behind them), and the review of a suspect link: clear it with a reason, or re-verify it
// against new evidence written KIND:ID[@VERSION].
import { TARGET_KIND_WORDS, type ImpactReport, type SuspectCause, type TraceLinkInfo } from '../../shared/trace';
import type { ProjectStore } from '../store/project-store';
import { impactReport } from '../trace/impact/impact-report';
import { clearLink, reverifyLink } from '../trace/impact/link-review';
import { resolveTargetRef } from '../trace/links/trace-targets';
import { jsonOption, projectOption, type ProjectOptions } from './options';
import { print, type CliSession } from './session';
import { table } from './table';
import type { RegisterTraceCommands } from './trace-commands';

interface ReviewOptions extends ProjectOptions {
  reason: string;
  evidence?: string;
}

const storeOf = (s: CliSession): ProjectStore => s.app.requireProject().store;

function causeText(c: SuspectCause): string {
  if (c.kind === 'requirement-changed') return `requirement changed (revision ${c.fromRevision} -> ${c.toRevision})`;
  if (c.kind === 'target-changed') return `target requirement changed (revision ${c.fromRevision} -> ${c.toRevision})`;
  return `superseded by ${TARGET_KIND_WORDS[c.by.kind]}:${c.by.id}`;
}

const targetText = (l: TraceLinkInfo): string => `${TARGET_KIND_WORDS[l.target.kind]}:${l.target.id}`;
const linkLine = (l: TraceLinkInfo): string => `${l.id} ${l.requirement} ${l.type} ${targetText(l)}: ${l.status}`;

function impactText(r: ImpactReport): string {
  const links = r.links.length === 0 ? 'no links' : table([['LINK', 'REQUIREMENT', 'TYPE', 'TARGET', 'STATUS', 'WHY'], ...r.links.map((l) => [l.id, l.requirement, l.type, targetText(l), l.status, l.suspect.map(causeText).join('; ')])]);
  const affected =
    r.affected.length === 0 ? 'nothing affected' : table([['AFFECTED', 'LABEL', 'VIA', 'DEPTH'], ...r.affected.map((i) => [`${TARGET_KIND_WORDS[i.node.kind]}:${i.node.id}`, i.label, i.via.join(' > '), i.depth])]);
  return [`${r.requirement} ${r.title} (revision ${r.revision})`, '', links, '', affected, ...(r.truncated ? ['', 'truncated: the lineage walk hit its bound'] : [])].join('\n');
}

export const register: RegisterTraceCommands = (trace, { io, withProject }) => {
  trace
    .command('impact <requirement>')
    .description("what a change to the requirement affects: its links (suspect first, with why) and every artifact and requirement they reach, with the path")
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (requirement: string, o: ProjectOptions) => {
      const report = await withProject(o.project, async (s) => impactReport(storeOf(s), requirement));
      print(io, !!o.json, report, () => impactText(report));
    });

  trace
    .command('clear <link>')
    .description('a suspect link still holds: re-stamp it against both sides as they are now, with the reason')
    .addOption(projectOption())
    .requiredOption('--reason <text>', 'why the link still holds')
    .addOption(jsonOption())
    .action(async (link: string, o: ReviewOptions) => {
      const info = await withProject(o.project, async (s) => clearLink(storeOf(s), link, o.reason));
      print(io, !!o.json, info, () => `cleared ${linkLine(info)}`);
    });

  trace
    .command('reverify <link>')
    .description('new evidence backs the link: re-stamp it, moved to --evidence KIND:ID[@VERSION] when given (same link type)')
    .addOption(projectOption())
    .option('--evidence <KIND:ID>', 'the new evidence (default: the same target, looked at again)')
    .requiredOption('--reason <text>', 'what the evidence shows')
    .addOption(jsonOption())
    .action(async (link: string, o: ReviewOptions) => {
      const info = await withProject(o.project, async (s) => reverifyLink(storeOf(s), link, o.reason, o.evidence === undefined ? undefined : resolveTargetRef(storeOf(s), o.evidence)));
      print(io, !!o.json, info, () => `re-verified ${linkLine(info)}`);
    });
};
