// Where the job worker's code lives: beside the built bundle, or as TypeScript source run through tsx
// (CLI, unit tests and benchmarks run the services from source).
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface WorkerScript {
  file: URL;
  execArgv: string[];
}

export function workerScript(): WorkerScript {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { file: new URL('./job-worker-from-source.mjs', here), execArgv: [] };
  const built = new URL('./job-worker.js', here);
  if (!fs.existsSync(fileURLToPath(built))) throw new Error(`job worker bundle missing at ${fileURLToPath(built)}`);
  return { file: built, execArgv: [] };
}
