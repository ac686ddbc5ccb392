// Child process for the network guard's proof test: runs one network-probe job through the real job runner (so in a
// real job worker thread or job child process) and prints the finished job as JSON. This process installs no guard
// itself: the job's own entry must.
import { Workbench } from '../app';

const [projectDir, kind] = process.argv.slice(2);
if (kind !== 'test.network' && kind !== 'test.network-process') throw new Error(`not a network probe kind: ${kind}`);
const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: `${projectDir}-data`, trackRecent: false });
await app.openProject(projectDir);
const jobs = app.requireProject().jobs;
const job = jobs.submit(kind, 'network probe', {});
process.stdout.write(`${JSON.stringify(await jobs.wait(job.id, 60_000))}\n`);
await app.closeProject();
