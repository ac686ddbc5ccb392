// `airlock trace ...`: traceability from the command line. The `trace` command is made here; each part of it
// (links, matrix and coverage, impact, criteria, suggestions, clauses) adds its subcommands from its own module.
import type { Command } from 'commander';
import type { CliShared } from './options';
import { register as clauseCommands } from './trace-clause-commands';
import { register as criteriaCommands } from './trace-criteria-commands';
import { register as impactCommands } from './trace-impact-commands';
import { register as linkCommands } from './trace-link-commands';
import { register as matrixCommands } from './trace-matrix-commands';
import { register as suggestCommands } from './trace-suggest-commands';

/** Adds subcommands to the `trace` command. */
export type RegisterTraceCommands = (trace: Command, shared: CliShared) => void;

export function register(program: Command, shared: CliShared): void {
  const trace = program.command('trace').description('traceability: links, the matrix, coverage, impact, acceptance criteria, suggestions, clauses');
  for (const add of [linkCommands, matrixCommands, impactCommands, criteriaCommands, suggestCommands, clauseCommands]) add(trace, shared);
}
