// The CLI host: `airlock <command>` for scripts and pipelines. Every command goes through the same API contract
// and handlers as the UI; with --json it prints one JSON document on stdout; a failure is one line on stderr, exit 1.
// Each domain's commands live in their own module; adding a domain is one module and one line in `commandModules`.
import { Command, CommanderError } from 'commander';
import { formatAppError, toAppError } from '../../shared/errors';
import { guardNetwork } from '../host/network-guard';
import { register as auditCommands } from './audit-commands';
import { register as datasetCommands } from './dataset-commands';
import { register as experimentCommands } from './experiment-commands';
import { register as explainCommands } from './explain-commands';
import { register as jobsCommands } from './jobs-commands';
import { register as lineageCommands } from './lineage-commands';
import { register as mlflowCommands } from './mlflow-commands';
import { register as modelCommands } from './model-commands';
import { register as monitoringCommands } from './monitoring-commands';
import type { CliShared, RegisterCommands } from './options';
import { register as projectCommands } from './project-commands';
import { register as providerCommands } from './provider-commands';
import { register as requirementClassCommands } from './requirement-class-commands';
import { register as requirementCommands } from './requirement-commands';
import { register as scoreCommands } from './score-commands';
import { register as serveCommand } from './serve-command';
import { appVersion, CliSession, type Io } from './session';
import { register as traceCommands } from './trace-commands';
import { register as userCommands } from './user-commands';

/** In the order `airlock --help` lists them. */
const commandModules: RegisterCommands[] = [
  projectCommands,
  datasetCommands,
  experimentCommands,
  monitoringCommands,
  modelCommands,
  scoreCommands,
  explainCommands,
  mlflowCommands,
  jobsCommands,
  lineageCommands,
  auditCommands,
  userCommands,
  providerCommands,
  serveCommand,
  requirementCommands,
  requirementClassCommands,
  traceCommands,
];

export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('airlock')
    .description('Airlock: offline ML workbench. Every command works on a project folder.')
    .version(appVersion)
    .option('--data-dir <dir>', 'folder for recent projects, uploads and the sample project (default ~/.airlock)')
    // the program's own options only before the command: `train --version 1` is then train's unknown option, not
    // the program's --version printing 0.1.0 and exiting 0 as if the training had run
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });

  const session = (options: { trackRecent?: boolean } = {}): CliSession =>
    new CliSession({ dataDir: program.opts<{ dataDir?: string }>().dataDir, trackRecent: options.trackRecent });
  const shared: CliShared = {
    io,
    setExit,
    session,
    withProject: async (project, fn) => {
      const s = session();
      try {
        await s.open(project);
        return await fn(s);
      } finally {
        await s.close();
      }
    },
  };
  for (const register of commandModules) register(program, shared);
  return program;
}

/** Runs one command line; every command runs behind the network guard. Returns the exit code. */
export async function runCli(argv: string[], io: Io = { out: (t) => console.log(t), err: (t) => console.error(t) }): Promise<number> {
  guardNetwork();
  let code = 0;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    io.err(`airlock: ${formatAppError(toAppError(e))}`);
    return 1;
  }
}
