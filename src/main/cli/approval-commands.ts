// `airlock model approve` and `airlock verify-approvals`: signed four-eyes approvals that move a model alias.
// (Stub: the approvals slice fills it in.)
import type { Command } from 'commander';
import type { CliShared } from './options';

export function registerApprovalCommands(_model: Command, _program: Command, _shared: CliShared): void {}
