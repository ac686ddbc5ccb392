#!/usr/bin/env node
// Runs every benchmark in turn (`npm run bench`, `npm run bench -- --quick`); arguments go to each bench.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCHES = ['import', 'train', 'text', 'runs', 'drift', 'inference', 'requirements'];

let failed = 0;
for (const name of BENCHES) {
  console.log(`\n== bench: ${name} ==`);
  const script = fileURLToPath(new URL(`./${name}/run.mjs`, import.meta.url));
  const res = spawnSync(process.execPath, [script, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
