// `airlock dataset ...`: import, list, versions, diff, profile and export of versioned datasets.
import type { Command } from 'commander';
import { nameAtVersion, versionArg } from './args';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { followJob, print } from './session';
import { cell, table } from './table';

export function register(program: Command, { io, withProject }: CliShared): void {
  const dataset = program.command('dataset').description('versioned datasets');
  dataset
    .command('import <file>')
    .description('import a CSV, TSV or Parquet file as a new version of a dataset')
    .addOption(projectOption())
    .requiredOption('--name <name>', 'dataset name')
    .addOption(jsonOption())
    .action(async (file: string, o: ProjectOptions & { name: string }) => {
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('datasets.import', { source: { kind: 'path', path: file }, name: o.name });
        return followJob(s, jobId, 'dataset.import', io);
      });
      print(io, !!o.json, result, () =>
        `${result.reused ? 'unchanged: reused' : 'imported'} ${result.dataset}@${result.version} (${result.rows} rows x ${result.columns} columns, ${result.hash.slice(0, 12)})`);
    });
  dataset
    .command('list')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (o: ProjectOptions) => {
      const list = await withProject(o.project, (s) => s.call('datasets.list', {}));
      print(io, !!o.json, list, () => table(list.map((d) => [d.name, `v${d.latestVersion}`, `${d.rows} rows`, `${d.columns} columns`])));
    });
  dataset
    .command('versions <name>')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (name: string, o: ProjectOptions) => {
      const versions = await withProject(o.project, (s) => s.call('datasets.versions', { dataset: name }));
      print(io, !!o.json, versions, () => table(versions.map((v) => [`v${v.version}`, v.createdAt, `${v.rows} rows`, v.hash.slice(0, 12), v.sourceName])));
    });
  dataset
    .command('diff <name> <v1> <v2>')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (name: string, v1: string, v2: string, o: ProjectOptions) => {
      const diff = await withProject(o.project, (s) =>
        s.call('datasets.diff', { dataset: name, from: versionArg(v1, 'v1'), to: versionArg(v2, 'v2') }));
      print(io, !!o.json, diff, () =>
        [`${name}: v${diff.from} -> v${diff.to}`, `rows: +${diff.rowsAdded} -${diff.rowsRemoved} (${diff.rowsFrom} -> ${diff.rowsTo})`,
          `columns added: ${diff.columnsAdded.map((c) => c.name).join(', ') || 'none'}`,
          `columns removed: ${diff.columnsRemoved.map((c) => c.name).join(', ') || 'none'}`,
          `columns retyped: ${diff.columnsRetyped.map((c) => `${c.name} ${c.from}->${c.to}`).join(', ') || 'none'}`].join('\n'));
    });
  dataset
    .command('profile <spec>')
    .description('the stored profile of NAME@VERSION')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (spec: string, o: ProjectOptions) => {
      const profile = await withProject(o.project, (s) => s.call('datasets.profile', nameAtVersion(spec)));
      print(io, !!o.json, profile, () => table(profile.columns.map((c) => [c.name, c.type, `nulls ${c.nulls}`, `distinct ${c.distinct}`])));
    });
  dataset
    .command('export <spec> <out>')
    .description('write NAME@VERSION back out as CSV (an existing <out> is replaced only with --force)')
    .addOption(projectOption())
    .option('--force', 'replace <out> if it exists')
    .addOption(jsonOption())
    .action(async (spec: string, out: string, o: ProjectOptions & { force?: boolean }) => {
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('datasets.export', { ...nameAtVersion(spec), target: { kind: 'path', path: out }, overwrite: o.force === true });
        return followJob(s, jobId, 'dataset.export', io);
      });
      print(io, !!o.json, result, () => `wrote ${result.rows} rows to ${cell(result.destination)} (sha256 ${result.sha256})`);
    });
}
