// What every command module shares: the session factory and the option declarations used by more than one command
// (--project, --json, and the training options of `train` and `study`), so each is declared once.
import { Option, type Command } from 'commander';
import type { TrainRequestInput } from '../../shared/experiment-requests';
import { modelKinds } from '../../shared/model-catalog';
import { choiceArg, datasetSpec, intArg, keyValues } from './args';
import type { CliSession, Io } from './session';

/** Handed to each command module's register(). */
export interface CliShared {
  io: Io;
  /** the exit code when a command succeeded but must report a finding (verify-log on a broken chain) */
  setExit(code: number): void;
  /** a session on the data folder named by --data-dir */
  session(options?: { trackRecent?: boolean }): CliSession;
  /** opens the project, runs fn, and closes the project whatever happened */
  withProject<T>(project: string, fn: (s: CliSession) => Promise<T>): Promise<T>;
}

/** A command module: adds its commands to the program. */
export type RegisterCommands = (program: Command, shared: CliShared) => void;

export interface ProjectOptions {
  project: string;
  json?: boolean;
}

export const projectOption = (): Option => new Option('--project <dir>', 'project folder').makeOptionMandatory();
export const jsonOption = (): Option => new Option('--json', 'print JSON');

/** The options `train` and `study` share, as commander parses them. */
export interface TrainOptions extends ProjectOptions {
  dataset: string;
  target: string;
  model: string;
  param?: string[];
  seed: string;
  experiment: string;
}

/** Adds --project and the dataset/target/model/params/seed/experiment options of a training request. */
export function addTrainOptions(command: Command): Command {
  return command
    .addOption(projectOption())
    .requiredOption('--dataset <name[@version]>', 'dataset, latest version unless @VERSION is given')
    .requiredOption('--target <column>', 'column to predict')
    .requiredOption('--model <kind>', modelKinds.join(' | '))
    .option('--param <key=value...>', 'hyperparameter, repeatable (e.g. --param C=0.5); a study keeps it fixed')
    .option('--seed <n>', 'random seed', '42')
    .option('--experiment <name>', 'experiment to file the run under', 'Default');
}

/** The training request those options describe. */
export function trainRequestFrom(o: TrainOptions): TrainRequestInput {
  return {
    ...datasetSpec(o.dataset),
    target: o.target,
    model: choiceArg(o.model, modelKinds, 'model'),
    params: keyValues(o.param ?? []),
    seed: intArg(o.seed, 'seed'),
    experiment: o.experiment,
  };
}
