// `airlock explain` and `airlock fairness`: explanations and group fairness of a model version on a dataset version. (Stub: the explanation slice fills it in.)
import type { Command } from 'commander';
import type { CliShared } from './options';

export function register(_program: Command, _shared: CliShared): void {}
