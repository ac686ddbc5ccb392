// What every benchmark records about the machine it ran on, and how it writes its result file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The machine, with the 1-minute load average before the run (the machine is shared, so figures depend on it). */
export function machineInfo(loadBefore) {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAvg1mBefore: loadBefore,
  };
}

/**
 * Where results go: bench/results/, or the folder in AIRLOCK_BENCH_RESULTS (set by `bench/run.mjs --results-dir`), so a
 * trial run of every bench need not overwrite the committed figures of benches other people own.
 */
export function resultsDir(root) {
  return process.env.AIRLOCK_BENCH_RESULTS ? path.resolve(process.env.AIRLOCK_BENCH_RESULTS) : path.join(root, 'bench', 'results');
}

/** Writes <results>/<bench>.json (full runs) or <bench>-<label>.json, via a temp file and a rename. */
export function writeResult(root, bench, label, result) {
  const out = path.join(resultsDir(root), label === 'full' ? `${bench}.json` : `${bench}-${label}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  fs.renameSync(`${out}.tmp`, out);
  console.log(`wrote ${path.relative(root, out)}`);
}
