// What the commands that run a model evaluation job share (model bench, model compare, explain, fairness): running
// the job to the report it stored, the --input and --provider flags (which score takes too), and how an estimate with
// its interval is printed.
import { Option } from 'commander';
import type { EvaluationBody, EvaluationReport } from '../../shared/evaluations';
import { fail } from '../../shared/errors';
import { PROVIDER_NAMES, type ProviderName } from '../../shared/models';
import { parseInputOptions } from '../models/input-mapping';
import { choiceArg, intArg } from './args';
import type { CliShared } from './options';
import { followJob, type CliSession } from './session';

type EvaluationJobKind = 'model.bench' | 'model.compare' | 'model.explain' | 'model.fairness';
type BodyOf<K extends EvaluationBody['kind']> = Extract<EvaluationBody, { kind: K }>;

const isKind = <K extends EvaluationBody['kind']>(body: EvaluationBody, kind: K): body is BodyOf<K> => body.kind === kind;

/** Queues the job with `start`, follows it to the end, and reads back the evaluation it stored, which must be a `kind`. */
export async function runEvaluationJob<K extends EvaluationBody['kind']>(
  { io, withProject }: CliShared,
  project: string,
  job: { kind: EvaluationJobKind; start: (s: CliSession) => Promise<{ jobId: string }> },
  kind: K,
): Promise<{ report: EvaluationReport; body: BodyOf<K> }> {
  const report = await withProject(project, async (s) => {
    const summary = await followJob(s, (await job.start(s)).jobId, job.kind, io);
    return s.call('evaluations.get', { id: summary.id });
  });
  const body = report.body;
  if (!isKind(body, kind)) fail('INTERNAL', `Evaluation ${report.id} is a ${body.kind} report.`);
  return { report, body };
}

export const optionalInt = (value: string | undefined, field: string): number | undefined => (value === undefined ? undefined : intArg(value, field));
export const optionalProvider = (value: string | undefined): ProviderName | undefined => (value === undefined ? undefined : choiceArg(value, PROVIDER_NAMES, 'provider'));
export const optionalInputs = (specs: string[] | undefined): Record<string, string[]> | undefined => (specs === undefined ? undefined : parseInputOptions(specs));

const repeated = (v: string, all: string[] = []): string[] => [...all, v];
export const inputOption = (): Option => new Option('--input <NAME=COL,...>', 'feed model input NAME from these columns, repeatable').argParser(repeated);

export const num = (x: number | null): string => (x === null ? '' : x.toPrecision(4));
/** an estimate as `value [low, high]`, or the value alone where there is no interval */
export const withInterval = (e: { value: number | null; low: number | null; high: number | null }): string =>
  e.value === null ? '' : e.low === null || e.high === null ? num(e.value) : `${num(e.value)} [${num(e.low)}, ${num(e.high)}]`;
