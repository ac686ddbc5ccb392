// `airlock explain` and `airlock fairness`: explanations and group fairness of a model version on a dataset version,
// each run as a job and stored as an evaluation; --json prints the stored report. A fairness threshold that fails
// exits 1 (a pipeline gates on it); the report is stored either way.
import { Option, type Command } from 'commander';
import type { EvaluationReport, ExplanationBody, FairnessBody } from '../../shared/evaluations';
import { fail } from '../../shared/errors';
import type { ExplainedScore } from '../../shared/explanations';
import { EXPLAIN_METHODS, PROVIDER_NAMES, type ExplainRequest, type FairnessRequest } from '../../shared/models';
import { choiceArg, intArg } from './args';
import { numberArg, versionRefArg } from './drift-args';
import { jsonOption, projectOption, type CliShared, type ProjectOptions } from './options';
import { inputOption, num, optionalInputs, optionalInt, optionalProvider, runEvaluationJob, withInterval } from './evaluation-jobs';
import { print } from './session';
import { table } from './table';

/** The options both commands share, as commander parses them. */
interface ModelJobOptions extends ProjectOptions {
  dataset: string;
  target: string;
  provider?: string;
  input?: string[];
  seed?: string;
}

interface ExplainOptions extends ModelJobOptions {
  method: string;
  column?: string[];
  row?: string[];
  class?: string;
  repeats?: string;
  grid?: string;
  background?: string;
  samples?: string;
  maxRows?: string;
}

interface FairnessOptions extends ModelJobOptions {
  sensitive: string;
  positive?: string;
  threshold?: string[];
  resamples?: string;
  missing?: string;
}

function addModelJobOptions(command: Command): Command {
  return command
    .addOption(projectOption())
    .requiredOption('--dataset <name@version>', 'the dataset version to run the model on')
    .requiredOption('--target <column>', 'the label column (left out of the model inputs)')
    .addOption(new Option('--provider <provider>', `execution provider (${PROVIDER_NAMES.join(' | ')}; default the fastest available)`))
    .addOption(inputOption())
    .option('--seed <n>', 'random seed (default 0)')
    .addOption(jsonOption());
}

/** The request fields both commands take from their flags; parsed before the project opens, so a bad flag fails first. */
function modelJobFields(model: string, o: ModelJobOptions): Pick<ExplainRequest, 'model' | 'dataset' | 'target' | 'provider' | 'inputs' | 'seed'> {
  return {
    model,
    dataset: versionRefArg(o.dataset, 'dataset'),
    target: o.target,
    provider: optionalProvider(o.provider),
    inputs: optionalInputs(o.input),
    seed: optionalInt(o.seed, 'seed'),
  };
}

/** `--threshold NAME=X`, repeatable; the names are checked by the job (the report's or Fairlearn's spelling). */
function thresholdsArg(specs: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) fail('BAD_INPUT', `--threshold '${spec}' is not NAME=NUMBER (for example demographic_parity_difference=0.1).`, { where: { field: 'threshold' } });
    out[spec.slice(0, eq)] = numberArg(spec.slice(eq + 1), 'threshold');
  }
  return out;
}

function describeScore(score: ExplainedScore): string {
  if (score.kind === 'probability') return `the probability of class '${score.className}' (output ${score.output})`;
  if (score.kind === 'label') return `1 where the model predicts '${score.className}', else 0 (output ${score.output})`;
  return `the value of output ${score.output}`;
}

function humanExplanation(report: EvaluationReport, body: ExplanationBody): string {
  const head = [
    `evaluation ${report.id} (sha256 ${report.sha256}): ${report.title}`,
    `explains ${describeScore(body.score)} on ${body.rows} of ${body.datasetRows} rows (seed ${body.seed}); ran on ${body.runtime.provider}${body.runtime.fallback ? ` (${body.runtime.fallback})` : ''}`,
  ];
  if (body.method === 'permutation') {
    const r = body.result;
    const sorted = [...r.columns].sort((a, b) => b.mean - a.mean);
    return [...head, `${r.metric} baseline ${num(r.baseline)}; drop when shuffled, over ${r.repeats} repeats:`, table([['column', 'mean', 'std'], ...sorted.map((c) => [c.name, num(c.mean), num(c.std)])])].join('\n');
  }
  if (body.method === 'pdp') {
    const rows = body.result.map((pd) => [pd.column, pd.grid.length, String(pd.grid[0]), String(pd.grid.at(-1)), num(Math.min(...pd.average)), num(Math.max(...pd.average)), pd.ice.length]);
    return [...head, table([['column', 'grid points', 'from', 'to', 'lowest mean', 'highest mean', 'ICE lines'], ...rows])].join('\n');
  }
  const r = body.result;
  const order = r.columns.map((name, j) => ({ name, value: r.meanAbs[j] })).sort((a, b) => b.value - a.value);
  return [...head, `base value ${num(r.baseValue)}; mean |SHAP| over ${r.rows.length} rows (each row's values: --json):`, table([['column', 'mean |SHAP|'], ...order.map((c) => [c.name, num(c.value)])])].join('\n');
}

