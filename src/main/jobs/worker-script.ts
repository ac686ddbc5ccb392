// Where the job worker's and the job process's code lives: beside the built bundle, or as TypeScript source run
// through tsx (CLI, unit tests and benchmarks run the services from source); and the flags both inherit.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface ProcessScript {
  file: string;
  execArgv: string[];
}

const fromSource = (): boolean => import.meta.url.endsWith('.ts');

/** The built entry `name` (one of electron.vite.config.ts's main inputs) beside this module's bundle, or null. */
export function builtIfPresent(name: string): URL | null {
  // The bundler may place this module in out/main/ or in out/main/chunks/; the entries sit in out/main/.
  for (const candidate of [`./${name}.js`, `../${name}.js`]) {
    const url = new URL(candidate, import.meta.url);
    if (fs.existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

/** The built entry `name`; a missing one is a broken install. */
export function built(name: string): URL {
  const url = builtIfPresent(name);
  if (!url) throw new Error(`${name} bundle missing beside ${fileURLToPath(import.meta.url)}`);
  return url;
}

/**
 * The worker-thread entry. Start it without an execArgv option: the thread then inherits the parent's flags and runs
 * its --import preloads, so a preload such as a network recorder reaches it too (an explicit [] dropped them). From
 * source, `--import tsx` does not take effect inside a thread, so a preload that threads must run is plain .mjs that
 * registers tsx itself (see src/main/test-support/commit-pause.preload.mjs).
 */
export function workerScript(): URL {
  return fromSource() ? new URL('./job-worker-from-source.mjs', import.meta.url) : built('job-worker');
}

/** The child-process entry, with the parent's flags passed through (and tsx when running from source). */
export function processScript(): ProcessScript {
  const inherited = process.execArgv;
  if (!fromSource()) return { file: fileURLToPath(built('job-process')), execArgv: inherited };
  const hasTsx = inherited.some((a, i) => a === 'tsx' && inherited[i - 1] === '--import');
  // tsx first, so that an inherited .ts preload can load; named by its full URL, since a bare 'tsx' is looked up from
  // the working folder, and a CLI run from any other folder then lost every process job
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file: fileURLToPath(new URL('./job-process.ts', import.meta.url)), execArgv: hasTsx ? inherited : ['--import', tsx, ...inherited] };
}

/**
 * A worker that exceeds its heap is stopped with ERR_WORKER_OUT_OF_MEMORY instead of taking the whole app down,
 * which is what V8 does to the process when a worker without limits runs out.
 */
export function workerResourceLimits(): { maxOldGenerationSizeMb: number } {
  return { maxOldGenerationSizeMb: Math.max(512, Math.min(16_384, Math.floor((os.totalmem() / 2 ** 20) * 0.5))) };
}
