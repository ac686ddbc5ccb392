// `airlock trace criteria REQ_ID [--set CRITERION ... | --clear]`: a requirement's acceptance criteria, each with its
// verdict (pass, fail, no-evidence) against the evidence its links reach and the reason; --set replaces them all.
import { fail } from '../../shared/errors';
import type { RequirementCriteriaInfo } from '../../shared/trace';
import { readCriteria, setCriteria } from '../trace/criteria/requirement-criteria';
import { jsonOption, projectOption, type ProjectOptions } from './options';
import { print } from './session';
import { table } from './table';
import type { RegisterTraceCommands } from './trace-commands';

interface CriteriaOptions extends ProjectOptions {
  set?: string[];
  clear?: boolean;
}

function criteriaText(info: RequirementCriteriaInfo): string {
  if (info.criteria.length === 0) return `${info.requirement} has no acceptance criteria`;
  const heading = `${info.requirement}: ${info.status} (set ${info.setAt} by ${info.setBy})`;
  return `${heading}\n${table([['STATUS', 'CRITERION', 'REASON'], ...info.criteria.map((c) => [c.result.status, c.text, c.result.reason])])}`;
}

export const register: RegisterTraceCommands = (trace, { io, withProject }) => {
  trace
    .command('criteria <requirement>')
    .description("a requirement's acceptance criteria judged against its linked evidence; --set replaces them")
    .addOption(projectOption())
    .option('--set <criterion...>', 'the criteria, each quoted: "recall >= 0.98 on dataset holdout" "p95 latency <= 20 ms on provider cpu"')
    .option('--clear', 'remove every criterion')
    .addOption(jsonOption())
    .action(async (requirement: string, o: CriteriaOptions) => {
      if (o.set !== undefined && o.clear) fail('BAD_INPUT', 'Give --set or --clear, not both.', { where: { field: 'clear' } });
      const info = await withProject(o.project, async (s) => {
        const store = s.app.requireProject().store;
        const replacing = o.clear ? [] : o.set;
        return replacing === undefined ? readCriteria(store, requirement) : setCriteria(store, requirement, replacing);
      });
      print(io, !!o.json, info, () => criteriaText(info));
    });
};
