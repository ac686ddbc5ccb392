// The machine a benchmark ran on, stored with its figures: latency means little without the CPU, the memory, the
// runtime versions and which providers worked (and why the others did not).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { MachineDescription } from '../../../shared/evaluations';
import type { ProviderStatus } from '../../../shared/models';

/** NVIDIA's kernel driver names each GPU in /proc (Linux): read where present, so no tool needs to be run. */
export function nvidiaGpuNames(root = '/proc/driver/nvidia/gpus'): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return [];
  }
  return entries.flatMap((bus) => {
    try {
      const model = /^Model:\s*(.+)$/m.exec(fs.readFileSync(path.join(root, bus, 'information'), 'utf8'))?.[1]?.trim();
      return model ? [model] : [];
    } catch {
      return [];
    }
  });
}

export function describeMachine(statuses: readonly ProviderStatus[], gpus: readonly string[] = nvidiaGpuNames()): MachineDescription {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.versions.node,
    onnxruntime: ort.env.versions.common,
    providers: statuses.map((s) => {
      // the adapter matters only where a GPU provider ran; an unavailable one keeps the reason it failed
      const detail = s.available ? (s.name !== 'cpu' && gpus.length > 0 ? gpus.join(', ') : undefined) : s.reason;
      return detail === undefined ? { name: s.name, available: s.available } : { name: s.name, available: s.available, detail };
    }),
  };
}
