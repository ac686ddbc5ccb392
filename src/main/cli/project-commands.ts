// `airlock init` and `airlock sample`: create a project folder, or the generated sample project.
import type { Command } from 'commander';
import { jsonOption, type CliShared } from './options';
import { print } from './session';
import { cell } from './table';

export function register(program: Command, { io, session }: CliShared): void {
  program
    .command('init <dir>')
    .description('create an empty project folder')
    .addOption(jsonOption())
    .action(async (dir: string, o: { json?: boolean }) => {
      const s = session();
      const info = await s.call('projects.create', { location: { kind: 'path', path: dir } });
      await s.close();
      print(io, !!o.json, info, () => `created project ${cell(info.name)} in ${cell(info.path)}`);
    });

  program
    .command('sample <dir>')
    .description('create (or open) the generated sample project in <dir>')
    .addOption(jsonOption())
    .action(async (dir: string, o: { json?: boolean }) => {
      const s = session();
      const info = await s.call('projects.openSample', { location: { kind: 'path', path: dir } });
      const datasets = await s.call('datasets.list', {});
      await s.close();
      print(io, !!o.json, { ...info, datasets }, () => `sample project in ${cell(info.path)}: ${datasets.map((d) => `${d.name} (${d.versionCount} versions)`).join(', ')}`);
    });
}
