// Test support, a preload for a CLI process under test: once the command has run and the process is about to exit,
// tries every network API from the main thread and writes the report to AIRLOCK_NET_PROBE_REPORT. Load it after
// net-recorder.mjs; it needs tsx registered by then (bin/airlock.mjs does that).
import fs from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const reportFile = process.env.AIRLOCK_NET_PROBE_REPORT;
// Taken out of the environment, so the job threads and processes the command starts do not probe too.
delete process.env.AIRLOCK_NET_PROBE_REPORT;

if (isMainThread && reportFile) {
  process.once('beforeExit', async () => {
    const { tryEveryNetworkApi } = await import('./network-probes.ts');
    fs.writeFileSync(reportFile, JSON.stringify(await tryEveryNetworkApi()));
  });
}
