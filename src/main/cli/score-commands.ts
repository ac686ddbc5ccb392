// `airlock score`: a dataset version scored by a model version into a new dataset version (the input columns plus
// one column per model output), with lineage; given --target, its metrics are stored as a scoring evaluation.
import { Option, type Command } from 'commander';
import type { ScoreJobResult, ScoringMetrics } from '../../shared/evaluations';
import { PROVIDER_NAMES, type ScoreRequest } from '../../shared/models';
import { intArg } from './args';
import { versionRefArg } from './drift-args';
import { inputOption, optionalInputs, optionalProvider } from './evaluation-jobs';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { followJob, print } from './session';
import { table } from './table';

interface ScoreOptions extends ProjectOptions {
  model: string;
  dataset: string;
  provider?: string;
  input?: string[];
  target?: string;
  output?: string;
  batch?: string;
}

/** --json: the job's result, plus the stored metrics when a target was given. */
type ScoreJson = ScoreJobResult & { metrics: ScoringMetrics | null };

function human(r: ScoreJson, o: ScoreOptions): string {
  return [
    `${o.dataset} scored with ${o.model} on ${r.provider} in ${r.seconds.toFixed(2)} s: ${r.rows} rows -> ${r.dataset}@${r.version}${r.reused ? ' (the same content was already stored: reused)' : ''}`,
    ...(r.fallback ? [r.fallback] : []),
    `columns added: ${r.columns.join(', ')}`,
    ...r.skippedOutputs.map((s) => `output '${s.name}' skipped: ${s.why}`),
    ...(r.metrics && r.evaluation
      ? [
          `evaluation ${r.evaluation}: ${r.metrics.task} against '${r.metrics.target}' on ${r.metrics.rows} rows`,
          table([['metric', 'value'], ...Object.entries(r.metrics.metrics).map(([k, v]) => [k, v === null ? '' : v.toPrecision(4)])]),
        ]
      : []),
  ].join('\n');
}

export function register(program: Command, { io, withProject }: CliShared): void {
  program
    .command('score')
    .description('score a dataset version with a model version (NAME@VERSION or NAME@ALIAS) into a new dataset version; --target stores its metrics as an evaluation')
    .addOption(projectOption())
    .requiredOption('--model <name@version|name@alias>', 'the model version to run')
    .requiredOption('--dataset <name@version>', 'the dataset version to score')
    .addOption(new Option('--provider <provider>', `execution provider (${PROVIDER_NAMES.join(' | ')}; default the fastest available, falling back to cpu)`))
    .addOption(inputOption())
    .option('--target <column>', 'the label column: left out of the model inputs, and the metrics against it are stored as an evaluation')
    .option('--output <name>', 'the dataset the scored rows are stored in (default <dataset>-scored)')
    .option('--batch <rows>', 'rows per model run (default 1024)')
    .addOption(jsonOption())
    .action(async (o: ScoreOptions) => {
      const request: ScoreRequest = {
        model: o.model,
        dataset: versionRefArg(o.dataset, 'dataset'),
        provider: optionalProvider(o.provider),
        inputs: optionalInputs(o.input),
        target: o.target,
        output: o.output,
        batchSize: o.batch === undefined ? undefined : intArg(o.batch, 'batch'),
      };
      const json = await withProject(o.project, async (s): Promise<ScoreJson> => {
        const result = await followJob(s, (await s.call('models.score', request)).jobId, 'model.score', io);
        if (result.evaluation === null) return { ...result, metrics: null };
        const report = await s.call('evaluations.get', { id: result.evaluation });
        return { ...result, metrics: report.body.kind === 'scoring' ? report.body.metrics : null };
      });
      print(io, !!o.json, json, () => human(json, o));
    });
}
