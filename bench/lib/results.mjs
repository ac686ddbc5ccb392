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

/** Writes bench/results/<bench>.json (full runs) or <bench>-<label>.json, via a temp file and a rename. */
export function writeResult(root, bench, label, result) {
  const out = path.join(root, 'bench', 'results', label === 'full' ? `${bench}.json` : `${bench}-${label}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(`${out}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  fs.renameSync(`${out}.tmp`, out);
  console.log(`wrote ${path.relative(root, out)}`);
}
