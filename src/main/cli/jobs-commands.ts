// `airlock jobs`: the jobs of a project, newest first.
import type { Command } from 'commander';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { print } from './session';
import { table } from './table';

export function register(program: Command, { io, withProject }: CliShared): void {
  program
    .command('jobs')
    .description('jobs of a project, newest first')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const jobs = await withProject(o.project, (s) => s.call('jobs.list', {}));
      print(io, !!o.json, jobs, () => table(jobs.map((j) => [j.createdAt, j.state, j.title])));
    });
}
