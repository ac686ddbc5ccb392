// `airlock trace suggest, reject`: a requirement's ranked candidate links with the reason for each, and the rejection
// of one so it is never offered again. Accept one with `airlock trace link` (the same REQ_ID, KIND:ID and --type).
import { Option } from 'commander';
import { fail } from '../../shared/errors';
import { TARGET_KIND_WORDS, type TraceSuggestion } from '../../shared/trace';
import { TRACE_LINK_TYPES, type TraceLinkType } from '../../shared/trace-matrix';
import type { ProjectStore } from '../store/project-store';
import { resolveTargetRef } from '../trace/links/trace-targets';
import { rejectSuggestion, suggestLinks } from '../trace/suggest/suggest-service';
import { intArg } from './args';
import { jsonOption, projectOption, type ProjectOptions } from './options';
import { print, type CliSession } from './session';
import { table } from './table';
import type { RegisterTraceCommands } from './trace-commands';

interface SuggestOptions extends ProjectOptions {
  limit: string;
}

interface RejectOptions extends ProjectOptions {
  type: TraceLinkType;
  reason?: string;
}

const storeOf = (s: CliSession): ProjectStore => s.app.requireProject().store;

/** A child's link goes the other way: the table says so in the type column ("refines (child)"). */
function suggestionsTable(requirement: string, rows: readonly TraceSuggestion[]): string {
  if (rows.length === 0) return `no suggestions for ${requirement}`;
  return table([
    ['SCORE', 'TYPE', 'TARGET', 'LABEL', 'REASON'],
    ...rows.map((s) => [s.score.toFixed(3), s.reverse ? `${s.type} (child)` : s.type, `${TARGET_KIND_WORDS[s.target.kind]}:${s.target.id}`, s.label, s.reason]),
  ]);
}

export const register: RegisterTraceCommands = (trace, { io, withProject }) => {
  trace
    .command('suggest <requirement>')
    .description('ranked candidate links for a requirement (parents and children across levels, datasets, runs, models, evaluations, monitors), each with why')
    .addOption(projectOption())
    .option('--limit <n>', 'how many (1-100)', '10')
    .addOption(jsonOption())
    .action(async (requirement: string, o: SuggestOptions) => {
      const limit = intArg(o.limit, 'limit');
      if (limit < 1 || limit > 100) fail('BAD_INPUT', `--limit must be between 1 and 100, got ${limit}.`, { where: { field: 'limit' } });
      const rows = await withProject(o.project, async (s) => suggestLinks(storeOf(s), requirement, limit));
      print(io, !!o.json, rows, () => suggestionsTable(requirement, rows));
    });

  trace
    .command('reject <requirement> <target>')
    .description('never suggest this link again (a child is rejected the way its link would go: CHILD_ID req:PARENT_ID --type refines)')
    .addOption(projectOption())
    .addOption(new Option('--type <type>', TRACE_LINK_TYPES.join(' | ')).choices(TRACE_LINK_TYPES).makeOptionMandatory())
    .option('--reason <text>', 'why it does not hold (kept with the rejection and in the audit log)')
    .addOption(jsonOption())
    .action(async (requirement: string, target: string, o: RejectOptions) => {
      const rejected = await withProject(o.project, async (s) => {
        const store = storeOf(s);
        const t = resolveTargetRef(store, target);
        rejectSuggestion(store, { requirement, target: t, type: o.type, reason: o.reason ?? null });
        return { requirement, target: t, type: o.type };
      });
      print(io, !!o.json, rejected, () => `${requirement} ${o.type} ${TARGET_KIND_WORDS[rejected.target.kind]}:${rejected.target.id}: rejected, never suggested again`);
    });
};
