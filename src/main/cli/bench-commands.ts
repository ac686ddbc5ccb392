// `airlock model bench` and `airlock model compare`: latency and throughput per provider and batch size, and
// champion vs challenger on one dataset version; each runs as a job and is stored as an evaluation, which --json prints.
import { Option, type Command } from 'commander';
import type { BenchmarkBody, ComparisonBody, EvaluationReport } from '../../shared/evaluations';
import { PROVIDER_NAMES, type BenchRequest, type CompareRequest } from '../../shared/models';
import { choiceArg, intArg } from './args';
import { versionRefArg } from './drift-args';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { inputOption, optionalInputs, optionalInt, optionalProvider, runEvaluationJob, withInterval } from './evaluation-jobs';
import { print } from './session';
import { table } from './table';

interface BenchOptions extends ProjectOptions {
  provider?: string[];
  batch?: string[];
  dataset?: string;
  input?: string[];
  runs?: string;
  warmup?: string;
}

interface CompareOptions extends ProjectOptions {
  dataset: string;
  target?: string;
  provider?: string;
  input?: string[];
  bootstrap?: string;
  seed?: string;
}

const ms = (x: number): string => x.toPrecision(3);

function humanBenchmark(report: EvaluationReport, body: BenchmarkBody): string {
  const m = body.machine;
  const rows = body.points.map((p) => [p.provider, p.batchSize, p.runs, ms(p.p50Ms), ms(p.p95Ms), ms(p.p99Ms), ms(p.meanMs), Math.round(p.rowsPerSecond)]);
  return [
    `evaluation ${report.id} (sha256 ${report.sha256}): ${report.title}`,
    `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}; node ${m.node}, onnxruntime ${m.onnxruntime}; ${body.warmup} warm-up runs per batch size, not timed`,
    table([['provider', 'batch', 'runs', 'p50 ms', 'p95 ms', 'p99 ms', 'mean ms', 'rows/s'], ...rows]),
    ...body.unavailable.map((u) => `${u.provider} not timed: ${u.reason}`),
  ].join('\n');
}

function humanComparison(report: EvaluationReport, body: ComparisonBody): string {
  const shown = 10;
  return [
    `evaluation ${report.id} (sha256 ${report.sha256}): ${report.title}`,
    `${body.rows} rows on ${body.runtime.provider}${body.runtime.fallback ? ` (${body.runtime.fallback})` : ''}; latency per row: champion ${ms(body.latency.champion)} ms, challenger ${ms(body.latency.challenger)} ms`,
    ...(body.metrics.length > 0
      ? [`against '${body.target}', 95% paired bootstrap intervals:`, table([['metric', report.modelVersion, report.otherModelVersion ?? 'challenger', 'difference'], ...body.metrics.map((x) => [x.name, withInterval(x.champion), withInterval(x.challenger), withInterval(x.difference)])])]
      : ['no target: agreement only (give --target COL for metrics)']),
    `they agree on ${(body.agreement * 100).toFixed(2)}% of rows; ${body.disagreements} disagree${body.disagreements > shown ? ` (first ${shown} shown, ${body.disagreeing.length} in --json)` : ''}`,
    ...(body.disagreeing.length > 0 ? [table([['row', 'champion', 'challenger', 'truth'], ...body.disagreeing.slice(0, shown).map((d) => [d.row, String(d.champion), String(d.challenger), d.truth === null ? '' : String(d.truth)])])] : []),
  ].join('\n');
}

export function registerBenchCommands(model: Command, shared: CliShared): void {
  const { io } = shared;
  model
    .command('bench <model>')
    .description('latency p50/p95/p99 and throughput of a model version (NAME@VERSION or NAME@ALIAS) per provider and batch size; stored as an evaluation')
    .addOption(projectOption())
    .option('--provider <provider...>', `providers to time (${PROVIDER_NAMES.join(' | ')}; default every available one)`)
    .option('--batch <n...>', 'batch sizes (default 1 8 64 512 4096, capped by the dataset version\'s rows)')
    .option('--dataset <name@version>', "time on this dataset version's first rows (default: inputs made up from the model's shapes)")
    .addOption(inputOption())
    .option('--runs <n>', 'timed runs per batch size (default 30, fewer for big batches: at most 65,536 rows per batch size and at least 5 runs)')
    .option('--warmup <n>', 'untimed runs before each batch size (default 3)')
    .addOption(jsonOption())
    .action(async (ref: string, o: BenchOptions) => {
      const request: BenchRequest = {
        model: ref,
        providers: o.provider?.map((p) => choiceArg(p, PROVIDER_NAMES, 'provider')),
        batchSizes: o.batch?.map((b) => intArg(b, 'batch')),
        dataset: o.dataset === undefined ? undefined : versionRefArg(o.dataset, 'dataset'),
        inputs: optionalInputs(o.input),
        runs: optionalInt(o.runs, 'runs'),
        warmup: optionalInt(o.warmup, 'warmup'),
      };
      const { report, body } = await runEvaluationJob(shared, o.project, { kind: 'model.bench', start: (s) => s.call('models.bench', request) }, 'benchmark');
      print(io, !!o.json, report, () => humanBenchmark(report, body));
    });

  model
    .command('compare <champion> <challenger>')
    .description('champion vs challenger (NAME@VERSION or NAME@ALIAS) on one dataset version with one provider: metrics with bootstrap intervals, agreement, disagreeing rows, latency; stored as an evaluation')
    .addOption(projectOption())
    .requiredOption('--dataset <name@version>', 'the dataset version both models score')
    .option('--target <column>', 'the label column: metrics side by side (left out of the model inputs)')
    .addOption(new Option('--provider <provider>', `execution provider for both (${PROVIDER_NAMES.join(' | ')}; default the fastest available)`))
    .addOption(inputOption())
    .option('--bootstrap <n>', 'paired bootstrap resamples for the intervals (default 1000; 0 for none)')
    .option('--seed <n>', 'seed of the resamples (default 1)')
    .addOption(jsonOption())
    .action(async (champion: string, challenger: string, o: CompareOptions) => {
      const request: CompareRequest = {
        champion,
        challenger,
        dataset: versionRefArg(o.dataset, 'dataset'),
        target: o.target,
        provider: optionalProvider(o.provider),
        inputs: optionalInputs(o.input),
        bootstrap: optionalInt(o.bootstrap, 'bootstrap'),
        seed: optionalInt(o.seed, 'seed'),
      };
      const { report, body } = await runEvaluationJob(shared, o.project, { kind: 'model.compare', start: (s) => s.call('models.compare', request) }, 'comparison');
      print(io, !!o.json, report, () => humanComparison(report, body));
    });
}
