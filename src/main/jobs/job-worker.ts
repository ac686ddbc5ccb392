// Entry of every job worker thread: installs the network guard, loads the parent's --import preloads, runs the job.
import { parentPort, workerData } from 'node:worker_threads';
import { guardNetwork } from '../host/network-guard';
import type { WorkerMessage, WorkerStart } from './protocol';
import { importPreloads } from './worker-script';

guardNetwork();
const port = parentPort!;
await importPreloads(process.execArgv);
const { runJob } = await import('./job-runtime');
await runJob(workerData as WorkerStart, (m: WorkerMessage) => port.postMessage(m));