function humanFairness(report: EvaluationReport, body: FairnessBody): string {
  const r = body.report;
  const groups = r.groups.map((g) => [g.group ?? '(missing)', g.count, withInterval(g.selectionRate), withInterval(g.accuracy), withInterval(g.truePositiveRate), withInterval(g.falsePositiveRate), withInterval(g.precision)]);
  const disparities = Object.entries(r.disparities).map(([name, e]) => [name, withInterval(e)]);
  const checks = r.checks.map((c) => [c.metric, num(c.value), `${c.direction === 'max' ? '<=' : '>='} ${c.threshold}`, c.pass === null ? 'undefined' : c.pass ? 'PASS' : 'FAIL']);
  const ff = r.fourFifths;
  return [
    `evaluation ${report.id} (sha256 ${report.sha256}): ${report.title}`,
    `positive '${body.positive}' in ${body.target}, predicted from ${body.predictedFrom}; ${r.rows} rows (${body.droppedRows} without label or prediction left out, ${r.missingGroupRows} without a group: ${r.missing === 'group' ? 'their own group' : 'excluded'}); ${(r.bootstrap.level * 100).toFixed(0)}% intervals from ${r.bootstrap.resamples} resamples`,
    table([['group', 'rows', 'selection rate', 'accuracy', 'TPR', 'FPR', 'precision'], ...groups]),
    table(disparities),
    `four-fifths rule: ${ff.pass === null ? 'undefined (no group is selected)' : `${ff.pass ? 'PASS' : 'FAIL'} (ratio ${num(ff.ratio)}, lowest ${ff.lowestGroup ?? '(missing)'}, highest ${ff.highestGroup ?? '(missing)'})`}`,
    ...(checks.length > 0 ? [table([['threshold', 'value', 'required', 'result'], ...checks])] : []),
  ].join('\n');
}

export function register(program: Command, shared: CliShared): void {
  const { io, setExit } = shared;
  addModelJobOptions(program.command('explain <model>').description('explain a model version (NAME@VERSION or NAME@ALIAS) on a dataset version; stored as an evaluation'))
    .addOption(new Option('--method <method>', EXPLAIN_METHODS.join(' | ')).default('permutation'))
    .option('--column <column...>', 'pdp: the columns to sweep (default every numeric or categorical column the model takes)')
    .option('--row <n...>', 'shap: rows (from 0) to explain besides the sample')
    .option('--class <label>', "a classifier's class whose probability is explained (default: binary, the second; multiclass, the most often top-ranked)")
    .option('--repeats <n>', 'permutation: shuffles per column (default 5)')
    .option('--grid <n>', 'pdp: grid points per numeric column (default 20)')
    .option('--background <k>', 'shap: k-means background rows (default 10)')
    .option('--samples <n>', 'shap: coalitions per row (default 2 x columns + 2048)')
    .option('--max-rows <n>', 'rows sampled from the dataset version (default permutation 1000, pdp 500, shap 50)')
    .action(async (model: string, o: ExplainOptions) => {
      const request: ExplainRequest = {
        ...modelJobFields(model, o),
        method: choiceArg(o.method, EXPLAIN_METHODS, 'method'),
        columns: o.column,
        rows: o.row?.map((r) => intArg(r, 'row')),
        className: o.class,
        repeats: optionalInt(o.repeats, 'repeats'),
        grid: optionalInt(o.grid, 'grid'),
        background: optionalInt(o.background, 'background'),
        samples: optionalInt(o.samples, 'samples'),
        maxRows: optionalInt(o.maxRows, 'max-rows'),
      };
      const { report, body } = await runEvaluationJob(shared, o.project, { kind: 'model.explain', start: (s) => s.call('models.explain', request) }, 'explanation');
      print(io, !!o.json, report, () => humanExplanation(report, body));
    });

  addModelJobOptions(program.command('fairness <model>').description('group fairness of a classifier on a dataset version; stored as an evaluation; exit 1 when a --threshold fails'))
    .requiredOption('--sensitive <column>', 'the column whose groups are compared')
    .option('--positive <label>', 'the favourable label (default: the second of the two sorted labels)')
    .option('--threshold <NAME=X>', 'fail when a disparity exceeds X (a ratio: falls below X), repeatable, e.g. demographic_parity_difference=0.1', (v: string, all: string[] = []) => [...all, v])
    .option('--resamples <n>', 'bootstrap resamples for the intervals (default 1000)')
    .option('--missing <how>', 'rows without a sensitive value: group (their own group, the default) | exclude')
    .action(async (model: string, o: FairnessOptions) => {
      const request: FairnessRequest = {
        ...modelJobFields(model, o),
        target: o.target,
        sensitive: o.sensitive,
        positive: o.positive,
        thresholds: o.threshold === undefined ? undefined : thresholdsArg(o.threshold),
        resamples: optionalInt(o.resamples, 'resamples'),
        missing: o.missing === undefined ? undefined : choiceArg(o.missing, ['group', 'exclude'] as const, 'missing'),
      };
      const { report, body } = await runEvaluationJob(shared, o.project, { kind: 'model.fairness', start: (s) => s.call('models.fairness', request) }, 'fairness');
      print(io, !!o.json, report, () => humanFairness(report, body));
      const failed = body.report.checks.filter((c) => c.pass === false);
      if (failed.length > 0) {
        if (o.json) io.err(`FAIRNESS_THRESHOLD: ${failed.map((c) => `${c.metric} ${num(c.value)} ${c.direction === 'max' ? '>' : '<'} ${c.threshold}`).join('; ')}`);
        setExit(1);
      }
    });
}
