// Test support, a preload for a CLI process under test: once the command has run and the process is about to exit,
// tries every network API from the main thread and writes the report to AIRLOCK_NET_PROBE_REPORT. Load it after
// net-recorder.mjs. It registers tsx for its own TypeScript import: bin/airlock.mjs runs the built CLI when out/ is fresh.
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const reportFile = process.env.AIRLOCK_NET_PROBE_REPORT;
// Taken out of the environment, so the job threads and processes the command starts do not probe too.
delete process.env.AIRLOCK_NET_PROBE_REPORT;

if (isMainThread && reportFile) {
  process.once('beforeExit', async () => {
    const { register } = await import('tsx/esm/api');
    register();
    const { tryEveryNetworkApi } = await import('./network-probes.ts');
    fs.writeFileSync(reportFile, JSON.stringify(await tryEveryNetworkApi()));
  });
}
