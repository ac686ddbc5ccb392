// `airlock mlflow import|export`: interchange with MLflow file-store (mlruns) folders.
import type { Command } from 'commander';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { followJob, print } from './session';
import { cell } from './table';

export function register(program: Command, { io, withProject }: CliShared): void {
  const mlflow = program.command('mlflow').description('MLflow interchange (file-store mlruns folders)');
  mlflow
    .command('import <mlruns>')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (dir: string, o: ProjectOptions) => {
      const r = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('mlflow.import', { source: { kind: 'path', path: dir } });
        return followJob(s, jobId, 'mlflow.import', io);
      });
      print(io, !!o.json, r, () =>
        [`imported ${r.runs} runs from ${r.experiments} experiments (${r.skipped.length} skipped, ${r.artifacts} artifacts)`, ...r.notes.map((n) => `note: ${cell(n)}`)].join('\n'));
    });
  mlflow
    .command('export <out>')
    .addOption(projectOption())
    .option('--experiment <name>', 'only this experiment')
    .addOption(jsonOption())
    .action(async (out: string, o: ProjectOptions & { experiment?: string }) => {
      const r = await withProject(o.project, (s) => s.call('mlflow.export', { target: { kind: 'path', path: out }, experiment: o.experiment }));
      print(io, !!o.json, r, () => `exported ${r.runs} runs from ${r.experiments} experiments to ${cell(out)}`);
    });
}
