// `airlock score`: a dataset version scored by a model version into a new dataset version. (Stub: the scoring slice fills it in.)
import type { Command } from 'commander';
import type { CliShared } from './options';

export function register(_program: Command, _shared: CliShared): void {}
