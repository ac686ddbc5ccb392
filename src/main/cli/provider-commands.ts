// `airlock providers`: the onnxruntime execution providers this machine can run models on, and why each other one
// cannot. It needs no project: it tries each provider with a tiny model in a child process of its own.
import type { Command } from 'commander';
import { detectProviders } from '../models/execution-providers';
import { jsonOption, type CliShared } from './options';
import { print } from './session';
import { table } from './table';

export function register(program: Command, { io }: CliShared): void {
  program
    .command('providers')
    .description('execution providers (cpu, webgpu, cuda) available on this machine, and why each other one is not')
    .addOption(jsonOption())
    .action(async (o: { json?: boolean }) => {
      const providers = await detectProviders();
      print(io, !!o.json, { providers }, () => table(providers.map((p) => [p.name, p.available ? 'available' : 'unavailable', p.reason])));
    });
}
