// `airlock train`, `airlock study` and `airlock runs ...`: training runs, hyperparameter studies and the runs table.
import type { Command } from 'commander';
import { samplerKinds, studyDirections } from '../../shared/experiment-requests';
import { choiceArg, intArg, readJsonObject } from './args';
import { addTrainOptions, jsonOption, projectOption, trainRequestFrom, type CliShared, type ProjectOptions, type TrainOptions } from './options';
import { followJob, print } from './session';
import { cell, table } from './table';

export function register(program: Command, { io, withProject }: CliShared): void {
  addTrainOptions(
    program.command('train').description('train a model on a dataset version and record the run (its ONNX export is checked against it)'),
  )
    .option('--features <columns>', 'comma-separated input columns (default: all but the target)')
    .option('--cv <k>', 'also report k-fold cross-validation')
    .option('--name <name>', 'run name')
    .option('--register <model>', "register the finished run's model as the next version of this model (otherwise it stays the run's artifact)")
    .addOption(jsonOption())
    .action(async (o: TrainOptions & { features?: string; cv?: string; name?: string; register?: string }) => {
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('train.start', {
          ...trainRequestFrom(o),
          features: o.features ? o.features.split(',').map((f) => f.trim()) : undefined,
          cvFolds: o.cv ? intArg(o.cv, 'cv') : undefined,
          name: o.name,
          register: o.register,
        });
        return followJob(s, jobId, 'train', io);
      });
      print(io, !!o.json, result, () =>
        [`run ${result.run}${result.model ? ` -> model ${result.model}` : ''}`,
          ...Object.entries(result.metrics).filter(([k]) => k.startsWith('val_') || k.startsWith('test_')).map(([k, v]) => `  ${k.padEnd(24)} ${v.toPrecision(5)}`),
          result.onnx_parity ? `ONNX parity ${result.onnx_parity.ok ? 'passed' : 'FAILED'}: max |diff| ${result.onnx_parity.maxAbsDiff.toExponential(2)} on ${result.onnx_parity.rows} rows` : ''].join('\n'));
    });

  addTrainOptions(
    program.command('study').description('tune hyperparameters: TPE (default), random or grid search with median pruning, trials in parallel'),
  )
    .option('--trials <n>', 'number of trials', '20')
    .option('--space <file.json>', 'search space (default: one per model kind)')
    .option('--sampler <kind>', samplerKinds.join(' | '), 'tpe')
    .option('--metric <name>', 'metric to optimise (default val_log_loss, or val_rmse for regression)')
    .option('--direction <dir>', `${studyDirections.join(' | ')} (default from the metric)`)
    .option('--no-prune', 'never prune trials')
    .option('--parallel <n>', 'trials at once (default: core count)')
    .addOption(jsonOption())
    .action(async (o: TrainOptions & { trials: string; space?: string; sampler: string; metric?: string; direction?: string; prune: boolean; parallel?: string }) => {
      const space = o.space ? readJsonObject(o.space) : undefined;
      const result = await withProject(o.project, async (s) => {
        const { jobId } = await s.call('studies.start', {
          train: trainRequestFrom(o),
          space,
          trials: intArg(o.trials, 'trials'),
          sampler: choiceArg(o.sampler, samplerKinds, 'sampler'),
          metric: o.metric,
          direction: o.direction === undefined ? undefined : choiceArg(o.direction, studyDirections, 'direction'),
          prune: o.prune,
          parallel: o.parallel ? intArg(o.parallel, 'parallel') : undefined,
        });
        return followJob(s, jobId, 'study', io);
      });
      print(io, !!o.json, result, () => `study ${result.study}: best ${result.best_value} in run ${result.best_run} with ${JSON.stringify(result.best_params)}`);
    });

  const runs = program.command('runs').description('tracked runs');
  runs
    .command('list')
    .addOption(projectOption())
    .option('--experiment <name>', 'only this experiment')
    .option('--sort <column>', 'e.g. metric:val_accuracy', 'attr:seq')
    .option('--asc', 'ascending')
    .option('--limit <n>', 'rows', '100')
    .addOption(jsonOption())
    .action(async (o: ProjectOptions & { experiment?: string; sort: string; asc?: boolean; limit: string }) => {
      const list = await withProject(o.project, async (s) => {
        const cols = await s.call('runs.columns', { experiment: o.experiment });
        const columns = cols.filter((c) => c.kind !== 'attr' || ['name', 'status', 'experiment', 'model_kind', 'dataset_version', 'started_at'].includes(c.key)).map((c) => c.ref);
        const page = await s.call('runs.query', { experiment: o.experiment, sort: { column: o.sort, desc: !o.asc }, offset: 0, limit: intArg(o.limit, 'limit'), columns });
        const rows: Record<string, string | number | null>[] = page.rows.map((r) => ({ id: r.id, ...Object.fromEntries(columns.map((c, i) => [c, r.values[i]])) }));
        return { total: page.total, runs: rows };
      });
      print(io, !!o.json, list, () => table(list.runs.map((r) => [r.id, r['attr:name'], r['attr:status'], r['attr:model_kind']])));
    });
  runs
    .command('compare <runs...>')
    .addOption(projectOption())
    .addOption(jsonOption())
    .action(async (ids: string[], o: ProjectOptions) => {
      const cmp = await withProject(o.project, (s) => s.call('runs.compare', { ids }));
      print(io, !!o.json, cmp, () =>
        [`runs: ${cmp.runs.map((r) => `${r.id.slice(0, 8)} (${cell(r.name)})`).join(', ')}`,
          ...cmp.differingParams.map((k) => `param ${cell(k)}: ${cmp.runs.map((r) => cell(Object.hasOwn(r.params, k) ? r.params[k] : '-')).join(' | ')}`),
          ...cmp.differingMetrics.map((k) => `metric ${cell(k)}: ${cmp.runs.map((r) => (Object.hasOwn(r.metrics, k) ? r.metrics[k]?.toPrecision(5) : undefined) ?? '-').join(' | ')}`)].join('\n'));
    });
}
