// What a run records about where it ran: app and library versions, OS, CPU, and the seed.
import os from 'node:os';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string | null {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return null;
  }
}

export function runEnvironment(appVersion: string, seed: number): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    app: appVersion,
    node: process.versions.node,
    electron: process.versions.electron ?? null,
    onnxruntime: packageVersion('onnxruntime-node'),
    sqlite: packageVersion('better-sqlite3'),
    os: `${os.type()} ${os.release()}`,
    arch: os.arch(),
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    gpu: null,
    seed,
  };
}
