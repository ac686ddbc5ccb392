// Where the job worker's code lives: beside the built bundle, or as TypeScript source run through tsx
// (CLI, unit tests and benchmarks run the services from source).
import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

export interface WorkerScript {
  file: URL;
  execArgv: string[];
}

export function workerScript(): WorkerScript {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { file: new URL('./job-worker-from-source.mjs', here), execArgv: [] };
  // The bundler may place this module in out/main/ or in out/main/chunks/; the worker entry sits in out/main/.
  for (const candidate of ['./job-worker.js', '../job-worker.js']) {
    const built = new URL(candidate, here);
    if (fs.existsSync(fileURLToPath(built))) return { file: built, execArgv: [] };
  }
  throw new Error(`job worker bundle missing beside ${fileURLToPath(here)}`);
}

/**
 * A worker that exceeds its heap is stopped with ERR_WORKER_OUT_OF_MEMORY instead of taking the whole app down,
 * which is what V8 does to the process when a worker without limits runs out.
 */
export function workerResourceLimits(): { maxOldGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: Math.max(512, Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.5))) };
}
