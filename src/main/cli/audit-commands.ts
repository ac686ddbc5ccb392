// `airlock verify-log`: checks a project's audit log; exit 1 with the first bad entry when it does not hold.
import type { Command } from 'commander';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { print } from './session';

export function register(program: Command, { io, withProject, setExit }: CliShared): void {
  program
    .command('verify-log')
    .description('check the audit log hash chain: exit 0 when intact, 1 and the first bad entry when not')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const v = await withProject(o.project, (s) => s.call('audit.verify', {}));
      print(io, !!o.json, v, () => (v.ok ? `audit log intact: ${v.entries} entries` : `audit log broken at entry ${v.firstBad!.seq}: ${v.firstBad!.reason}`));
      if (!v.ok) {
        if (o.json) io.err(`AUDIT_CHAIN_BROKEN: entry ${v.firstBad!.seq}: ${v.firstBad!.reason}`);
        setExit(1);
      }
    });
}
