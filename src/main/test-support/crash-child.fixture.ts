// Child process for the crash tests: opens a project, starts a long job, reports when it runs, then waits to be killed.
import { isJobKind } from '../../shared/jobs';
import { Workbench } from '../app';

const [projectDir, kind, inputJson] = process.argv.slice(2);
if (!isJobKind(kind)) throw new Error(`crash child: no job kind '${kind}'`);
const app = new Workbench({ appVersion: 'test', host: 'cli', dataDir: `${projectDir}-data`, trackRecent: false });
await app.openProject(projectDir);
const jobs = app.requireProject().jobs;
app.events.listen((e) => {
  if (e.event === 'job.updated' && e.payload.state === 'running' && e.payload.fraction > 0.05) process.stdout.write(`RUNNING ${e.payload.fraction}\n`);
});
jobs.submit(kind, 'crash test', JSON.parse(inputJson));
setInterval(() => undefined, 1000);
