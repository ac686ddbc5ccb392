#!/usr/bin/env node
// Runs every benchmark in turn (`npm run bench`, `npm run bench -- --quick`); arguments go to each bench.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['import/run.mjs', 'train/run.mjs', 'text/run.mjs', 'mlp/run.mjs', 'runs/run.mjs', 'drift/run.mjs', 'inference/run.mjs', 'requirements/run.mjs', 'trace/run.mjs', 'trace/suggest-precision.mjs'];

let failed = 0;
for (const name of BENCHES) {
  console.log(`\n== bench: ${name} ==`);
  const script = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const res = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
