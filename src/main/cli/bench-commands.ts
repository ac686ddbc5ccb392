// `airlock model bench` and `airlock model compare`: latency and throughput per provider and batch size, and
// champion vs challenger on one dataset version. (Stub: the benchmark slice fills it in.)
import type { Command } from 'commander';
import type { CliShared } from './options';

export function registerBenchCommands(_model: Command, _shared: CliShared): void {}
